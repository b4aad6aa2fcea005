"""Demo centers: the nine "邻·聚" centers with their facilities, hours, exceptions and
volunteers, and the demo center staff member."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import TextIO

from django.db.models import Q

from licang.registry.demo import GIVEN, SURNAMES, demo_staff_member
from licang.registry.models import Community, Subdistrict
from licang.registry.roles import Role
from services.centers import actions
from services.centers.models import Center, Facility, OpeningException, Volunteer

SEED = 20260102  # the desk demo's seed: the volunteers stay those of earlier demos

# The model center, 上流佳苑幸福街: the demo center staff member works here.
MODEL_CENTER = "shangliu-xingfujie"


F = Facility.Kind


# slug, name, subdistrict, communities served, address, (lat, lng), m², investment (yuan),
# opened, desk phone, status, status note, facilities beyond the service desk
CENTERS = [
    (MODEL_CENTER, "上流佳苑幸福街", "hushanlu", ["上流佳苑社区", "北山社区", "虎山路社区"],
     "李沧区九水东路上流佳苑幸福街1号", (36.1553, 120.4452), "2700", "9860000", "2024-09-28",
     "0532-87651234", Center.Status.OPEN, "",
     [F.CLINIC, F.CHILDCARE, F.SUPERMARKET, F.FRESH_PRODUCE, F.TEA_ROOM, F.TAVERN, F.SNACK_BAR,
      F.BAKERY, F.HARDWARE, F.HAIR_SALON, F.BANK]),
    ("licun-hepan", "李村河畔", "licun", ["李村社区", "书院社区", "东李社区"],
     "李沧区书院路88号", (36.1612, 120.4318), "1650", "5200000", "2025-01-18",
     "0532-87652210", Center.Status.OPEN, "",
     [F.CLINIC, F.SUPERMARKET, F.TEA_ROOM, F.BAKERY, F.HAIR_SALON, F.BANK]),
    ("xiangtanlu", "湘潭路", "xiangtanlu", ["湘潭路社区", "青峰路社区", "东南山社区"],
     "李沧区湘潭路120号", (36.1738, 120.4215), "1200", "3800000", "2025-04-26",
     "0532-87653320", Center.Status.OPEN, "",
     [F.CLINIC, F.FRESH_PRODUCE, F.SNACK_BAR, F.HARDWARE, F.HAIR_SALON]),
    ("jiushui-donglu", "九水东路", "jiushui", ["九水路社区", "刘家下河社区", "庄子社区"],
     "李沧区九水东路566号", (36.1734, 120.4551), "1800", "6100000", "2025-03-29",
     "0532-87654430", Center.Status.OPEN, "",
     [F.CLINIC, F.CHILDCARE, F.SUPERMARKET, F.FRESH_PRODUCE, F.SNACK_BAR, F.HAIR_SALON]),
    ("dazaoyuan", "大枣园", "jiushui", ["大枣园社区", "王家下河社区"],
     "李沧区大枣园路35号", (36.1768, 120.4622), "1100", "3300000", "2025-06-28",
     "0532-87655540", Center.Status.TEMPORARILY_CLOSED,
     "内部升级改造，暂停对外服务，恢复开放时间另行通知；期间请到九水东路中心办理。",
     [F.SUPERMARKET, F.TEA_ROOM, F.HAIR_SALON]),
    ("shiyuan", "世园", "shiyuan", ["上臧社区", "毕家上流社区", "晓翁村社区"],
     "李沧区世园大道1号", (36.1915, 120.4786), "2100", "7400000", "2024-12-21",
     "0532-87656650", Center.Status.OPEN, "",
     [F.CLINIC, F.CHILDCARE, F.SUPERMARKET, F.TEA_ROOM, F.BAKERY, F.HARDWARE, F.BANK]),
    ("loushanhou", "楼山后", "loushan", ["楼山后社区", "沧口社区", "四流北路社区"],
     "李沧区楼山后路17号", (36.1968, 120.3812), "1500", "4600000", "2025-05-24",
     "0532-87657760", Center.Status.OPEN, "",
     [F.CLINIC, F.FRESH_PRODUCE, F.SNACK_BAR, F.HARDWARE, F.HAIR_SALON]),
    ("xinghualu", "兴华路", "xinghualu", ["兴华路社区", "兴城路社区", "合肥路社区"],
     "李沧区兴华路45号", (36.1776, 120.3841), "1350", "4100000", "2025-02-22",
     "0532-87658870", Center.Status.OPEN, "",
     [F.CLINIC, F.SUPERMARKET, F.TEA_ROOM, F.SNACK_BAR, F.BAKERY]),
    ("yongqinglu", "永清路", "yongqinglu", ["永清路社区", "西流庄社区", "文昌路社区"],
     "李沧区永清路30号", (36.1706, 120.3958), "1250", "3900000", "2025-07-26",
     "0532-87659980", Center.Status.OPEN, "",
     [F.CLINIC, F.CHILDCARE, F.FRESH_PRODUCE, F.HAIR_SALON, F.BANK]),
]  # fmt: skip


# The centers in English: slug: name, address, status note.
CENTERS_EN = {
    MODEL_CENTER: ("Shangliu Jiayuan Xingfu Street",
                   "1 Xingfu Street, Shangliu Jiayuan, Jiushui East Road, Licang District", ""),
    "licun-hepan": ("Licun Riverside", "88 Shuyuan Road, Licang District", ""),
    "xiangtanlu": ("Xiangtan Road", "120 Xiangtan Road, Licang District", ""),
    "jiushui-donglu": ("Jiushui East Road", "566 Jiushui East Road, Licang District", ""),
    "dazaoyuan": ("Dazaoyuan", "35 Dazaoyuan Road, Licang District",
                  "Closed for renovation until further notice; meanwhile, please go to the "
                  "Jiushui East Road center."),
    "shiyuan": ("Shiyuan", "1 Shiyuan Avenue, Licang District", ""),
    "loushanhou": ("Loushanhou", "17 Loushanhou Road, Licang District", ""),
    "xinghualu": ("Xinghua Road", "45 Xinghua Road, Licang District", ""),
    "yongqinglu": ("Yongqing Road", "30 Yongqing Road, Licang District", ""),
}  # fmt: skip


# kind: name pattern, phone suffix, daily hours ("" = the desk's hours), open 24 hours
FACILITIES = {
    F.SERVICE_CENTER: ("{name}便民服务中心", "", None, False),
    F.CLINIC: ("{name}社区诊所", "120", None, True),
    F.CHILDCARE: ("{name}托育园", "311", ((0, 4), "07:30", "18:00"), False),
    F.SUPERMARKET: ("邻·聚生活超市", "501", ((0, 6), "07:00", "22:00"), False),
    F.FRESH_PRODUCE: ("邻·聚生鲜", "502", ((0, 6), "06:00", "19:00"), False),
    F.TEA_ROOM: ("邻里茶室", "503", ((0, 6), "09:00", "21:00"), False),
    F.TAVERN: ("幸福小酒馆", "504", ((0, 6), "17:00", "23:30"), False),
    F.SNACK_BAR: ("风味小吃", "505", ((0, 6), "06:30", "20:30"), False),
    F.BAKERY: ("麦香烘焙坊", "506", ((0, 6), "07:00", "21:00"), False),
    F.HARDWARE: ("五金便民店", "507", ((0, 6), "08:00", "19:00"), False),
    F.HAIR_SALON: ("邻里理发室", "508", ((0, 6), "08:30", "19:00"), False),
    F.BANK: ("青岛农商银行{name}支行", "95580", ((0, 4), "09:00", "17:00"), False),
}


# The facilities' names in English, by kind ({name}: the center's English name).
FACILITIES_EN = {
    F.SERVICE_CENTER: "{name} Service Center",
    F.CLINIC: "{name} Community Clinic",
    F.CHILDCARE: "{name} Nursery",
    F.SUPERMARKET: "Linju Supermarket",
    F.FRESH_PRODUCE: "Linju Fresh Market",
    F.TEA_ROOM: "Neighbours' Tea Room",
    F.TAVERN: "Xingfu Tavern",
    F.SNACK_BAR: "Local Snacks",
    F.BAKERY: "Maixiang Bakery",
    F.HARDWARE: "Hardware Corner",
    F.HAIR_SALON: "Neighbours' Barber",
    F.BANK: "Qingdao Rural Commercial Bank, {name} Branch",
}


# The notes of the holiday exceptions in English.
NOTES_EN = {"节假日闭馆": "Closed for the public holiday", "节假日值班": "Holiday hours"}


def description_en(name_en: str, area: str) -> str:
    return (
        f"The Linju {name_en} neighbourhood center: {area} m² where the one-stop desk offers "
        "the “5 categories, 40 items” of everyday services, all within a 15-minute walk."
    )


# The desk: the model center is open every day from 8:00 to 20:00, the others keep office
# hours with a lunch break and Saturday mornings.
MODEL_DESK_HOURS = [((0, 6), "08:00", "20:00")]


DESK_HOURS = [((0, 4), "08:30", "12:00"), ((0, 4), "13:30", "17:30"), ((5, 5), "09:00", "12:00")]


# The desks close for the first days of the 2026 Spring Festival and keep short hours on the
# rest of the public holidays.
HOLIDAY_CLOSED = ["2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-10-01"]


HOLIDAY_SHORT = ["2026-02-19", "2026-02-20", "2026-10-02", "2026-10-03"]


VOLUNTEER_SKILLS = ["水电维修", "陪诊陪护", "助老探访", "作业辅导", "理发", "法律咨询", "心理疏导"]


def _time(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


def _hours(owner: Center | Facility, spec: list[tuple[tuple[int, int], str, str]]) -> None:
    actions.opening_hours_replace(
        owner=owner,
        periods=[
            (weekday, _time(opens), _time(closes))
            for (first, last), opens, closes in spec
            for weekday in range(first, last + 1)
        ],
    )


def load_centers() -> list[Center]:
    for (slug, name, subdistrict_code, community_names, address, (lat, lng), area, investment,
         opened, phone, status, note, kinds) in CENTERS:  # fmt: skip
        subdistrict = Subdistrict.objects.get(code=subdistrict_code)
        center = Center.objects.filter(slug=slug).first()
        if center is not None and center.latitude is not None:
            translate_center(center, area)  # complete already, maybe from before the English
            continue
        center = center or Center(slug=slug, name_zh_hans=name, subdistrict=subdistrict)
        center.postcode = "266100"
        center.latitude, center.longitude = Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")
        center.floor_area, center.investment = Decimal(area), Decimal(investment)
        center.opened_on = datetime.date.fromisoformat(opened)
        center.phone, center.status, center.status_note_zh_hans = phone, status, note
        center.address_zh_hans = address
        name_en, center.address_en, note_en = CENTERS_EN[slug]
        center.name_en, center.description_en = name_en, description_en(name_en, area)
        center.status_note_en = note_en
        center.description_zh_hans = (
            f"“邻·聚”{name}邻里中心，建筑面积{area}平方米，一站式办理“5大类40项”便民服务，"
            "打造一刻钟便民生活圈。"
        )
        actions.center_save(
            center=center,
            communities=Community.objects.filter(
                subdistrict=subdistrict, name_zh_hans__in=community_names
            ),
        )
        _hours(center, MODEL_DESK_HOURS if slug == MODEL_CENTER else DESK_HOURS)
        for order, kind in enumerate([F.SERVICE_CENTER, *kinds]):
            pattern, suffix, daily, all_day = FACILITIES[kind]
            facility = actions.facility_save(
                facility=Facility(
                    center=center,
                    kind=kind,
                    name_zh_hans=pattern.format(name=name),
                    name_en=FACILITIES_EN[kind].format(name=name_en),
                    phone=(phone[:-3] + suffix if len(suffix) == 3 else suffix)
                    if suffix
                    else phone,
                    open_all_day=all_day,
                    sort_order=order,
                )
            )
            if daily is not None:
                _hours(facility, [daily])
        if status == Center.Status.OPEN:
            for day in HOLIDAY_CLOSED:
                actions.opening_exception_save(
                    exception=OpeningException(
                        center=center,
                        date=datetime.date.fromisoformat(day),
                        note_zh_hans="节假日闭馆",
                        note_en=NOTES_EN["节假日闭馆"],
                    )
                )
            for day in HOLIDAY_SHORT:
                actions.opening_exception_save(
                    exception=OpeningException(
                        center=center,
                        date=datetime.date.fromisoformat(day),
                        closed=False,
                        opens=_time("09:00"),
                        closes=_time("16:00"),
                        note_zh_hans="节假日值班",
                        note_en=NOTES_EN["节假日值班"],
                    )
                )
    return list(Center.objects.filter(slug__in=[c[0] for c in CENTERS]).order_by("pk"))


def translate_center(center: Center, area: str) -> None:
    """Give a demo center, its facilities and its exceptions the English they lack."""
    name_en, address_en, note_en = CENTERS_EN[center.slug]
    if not center.name_en:
        center.name_en, center.address_en = name_en, address_en
        center.description_en = description_en(name_en, area)
        center.status_note_en = note_en if center.status_note_zh_hans else ""
        actions.center_save(center=center)
    for facility in center.facilities.filter(name_en__isnull=True).exclude(name_zh_hans=None):
        facility.name_en = FACILITIES_EN[Facility.Kind(facility.kind)].format(name=name_en)
        actions.facility_save(facility=facility)
    for exception in center.exceptions.filter(Q(note_en="") | Q(note_en__isnull=True)):
        if exception.note_zh_hans in NOTES_EN:
            exception.note_en = NOTES_EN[exception.note_zh_hans]
            actions.opening_exception_save(exception=exception)


def load_volunteers(centers: list[Center], rng: random.Random) -> None:
    for center in centers:
        if center.volunteers.exists():
            continue
        for _number in range(3):
            actions.volunteer_save(
                volunteer=Volunteer(
                    center=center,
                    name=rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2)),
                    phone=f"13{rng.randint(5, 9)}{rng.randint(0, 99_999_999):08d}",
                    skills="、".join(rng.sample(VOLUNTEER_SKILLS, 2)),
                )
            )


def load(out: TextIO) -> None:
    centers = load_centers()
    load_volunteers(centers, random.Random(SEED))
    demo_staff_member(
        "center_staff",
        "幸福街中心工作人员",
        Role.CENTER_STAFF,
        center=Center.objects.get(slug=MODEL_CENTER),
    )
    out.write(f"  {len(centers)} centers, {Volunteer.objects.count()} volunteers\n")
