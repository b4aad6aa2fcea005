# ruff: noqa: E501  (the catalogue below is data, one item to a few lines)
"""The demo desk's catalogue: the "5 categories, 40 items", each item with its questions and
offered at most centers (every one of them at the model center), and the English a catalogue
loaded before its texts were translated lacks."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from services.centers.demo import MODEL_CENTER
from services.centers.models import Center
from services.desk import actions
from services.desk.demo.english import ENGLISH
from services.desk.models import ServiceCategory, ServiceItem, ServiceQuestion

SEED = 20260102


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

# fmt: on


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
