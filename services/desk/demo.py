# ruff: noqa: E501  (the catalogue below is data, one item to a few lines)
"""The demo service desk: the "5 categories, 40 items" catalogue and a few hundred requests in
every state.

Like the registry demo, it draws from a seeded random generator, creates only what is missing,
and files and moves every request through the real actions (with their times set in the past),
so the history, due times and figures are the product's own.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone

from licang.registry.demo import GIVEN, ONE_STOP_ID_NUMBER, SURNAMES
from licang.registry.models import Resident
from services.centers.demo import CENTERS, MODEL_CENTER
from services.centers.models import Center, Volunteer
from services.desk import actions
from services.desk.models import (
    REFERENCE_ALPHABET,
    ServiceCategory,
    ServiceItem,
    ServiceQuestion,
    ServiceRequest,
)

SEED = 20260102


# Requests are filed in the six months before the registry demo's reference date.
# Requests span the half year before the day the demo is loaded, so that a fresh demo shows a
# living queue (recent open requests, a few overdue) rather than one frozen at a past date. The
# draws are seeded: every load builds the same requests, only shifted in time.
REQUESTS_SPAN_DAYS = 183


REQUESTS_PER_CENTER = 20


# fmt: off
# The desk catalogue of the demo: "5 categories, 40 items".
# category: code, name, English name, description
CATEGORIES: list[tuple[str, str, str, str]] = [
    ("home", "居家维修", "Home repairs", "换灯管、修水龙头、通下水道等家中小修小补，师傅上门。"),
    ("health", "健康医疗", "Health and medical care", "代约挂号、家庭医生、陪诊和上门护理，看病少跑腿。"),
    ("elder", "养老助残", "Elderly and disability care", "助餐、助浴、适老化改造和上门照护，让老人在家安心养老。"),
    ("affairs", "政务代办", "Paperwork and payments", "社保、医保、证明材料和缴费，在家门口办、帮您代办。"),
    ("family", "托育与邻里", "Children, family and neighbours", "临时托育、四点半课堂、活动室和志愿服务，邻里互助。"),
]


# item: code, name, English name, description, what to bring, fee, fee note, target working days,
#       needs address, keywords, questions [(code, prompt, datatype, required, help, choices)]
ITEMS: dict[str, list[tuple[Any, ...]]] = {
    "home": [
        ("JX01", "更换灯管灯泡", "Replace light tubes and bulbs",
         "维修师傅上门更换日光灯管、灯泡、吸顶灯灯盘，检查开关线路。", "", "0", "灯管灯泡按实际材料费收取", 1, True,
         "灯,灯管,灯泡,照明",
         [("lamp", "灯具类型", "singlevaluelist", True, "",
           [("tube", "日光灯管"), ("ceiling", "吸顶灯"), ("downlight", "筒灯/射灯"), ("other", "其他")]),
          ("count", "需要更换几处", "number", False, "填写数字，例如 2", [])]),
        ("JX02", "水龙头阀门维修", "Tap and valve repair",
         "水龙头滴漏、角阀损坏、软管老化的维修更换。", "", "20", "配件另计", 1, True, "水龙头,漏水,阀门", []),
        ("JX03", "下水道疏通", "Drain unblocking",
         "厨房、卫生间下水道和地漏堵塞疏通。", "", "50", "", 1, True, "下水道,堵塞,疏通,地漏",
         [("place", "堵塞位置", "singlevaluelist", True, "",
           [("kitchen", "厨房"), ("toilet", "卫生间马桶"), ("floor", "地漏"), ("basin", "洗手盆")])]),
        ("JX04", "开关插座维修", "Switch and socket repair",
         "开关、插座损坏或松动的维修更换，排查跳闸原因。", "", "20", "开关插座按实际材料费收取", 1, True, "插座,开关,跳闸,电", []),
        ("JX05", "家电清洗", "Appliance cleaning",
         "空调、油烟机、洗衣机的深度清洗消毒。", "", "80", "每台", 3, True, "空调,油烟机,洗衣机,清洗",
         [("appliances", "需要清洗的电器", "multivaluelist", True, "可多选",
           [("ac", "空调"), ("hood", "油烟机"), ("washer", "洗衣机"), ("fridge", "冰箱")])]),
        ("JX06", "门锁更换", "Door lock replacement",
         "入户门、室内门锁具更换，锁芯升级。", "身份证，房产证或租赁合同（核实居住关系）", "60", "锁具另计", 1, True,
         "门锁,锁芯,换锁", []),
        ("JX07", "纱窗安装更换", "Window screen fitting",
         "纱窗、纱门的测量、安装和更换。", "", "40", "每扇", 3, True, "纱窗,纱门,蚊虫", []),
        ("JX08", "磨刀配钥匙修鞋", "Knife sharpening, keys and shoe repair",
         "便民摊点：磨刀剪、配钥匙、修鞋补鞋，现场办理。", "需要处理的刀具、钥匙或鞋", "5", "起", 0, False,
         "磨刀,配钥匙,修鞋", []),
    ],
    "health": [
        ("YL01", "代约医院挂号", "Hospital appointment booking",
         "为老人、行动不便居民代约青岛市各大医院门诊号，并提醒就诊。", "身份证，医保卡", "0", "", 1, False,
         "挂号,预约,医院,门诊",
         [("hospital", "医院", "singlevaluelist", True, "",
           [("shili", "青岛市市立医院"), ("qdfy", "青岛大学附属医院"), ("dibayuan", "青岛市第八人民医院"),
            ("licang", "李沧区中心医院"), ("other", "其他医院")]),
          ("department", "科室", "string", True, "例如：心内科、眼科", []),
          ("date", "希望就诊日期", "datetime", False, "例如 2026-03-02 09:00", [])]),
        ("YL02", "家庭医生签约", "Family doctor contract",
         "与社区卫生服务中心的家庭医生团队签约，享受健康管理和优先转诊。", "身份证，医保卡", "0", "", 3, False,
         "家庭医生,签约,慢病", []),
        ("YL03", "血压血糖测量", "Blood pressure and sugar check",
         "免费测量血压、血糖，建立测量记录。", "", "0", "", 0, False, "血压,血糖,测量,体检", []),
        ("YL04", "慢病药品代购代取", "Chronic illness prescriptions fetched",
         "为高血压、糖尿病等慢病患者代取长期处方药品。", "医保卡，病历本或处方", "0", "药费按医保结算", 2, False,
         "取药,慢病,处方", []),
        ("YL05", "陪诊服务", "Accompanied hospital visit",
         "专业陪诊员陪同就医：挂号、缴费、取药、检查全程陪同。", "身份证，医保卡，既往病历", "60", "每半天", 2, False,
         "陪诊,陪同就医,看病",
         [("when", "就诊时间", "datetime", True, "例如 2026-03-02 08:00", []),
          ("hospital", "就诊医院", "string", True, "", [])]),
        ("YL06", "上门护理预约", "Home nursing",
         "护士上门换药、导尿护理、注射、压疮护理。", "医生处方或医嘱", "50", "每次，耗材另计", 2, True,
         "护理,换药,上门,注射", []),
        ("YL07", "康复辅具租借", "Wheelchair and walking aid loan",
         "轮椅、助行器、拐杖、护理床免费租借。", "身份证", "0", "押金200元，归还时退还", 1, False,
         "轮椅,助行器,拐杖,护理床,租借",
         [("aid", "辅具", "singlevaluelist", True, "",
           [("wheelchair", "轮椅"), ("walker", "助行器"), ("crutch", "拐杖"), ("bed", "护理床")])]),
        ("YL08", "健康档案查询打印", "Health record printout",
         "查询、打印居民电子健康档案和体检报告。", "身份证", "0", "", 1, False, "健康档案,体检报告", []),
    ],
    "elder": [
        ("YZ01", "老年助餐登记", "Meal service registration",
         "登记老年食堂助餐，60岁以上老人享受用餐补贴，行动不便者可送餐上门。", "身份证，户口本", "0",
         "餐费按助餐标准收取", 1, False, "助餐,食堂,送餐,老人",
         [("delivery", "是否需要送餐上门", "singlevaluelist", True, "",
           [("no", "到店用餐"), ("yes", "送餐上门")])]),
        ("YZ02", "助浴服务预约", "Bathing help",
         "专业助浴员上门或到中心助浴间为失能、半失能老人助浴。", "", "30", "每次", 3, True, "助浴,洗澡,失能", []),
        ("YZ03", "适老化改造评估", "Home adaptation assessment",
         "上门评估并申请扶手、防滑地面、坐便椅等适老化改造补贴。", "身份证，房产证或租赁合同", "0", "", 5, True,
         "适老化,改造,扶手,防滑", []),
        ("YZ04", "紧急呼叫设备安装", "Emergency call device",
         "为独居、高龄老人安装一键呼叫、烟感和燃气报警设备。", "身份证", "0", "", 5, True,
         "一键呼叫,报警,独居", []),
        ("YZ05", "高龄津贴申领", "Old-age allowance application",
         "80周岁以上老人高龄津贴申领和年审。", "身份证，户口本，本人银行卡", "0", "", 5, False, "高龄津贴,补贴,80岁", []),
        ("YZ06", "上门探访陪伴", "Visits and companionship",
         "志愿者定期上门探访独居老人，聊天陪伴、读报、协助联系家人。", "", "0", "", 3, True,
         "探访,陪伴,独居老人,志愿者", []),
        ("YZ07", "残疾人证申办代办", "Disability certificate application",
         "协助申办、换领残疾人证，预约评残。", "身份证，户口本，近期2寸免冠照片3张，医院诊断证明", "0", "", 10,
         False, "残疾人证,评残", []),
        ("YZ08", "居家养老上门服务", "Home care",
         "护理员上门提供清洁、做饭、洗衣、代购等居家照护。", "", "35", "每小时，符合条件者政府补贴", 2, True,
         "居家养老,上门,保洁,做饭",
         [("hours", "每次服务时长（小时）", "number", True, "", [])]),
    ],
    "affairs": [
        ("ZW01", "社保卡补换代办", "Social security card replacement",
         "社保卡丢失补办、损坏换卡，代为提交和领取。", "身份证，近期1寸白底照片", "0", "", 10, False,
         "社保卡,补办,换卡", []),
        ("ZW02", "医保参保登记", "Health insurance enrolment",
         "城乡居民医保参保登记和缴费。", "身份证，户口本", "0", "医保费按年度标准缴纳", 3, False, "医保,参保,缴费", []),
        ("ZW03", "居住证明开具", "Residence certificate",
         "开具在本社区居住的证明，用于入学、办事等。", "身份证，租赁合同或房产证", "0", "", 1, False,
         "居住证明,证明,入学",
         [("purpose", "证明用途", "string", True, "例如：子女入学", [])]),
        ("ZW04", "水电燃气缴费代办", "Utility bills paid",
         "代缴水费、电费、燃气费，打印缴费凭证。", "缴费户号或缴费卡", "0", "", 0, False, "水费,电费,燃气费,缴费", []),
        ("ZW05", "老年人优待证办理", "Senior citizen card",
         "60周岁以上老人优待证办理，享受公园、公交等优待。", "身份证，近期1寸照片", "0", "", 5, False,
         "优待证,老年卡,公交", []),
        ("ZW06", "居住证申领代办", "Residence permit application",
         "外来人员居住证申领、签注代办。", "身份证，近期1寸照片，居住证明材料", "0", "", 10, False, "居住证,签注,外来人员", []),
        ("ZW07", "独生子女父母奖励申请", "One-child parents reward",
         "符合条件的独生子女父母奖励扶助金申请。", "身份证，户口本，独生子女父母光荣证", "0", "", 10, False,
         "独生子女,奖励,计生", []),
        ("ZW08", "法律咨询预约", "Legal advice appointment",
         "预约社区法律顾问，免费咨询婚姻家庭、劳动、物业等法律问题。", "相关材料", "0", "", 3, False,
         "法律,律师,咨询,纠纷", []),
    ],
    "family": [
        ("JT01", "临时托育预约", "Short-term childcare",
         "中心托育园提供半日、全日临时托育。", "孩子的疫苗接种证，监护人身份证", "40", "每半天", 1, False,
         "托育,托管,带孩子",
         [("age", "孩子年龄（岁）", "number", True, "3岁以下", []),
          ("when", "托育时间", "datetime", True, "例如 2026-03-02 08:00", [])]),
        ("JT02", "四点半课堂报名", "After-school class",
         "小学生放学后作业辅导、兴趣课程，志愿者老师授课。", "户口本或居住证明", "0", "", 3, False,
         "四点半课堂,作业辅导,小学生",
         [("grade", "年级", "singlevaluelist", True, "",
           [("1", "一年级"), ("2", "二年级"), ("3", "三年级"), ("4", "四年级"), ("5", "五年级"), ("6", "六年级")])]),
        ("JT03", "快递代收代寄", "Parcel drop-off",
         "快递代收、代寄，行动不便者可送件上门。", "取件码或身份证", "0", "", 0, False, "快递,代收,代寄", []),
        ("JT04", "心理咨询预约", "Counselling appointment",
         "预约心理咨询师面谈，家庭关系、亲子沟通、情绪疏导。", "", "0", "", 3, False, "心理,咨询,情绪", []),
        ("JT05", "活动室预约", "Activity room booking",
         "预约多功能活动室、舞蹈室、书画室开展邻里活动。", "组织者身份证", "0", "", 2, False, "活动室,场地,预约",
         [("when", "活动时间", "datetime", True, "例如 2026-03-07 14:00", []),
          ("people", "参加人数", "number", True, "", [])]),
        ("JT06", "志愿服务对接", "Volunteering",
         "报名成为志愿者，或为邻里需求对接志愿服务。", "身份证", "0", "", 5, False, "志愿者,志愿服务,公益", []),
        ("JT07", "老人免费理发", "Free haircut for seniors",
         "70周岁以上老人每月一次免费理发，行动不便者可上门。", "身份证", "0", "", 2, False, "理发,老人,上门", []),
        ("JT08", "家政服务对接", "Housekeeping referral",
         "对接诚信家政企业：保洁、保姆、月嫂、育儿嫂。", "", "0", "服务费与家政企业约定", 3, False,
         "家政,保洁,保姆,月嫂", []),
    ],
}


# The catalogue's texts in English, by their Chinese: descriptions, what to bring, fee notes,
# questions, their help and their choices (the categories' and items' names are in the tables).
ENGLISH: dict[str, str] = {
    "换灯管、修水龙头、通下水道等家中小修小补，师傅上门。": "Small repairs at home — light tubes, taps, blocked drains — by a handyman who comes to you.",
    "代约挂号、家庭医生、陪诊和上门护理，看病少跑腿。": "Hospital appointments, family doctors, accompanied visits and home nursing: fewer trips when you are ill.",
    "助餐、助浴、适老化改造和上门照护，让老人在家安心养老。": "Meals, bathing help, home adaptations and home care, so that older people can age safely at home.",
    "社保、医保、证明材料和缴费，在家门口办、帮您代办。": "Social security, health insurance, certificates and payments: done next door, or done for you.",
    "临时托育、四点半课堂、活动室和志愿服务，邻里互助。": "Short-term childcare, after-school classes, activity rooms and volunteering: neighbours helping neighbours.",
    "维修师傅上门更换日光灯管、灯泡、吸顶灯灯盘，检查开关线路。": "A handyman replaces fluorescent tubes, bulbs and ceiling-light panels at your home and checks the switch wiring.",
    "灯管灯泡按实际材料费收取": "Tubes and bulbs are charged at cost",
    "灯具类型": "Type of light",
    "日光灯管": "Fluorescent tube",
    "吸顶灯": "Ceiling light",
    "筒灯/射灯": "Downlight or spotlight",
    "其他": "Other",
    "需要更换几处": "How many to replace",
    "填写数字，例如 2": "A number, e.g. 2",
    "水龙头滴漏、角阀损坏、软管老化的维修更换。": "Dripping taps, broken angle valves and worn hoses repaired or replaced.",
    "配件另计": "Parts extra",
    "厨房、卫生间下水道和地漏堵塞疏通。": "Blocked kitchen and bathroom drains and floor drains cleared.",
    "堵塞位置": "Where is the blockage",
    "厨房": "Kitchen",
    "卫生间马桶": "Toilet",
    "地漏": "Floor drain",
    "洗手盆": "Washbasin",
    "开关、插座损坏或松动的维修更换，排查跳闸原因。": "Broken or loose switches and sockets repaired or replaced; the cause of tripping found.",
    "开关插座按实际材料费收取": "Switches and sockets are charged at cost",
    "空调、油烟机、洗衣机的深度清洗消毒。": "Deep cleaning and disinfection of air conditioners, range hoods and washing machines.",
    "每台": "Per appliance",
    "需要清洗的电器": "Appliances to clean",
    "可多选": "Choose one or more",
    "空调": "Air conditioner",
    "油烟机": "Range hood",
    "洗衣机": "Washing machine",
    "冰箱": "Refrigerator",
    "入户门、室内门锁具更换，锁芯升级。": "Locks of front and inside doors replaced; lock cylinders upgraded.",
    "身份证，房产证或租赁合同（核实居住关系）": "ID card; property certificate or tenancy agreement (to confirm you live there)",
    "锁具另计": "Locks extra",
    "纱窗、纱门的测量、安装和更换。": "Window and door screens measured, fitted and replaced.",
    "每扇": "Per screen",
    "便民摊点：磨刀剪、配钥匙、修鞋补鞋，现场办理。": "A stall at the center: knives and scissors sharpened, keys cut, shoes mended while you wait.",
    "需要处理的刀具、钥匙或鞋": "The knives, keys or shoes",
    "起": "and up",
    "为老人、行动不便居民代约青岛市各大医院门诊号，并提醒就诊。": "Outpatient appointments at Qingdao's hospitals booked for older residents and those with limited mobility, with a reminder before the visit.",
    "身份证，医保卡": "ID card, medical insurance card",
    "医院": "Hospital",
    "青岛市市立医院": "Qingdao Municipal Hospital",
    "青岛大学附属医院": "Affiliated Hospital of Qingdao University",
    "青岛市第八人民医院": "Qingdao Eighth People's Hospital",
    "李沧区中心医院": "Licang District Central Hospital",
    "其他医院": "Another hospital",
    "科室": "Department",
    "例如：心内科、眼科": "e.g. cardiology, ophthalmology",
    "希望就诊日期": "Preferred date",
    "例如 2026-03-02 09:00": "e.g. 2026-03-02 09:00",
    "与社区卫生服务中心的家庭医生团队签约，享受健康管理和优先转诊。": "A contract with the family doctor team of the community health center: health management and priority referrals.",
    "免费测量血压、血糖，建立测量记录。": "Blood pressure and blood sugar measured free of charge, with a record of the readings.",
    "为高血压、糖尿病等慢病患者代取长期处方药品。": "Long-term prescriptions fetched for people with chronic illnesses such as hypertension and diabetes.",
    "医保卡，病历本或处方": "Medical insurance card; medical record book or prescription",
    "药费按医保结算": "Medicines are settled through medical insurance",
    "专业陪诊员陪同就医：挂号、缴费、取药、检查全程陪同。": "A trained companion goes with you to hospital: registration, payment, medicines and examinations.",
    "身份证，医保卡，既往病历": "ID card, medical insurance card, earlier medical records",
    "每半天": "Per half day",
    "就诊时间": "Time of the visit",
    "例如 2026-03-02 08:00": "e.g. 2026-03-02 08:00",
    "就诊医院": "Hospital",
    "护士上门换药、导尿护理、注射、压疮护理。": "A nurse comes to change dressings, care for catheters, give injections and treat pressure sores.",
    "医生处方或医嘱": "A doctor's prescription or orders",
    "每次，耗材另计": "Per visit, supplies extra",
    "轮椅、助行器、拐杖、护理床免费租借。": "Wheelchairs, walkers, crutches and nursing beds lent free of charge.",
    "身份证": "ID card",
    "押金200元，归还时退还": "Deposit of 200 yuan, returned with the aid",
    "辅具": "Aid",
    "轮椅": "Wheelchair",
    "助行器": "Walker",
    "拐杖": "Crutches",
    "护理床": "Nursing bed",
    "查询、打印居民电子健康档案和体检报告。": "Residents' electronic health records and check-up reports looked up and printed.",
    "登记老年食堂助餐，60岁以上老人享受用餐补贴，行动不便者可送餐上门。": "Registration for the seniors' canteen: residents over 60 eat at a subsidised price, and meals are delivered to those with limited mobility.",
    "身份证，户口本": "ID card, household register",
    "餐费按助餐标准收取": "Meals at the canteen's subsidised price",
    "是否需要送餐上门": "Do you need meals delivered",
    "到店用餐": "I eat at the canteen",
    "送餐上门": "Deliver to my home",
    "专业助浴员上门或到中心助浴间为失能、半失能老人助浴。": "Trained carers help older people who cannot bathe alone, at home or in the center's bathing room.",
    "每次": "Per time",
    "上门评估并申请扶手、防滑地面、坐便椅等适老化改造补贴。": "A home visit to assess and apply for subsidised adaptations: handrails, non-slip floors, commode chairs.",
    "身份证，房产证或租赁合同": "ID card; property certificate or tenancy agreement",
    "为独居、高龄老人安装一键呼叫、烟感和燃气报警设备。": "One-button emergency calls, smoke detectors and gas alarms installed for older people living alone.",
    "80周岁以上老人高龄津贴申领和年审。": "Application and yearly review of the allowance for residents aged 80 and over.",
    "身份证，户口本，本人银行卡": "ID card, household register, your own bank card",
    "志愿者定期上门探访独居老人，聊天陪伴、读报、协助联系家人。": "Volunteers visit older people living alone: a chat, the newspaper read aloud, help to reach family.",
    "协助申办、换领残疾人证，预约评残。": "Help to apply for or renew a disability certificate, and to book the disability assessment.",
    "身份证，户口本，近期2寸免冠照片3张，医院诊断证明": "ID card, household register, three recent 2-inch photos, a hospital diagnosis",
    "护理员上门提供清洁、做饭、洗衣、代购等居家照护。": "Carers come to clean, cook, do the laundry and the shopping.",
    "每小时，符合条件者政府补贴": "Per hour, subsidised for those who qualify",
    "每次服务时长（小时）": "Hours per visit",
    "社保卡丢失补办、损坏换卡，代为提交和领取。": "Lost or damaged social security cards replaced: we apply and collect the card for you.",
    "身份证，近期1寸白底照片": "ID card, a recent 1-inch photo on a white background",
    "城乡居民医保参保登记和缴费。": "Enrolment and payment in the urban and rural residents' health insurance.",
    "医保费按年度标准缴纳": "Contributions at the year's rate",
    "开具在本社区居住的证明，用于入学、办事等。": "A certificate that you live in the community, for school enrolment and other procedures.",
    "身份证，租赁合同或房产证": "ID card; tenancy agreement or property certificate",
    "证明用途": "What is the certificate for",
    "例如：子女入学": "e.g. a child's school enrolment",
    "代缴水费、电费、燃气费，打印缴费凭证。": "Water, electricity and gas bills paid for you, with a printed receipt.",
    "缴费户号或缴费卡": "Account number or payment card",
    "60周岁以上老人优待证办理，享受公园、公交等优待。": "The senior citizen card for residents aged 60 and over: reduced fares on buses, free entry to parks.",
    "身份证，近期1寸照片": "ID card, a recent 1-inch photo",
    "外来人员居住证申领、签注代办。": "Residence permits applied for and renewed for residents from elsewhere.",
    "身份证，近期1寸照片，居住证明材料": "ID card, a recent 1-inch photo, proof of residence",
    "符合条件的独生子女父母奖励扶助金申请。": "Application for the reward paid to eligible parents of an only child.",
    "身份证，户口本，独生子女父母光荣证": "ID card, household register, the only-child parents' certificate",
    "预约社区法律顾问，免费咨询婚姻家庭、劳动、物业等法律问题。": "An appointment with the community's legal adviser: free advice on family, work, property management and other legal questions.",
    "相关材料": "Papers about the matter",
    "中心托育园提供半日、全日临时托育。": "The center's nursery looks after children for half a day or a whole day.",
    "孩子的疫苗接种证，监护人身份证": "The child's vaccination record, the guardian's ID card",
    "孩子年龄（岁）": "Child's age (years)",
    "3岁以下": "Under 3",
    "托育时间": "When",
    "小学生放学后作业辅导、兴趣课程，志愿者老师授课。": "Homework help and activities after school for primary pupils, taught by volunteer teachers.",
    "户口本或居住证明": "Household register or proof of residence",
    "年级": "Grade",
    "一年级": "Grade 1",
    "二年级": "Grade 2",
    "三年级": "Grade 3",
    "四年级": "Grade 4",
    "五年级": "Grade 5",
    "六年级": "Grade 6",
    "快递代收、代寄，行动不便者可送件上门。": "Parcels received and sent for you; delivered to your door if you have limited mobility.",
    "取件码或身份证": "Pick-up code or ID card",
    "预约心理咨询师面谈，家庭关系、亲子沟通、情绪疏导。": "An appointment with a counsellor: family relationships, talking with children, difficult feelings.",
    "预约多功能活动室、舞蹈室、书画室开展邻里活动。": "The multi-purpose room, dance studio or painting and calligraphy room booked for neighbourhood activities.",
    "组织者身份证": "The organiser's ID card",
    "活动时间": "When",
    "例如 2026-03-07 14:00": "e.g. 2026-03-07 14:00",
    "参加人数": "Number of people",
    "报名成为志愿者，或为邻里需求对接志愿服务。": "Sign up as a volunteer, or find volunteers for a neighbour's need.",
    "70周岁以上老人每月一次免费理发，行动不便者可上门。": "A free haircut a month for residents aged 70 and over, at home for those with limited mobility.",
    "对接诚信家政企业：保洁、保姆、月嫂、育儿嫂。": "Referral to trustworthy housekeeping companies: cleaners, nannies, maternity and childcare nurses.",
    "服务费与家政企业约定": "Fees agreed with the company",
}  # fmt: skip


def load_catalogue(centers: list[Center]) -> list[ServiceItem]:
    rng = random.Random(SEED)
    for order, (code, name, name_en, description) in enumerate(CATEGORIES, start=1):
        category = ServiceCategory.objects.filter(code=code).first()
        if category is None:
            category = actions.service_category_save(
                category=ServiceCategory(
                    code=code,
                    name_zh_hans=name,
                    name_en=name_en,
                    description_zh_hans=description,
                    description_en=ENGLISH[description],
                    sort_order=order,
                )
            )
        for position, (item_code, item_name, item_en, text, bring, fee, fee_note, days, home,
                       keywords, questions) in enumerate(ITEMS[code], start=1):  # fmt: skip
            # every center offers most of the catalogue; the model center offers all of it
            offered_at = [c for c in centers if c.slug == MODEL_CENTER or rng.random() < 0.8]
            if ServiceItem.objects.filter(code=item_code).exists():
                continue
            item = actions.service_item_save(
                item=ServiceItem(
                    category=category,
                    code=item_code,
                    name_zh_hans=item_name,
                    name_en=item_en,
                    description_zh_hans=text,
                    description_en=ENGLISH[text],
                    what_to_bring_zh_hans=bring,
                    what_to_bring_en=ENGLISH.get(bring, ""),
                    fee=Decimal(fee),
                    fee_note_zh_hans=fee_note,
                    fee_note_en=ENGLISH.get(fee_note, ""),
                    target_working_days=days,
                    needs_address=home,
                    keywords=keywords,
                    sort_order=position,
                ),
                centers=offered_at,
            )
            for number, (q_code, prompt, datatype, required, help_text, choices) in enumerate(
                questions, start=1
            ):
                actions.service_question_save(
                    question=ServiceQuestion(
                        item=item,
                        code=q_code,
                        prompt_zh_hans=prompt,
                        prompt_en=ENGLISH[prompt],
                        datatype=datatype,
                        required=required,
                        help_text_zh_hans=help_text,
                        help_text_en=ENGLISH.get(help_text, ""),
                        order=number,
                        choices_zh_hans=[{"key": k, "name": n} for k, n in choices],
                        choices_en=[{"key": k, "name": ENGLISH[n]} for k, n in choices],
                    )
                )
    translate_catalogue()
    return list(ServiceItem.objects.for_listing().filter(code__in=_item_codes()))


def _english_missing(record: Any, fields: list[str]) -> bool:
    """Fill the English of ``fields`` that ``record`` lacks from ``ENGLISH``; whether any was."""
    filled = False
    for field in fields:
        chinese = getattr(record, f"{field}_zh_hans") or ""
        if chinese in ENGLISH and not getattr(record, f"{field}_en"):
            setattr(record, f"{field}_en", ENGLISH[chinese])
            filled = True
    return filled


def translate_catalogue() -> None:
    """Give a demo catalogue loaded before its texts were translated the English it lacks."""
    for category in ServiceCategory.objects.filter(code__in=[c[0] for c in CATEGORIES]):
        if _english_missing(category, ["description"]):
            actions.service_category_save(category=category)
    items = ServiceItem.objects.filter(code__in=_item_codes()).prefetch_related("questions")
    for item in items:
        if _english_missing(item, ["description", "what_to_bring", "fee_note"]):
            actions.service_item_save(item=item)
        for question in item.questions.all():
            filled = _english_missing(question, ["prompt", "help_text"])
            if question.choices_zh_hans and not question.choices_en:
                question.choices_en = [
                    {"key": c["key"], "name": ENGLISH.get(c["name"], c["name"])}
                    for c in question.choices_zh_hans
                ]
                filled = True
            if filled:
                actions.service_question_save(question=question)


def _item_codes() -> list[str]:
    return [item[0] for items in ITEMS.values() for item in items]


def _answers(item: ServiceItem, rng: random.Random, on: datetime.date) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in item.questions.all():
        keys = [str(c["key"]) for c in question.choices]
        datatype = question.datatype
        if datatype == ServiceQuestion.Datatype.SINGLE:
            answers[question.code] = rng.choice(keys)
        elif datatype == ServiceQuestion.Datatype.MULTIPLE:
            answers[question.code] = rng.sample(keys, rng.randint(1, 2))
        elif datatype == ServiceQuestion.Datatype.NUMBER:
            answers[question.code] = str(rng.randint(1, 3))
        elif datatype == ServiceQuestion.Datatype.DATETIME:
            answers[question.code] = f"{on + datetime.timedelta(days=rng.randint(2, 9))}T09:00"
        else:
            answers[question.code] = rng.choice(
                ["心内科", "子女入学", "青岛市市立医院东院", "眼科"]
            )
    return answers


DESCRIPTIONS = [
    "家里老人行动不便，麻烦尽快安排。",
    "工作日白天家里有人，请提前电话联系。",
    "第二次来问了，希望这次能办好。",
    "",
    "",
    "邻居介绍过来的，谢谢。",
]


REJECT_REASONS = ["不符合申请条件：需年满80周岁。", "材料不全，请补充户口本后重新申请。"]


CANCEL_REASONS = ["居民来电：问题已自行解决。", "居民外出，暂不需要。"]


COMMENTS = [
    "师傅很专业，准时上门。",
    "办得很快，谢谢！",
    "态度很好。",
    "",
    "时间稍长，但结果满意。",
]


def load_requests(centers: list[Center], items: list[ServiceItem]) -> int:
    if ServiceRequest.objects.filter(center__in=centers).exists():
        return 0
    rng = random.Random(SEED)
    User = get_user_model()
    center_staff = User.objects.get(username="center_staff")
    district_admin = User.objects.get(username="district_admin")
    tz = timezone.get_default_timezone()
    now = timezone.now()
    until = timezone.localdate() - datetime.timedelta(days=1)
    span = REQUESTS_SPAN_DAYS
    created = 0
    channels = ["desk", "desk", "desk", "web", "web", "phone", "phone"]
    for center in centers:
        if not center.accepts_requests:
            continue
        offered = [i for i in items if any(c.pk == center.pk for c in i.centers.all())]
        residents = list(
            Resident.objects.filter(community__centers=center).exclude(phone="").order_by("pk")[:60]
        )
        volunteers = list(center.volunteers.order_by("pk"))
        staff = center_staff if center.slug == MODEL_CENTER else district_admin
        for number in range(REQUESTS_PER_CENTER):
            # the last few requests of each center are recent and still open
            recent = number >= REQUESTS_PER_CENTER - 6
            day = until - datetime.timedelta(
                days=rng.randint(0, 6) if recent else rng.randint(7, span)
            )
            at = datetime.datetime.combine(
                day, datetime.time(rng.randint(8, 19), rng.choice([0, 15, 30, 45])), tzinfo=tz
            )
            item = rng.choice(offered)
            resident = rng.choice(residents) if residents and rng.random() < 0.6 else None
            walk_in_name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
            walk_in_phone = f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}"
            reference_chars = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))
            request = actions.request_submit(
                center=center,
                item=item,
                resident=resident,
                name="" if resident else walk_in_name,
                phone="" if resident else walk_in_phone,
                channel=rng.choice(channels),
                description=rng.choice(DESCRIPTIONS),
                answers=_answers(item, rng, day),
                address=f"{rng.choice(center.communities.all()).name}{rng.randint(1, 30)}号楼"
                f"{rng.randint(1, 3)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}户"
                if item.needs_address
                else "",
                submitted_by=None if rng.random() < 0.3 else staff,
                at=at,
                reference=f"LJ-{reference_chars[:4]}-{reference_chars[4:]}",
            )
            created += 1
            target = _target(recent, rng)
            if center.slug == MODEL_CENTER and recent:
                target = MODEL_CENTER_RECENT[number - (REQUESTS_PER_CENTER - 6)]
            _advance(request, target=target, staff=staff, volunteers=volunteers, rng=rng, now=now)
    return created


# Where the recent requests of the model center end up: one in every state, so the demo queue
# shows each of them whatever the random draws.
MODEL_CENTER_RECENT = ["submitted", "accepted", "in_progress", "completed", "rejected", "cancelled"]


def _target(recent: bool, rng: random.Random) -> str:
    """Where a demo request ends: old ones mostly done, recent ones part of the way."""
    outcome = rng.random()
    if outcome > 0.94:
        return "cancelled"
    if outcome > 0.90:
        return "rejected"
    if recent:
        return rng.choice(["submitted", "submitted", "accepted", "in_progress", "completed"])
    return "completed"


def _advance(
    request: ServiceRequest,
    *,
    target: str,
    staff: Any,
    volunteers: list[Volunteer],
    rng: random.Random,
    now: datetime.datetime,
) -> None:
    """Move a demo request to ``target`` through the actions, at plausible times, none after
    ``now`` (the demo holds no future timestamps: a move drawn later than that happens halfway
    between the previous one and now instead, so the request still reaches its state)."""

    def by_now(moment: datetime.datetime, previous: datetime.datetime) -> datetime.datetime:
        return moment if moment <= now else previous + (now - previous) / 2

    at = request.submitted_at
    step = datetime.timedelta(hours=rng.randint(1, 20))
    if target == "submitted":
        return
    if target == "cancelled":
        actions.request_cancel(
            service_request=request,
            actor=None,
            reason=rng.choice(CANCEL_REASONS),
            at=by_now(at + step, at),
        )
        return
    if target == "rejected":
        actions.request_reject(
            service_request=request,
            actor=staff,
            reason=rng.choice(REJECT_REASONS),
            at=by_now(at + step, at),
        )
        return
    at = by_now(at + step, at)
    request = actions.request_accept(service_request=request, actor=staff, at=at)
    if volunteers and rng.random() < 0.5:
        request = actions.request_assign(
            service_request=request, actor=staff, volunteer=rng.choice(volunteers), at=at
        )
    elif staff.username == "center_staff":
        request = actions.request_assign(service_request=request, actor=staff, staff=staff, at=at)
    if target == "accepted":
        return
    at = by_now(at + datetime.timedelta(hours=rng.randint(1, 30)), at)
    request = actions.request_start(service_request=request, actor=staff, at=at)
    if target == "in_progress":
        return
    # most are done within target, some late
    late = rng.random() < 0.15
    done = (
        request.due_at + datetime.timedelta(hours=rng.randint(2, 72))
        if late
        else min(at + datetime.timedelta(hours=rng.randint(2, 48)), request.due_at)
    )
    done = by_now(max(done, at + datetime.timedelta(minutes=30)), at)
    request = actions.request_complete(
        service_request=request, actor=staff, note="已办结，已电话回访。", at=done
    )
    verdict = rng.random()
    later = by_now(done + step, done)
    if verdict < 0.08:
        request = actions.request_reopen(
            service_request=request, comment="师傅走后又漏水了，问题没有解决。", at=later
        )
    elif verdict < 0.7:
        actions.request_rate(
            service_request=request,
            rating=rng.choices([5, 4, 3, 2], weights=[60, 25, 10, 5])[0],
            comment=rng.choice(COMMENTS),
            at=later,
        )


# The one-stop resident's requests at the 李村河畔 center: a tap mended last month, a hospital
# appointment being booked now (item code, days before the load, where it ends).
ONE_STOP_CENTER = "licun-hepan"
ONE_STOP_REQUESTS = [("JX02", 35, "completed"), ("YL01", 2, "accepted")]


def load_one_stop_requests(centers: list[Center], items: list[ServiceItem]) -> int:
    """The requests of the registry demo's one-stop resident (``ONE_STOP_ID_NUMBER``)."""
    resident = Resident.objects.filter(id_number=ONE_STOP_ID_NUMBER).first()
    center = next((c for c in centers if c.slug == ONE_STOP_CENTER), None)
    if resident is None or center is None or resident.service_requests.exists():
        return 0
    rng = random.Random(SEED + 1)
    staff = get_user_model().objects.get(username="district_admin")
    tz = timezone.get_default_timezone()
    now = timezone.now()
    by_code = {item.code: item for item in items}
    for code, days_before, target in ONE_STOP_REQUESTS:
        item = by_code[code]
        day = timezone.localdate() - datetime.timedelta(days=days_before)
        reference_chars = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))
        request = actions.request_submit(
            center=center,
            item=item,
            resident=resident,
            name="",
            phone="",
            channel="desk",
            description=rng.choice(DESCRIPTIONS),
            answers=_answers(item, rng, day),
            address=resident.household.address if item.needs_address and resident.household else "",
            submitted_by=staff,
            at=datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=tz),
            reference=f"LJ-{reference_chars[:4]}-{reference_chars[4:]}",
        )
        _advance(request, target=target, staff=staff, volunteers=[], rng=rng, now=now)
    return len(ONE_STOP_REQUESTS)


def load(out: TextIO) -> None:
    centers = list(Center.objects.filter(slug__in=[c[0] for c in CENTERS]).order_by("pk"))
    items = load_catalogue(centers)
    created = load_requests(centers, items)
    created += load_one_stop_requests(centers, items)
    out.write(
        f"  {ServiceCategory.objects.count()} categories, "
        f"{len(items)} service items, {ServiceRequest.objects.count()} requests ({created} new)"
    )
