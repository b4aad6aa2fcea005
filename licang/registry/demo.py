"""The demo registry: communities, households, a few thousand residents and staff of each role,
then the service desk (``services.demo_desk``): centers, catalogue, volunteers and requests.

Everything is drawn from a seeded random generator against a fixed reference date, so every run
builds the same district; rows that exist already are left alone, so running it again changes
nothing.
"""

import datetime
import random
from decimal import Decimal
from typing import Any, TextIO

from django.contrib.auth import get_user_model

from licang.idnumber import check_character
from licang.registry import actions, demo_imports
from licang.registry.models import Community, Household, Resident, StaffProfile, Subdistrict

SEED = 20260101
REFERENCE_DATE = datetime.date(2026, 1, 1)
RESIDENT_COUNT = 3000
DEMO_PASSWORD = "licang-demo-2026"

COMMUNITIES = {
    "licun": ["李村社区", "东李社区", "西大村社区", "杨哥庄社区", "南庄社区", "书院社区"],
    "hushanlu": ["虎山路社区", "北山社区", "上流佳苑社区", "东山社区", "君峰路社区"],
    "fushanlu": ["浮山路社区", "金水社区", "翠湖社区", "南王社区"],
    "zhenhualu": ["振华路社区", "四流中路社区", "沧安路社区", "永平路社区"],
    "yongqinglu": ["永清路社区", "南岭社区", "西流庄社区", "文昌路社区"],
    "yonganlu": ["永安路社区", "安顺路社区", "卧龙社区", "大崂路社区"],
    "xinghualu": ["兴华路社区", "兴城路社区", "合肥路社区", "曲哥庄社区"],
    "xiangtanlu": ["湘潭路社区", "东南山社区", "青峰路社区", "坊子街社区"],
    "loushan": ["楼山后社区", "沧口社区", "四流北路社区", "石家社区"],
    "jiushui": ["九水路社区", "刘家下河社区", "庄子社区", "王家下河社区", "大枣园社区"],
    "shiyuan": ["上臧社区", "毕家上流社区", "晓翁村社区", "于家下河社区", "石沟社区"],
}

# The communities' English names: pinyin, with 路 as Road.
COMMUNITIES_EN = {
    "李村社区": "Licun Community",
    "东李社区": "Dongli Community",
    "西大村社区": "Xidacun Community",
    "杨哥庄社区": "Yanggezhuang Community",
    "南庄社区": "Nanzhuang Community",
    "书院社区": "Shuyuan Community",
    "虎山路社区": "Hushan Road Community",
    "北山社区": "Beishan Community",
    "上流佳苑社区": "Shangliu Jiayuan Community",
    "东山社区": "Dongshan Community",
    "君峰路社区": "Junfeng Road Community",
    "浮山路社区": "Fushan Road Community",
    "金水社区": "Jinshui Community",
    "翠湖社区": "Cuihu Community",
    "南王社区": "Nanwang Community",
    "振华路社区": "Zhenhua Road Community",
    "四流中路社区": "Siliu Middle Road Community",
    "沧安路社区": "Cang'an Road Community",
    "永平路社区": "Yongping Road Community",
    "永清路社区": "Yongqing Road Community",
    "南岭社区": "Nanling Community",
    "西流庄社区": "Xiliuzhuang Community",
    "文昌路社区": "Wenchang Road Community",
    "永安路社区": "Yong'an Road Community",
    "安顺路社区": "Anshun Road Community",
    "卧龙社区": "Wolong Community",
    "大崂路社区": "Dalao Road Community",
    "兴华路社区": "Xinghua Road Community",
    "兴城路社区": "Xingcheng Road Community",
    "合肥路社区": "Hefei Road Community",
    "曲哥庄社区": "Qugezhuang Community",
    "湘潭路社区": "Xiangtan Road Community",
    "东南山社区": "Dongnanshan Community",
    "青峰路社区": "Qingfeng Road Community",
    "坊子街社区": "Fangzi Street Community",
    "楼山后社区": "Loushanhou Community",
    "沧口社区": "Cangkou Community",
    "四流北路社区": "Siliu North Road Community",
    "石家社区": "Shijia Community",
    "九水路社区": "Jiushui Road Community",
    "刘家下河社区": "Liujia Xiahe Community",
    "庄子社区": "Zhuangzi Community",
    "王家下河社区": "Wangjia Xiahe Community",
    "大枣园社区": "Dazaoyuan Community",
    "上臧社区": "Shangzang Community",
    "毕家上流社区": "Bijia Shangliu Community",
    "晓翁村社区": "Xiaowengcun Community",
    "于家下河社区": "Yujia Xiahe Community",
    "石沟社区": "Shigou Community",
}

# Approximate coordinates of each subdistrict's centre, for placing its communities.
SUBDISTRICT_COORDINATES = {
    "licun": (36.1600, 120.4330),
    "hushanlu": (36.1530, 120.4410),
    "fushanlu": (36.1340, 120.4070),
    "zhenhualu": (36.1640, 120.3860),
    "yongqinglu": (36.1700, 120.3950),
    "yonganlu": (36.1620, 120.3760),
    "xinghualu": (36.1770, 120.3830),
    "xiangtanlu": (36.1730, 120.4200),
    "loushan": (36.1960, 120.3800),
    "jiushui": (36.1720, 120.4530),
    "shiyuan": (36.1900, 120.4750),
}

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢"
    "蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵"
    "孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰凤云海波宁浩"
    "宇欣怡晨阳俊峰雪梅琳婷鑫晶慧颖子涵雨萱梓轩佳琪"
)
# Where ID numbers were first issued: mostly Licang, also elsewhere in Qingdao and beyond.
REGIONS = [
    ("370213", 70),
    ("370202", 6),
    ("370203", 6),
    ("370212", 4),
    ("370281", 4),
    ("371302", 3),
    ("370783", 3),
    ("410102", 2),
    ("230103", 2),
]
PHONE_PREFIXES = ["138", "139", "150", "151", "158", "186", "187", "135", "136", "177", "188"]

STAFF = [
    # username, name, role, subdistrict code, superuser
    ("admin", "系统管理员", StaffProfile.Role.DISTRICT_ADMIN, None, True),
    ("district_admin", "区级管理员", StaffProfile.Role.DISTRICT_ADMIN, None, False),
    ("licun_staff", "李村街道工作人员", StaffProfile.Role.SUBDISTRICT_STAFF, "licun", False),
    ("jiushui_staff", "九水街道工作人员", StaffProfile.Role.SUBDISTRICT_STAFF, "jiushui", False),
    ("health_staff", "卫健项目工作人员", StaffProfile.Role.HEALTH_STAFF, None, False),
    ("housing_staff", "住房项目工作人员", StaffProfile.Role.HOUSING_STAFF, None, False),
]


# The one-stop demo resident: 张三 of 杨哥庄社区 (李村), whom every program's demo serves (a
# request, a visit and a need, meals, a health check, a certificate case), so that the resident
# page shows them all; search for "zs", "zhangsan" or "7788" finds him. His wife lives with him.
ONE_STOP_COMMUNITY = "杨哥庄社区"
ONE_STOP_HOUSEHOLD = "LICUN-90001"
ONE_STOP_ID_NUMBER = "370213195604180014"
ONE_STOP_FAMILY = [
    # name, ID number, phone
    ("张三", ONE_STOP_ID_NUMBER, "13853207788"),
    ("李桂兰", "37021319590902002X", "13953208899"),
]


def _age_years(rng: random.Random) -> int:
    band = rng.random()
    if band < 0.15:
        return rng.randint(0, 17)
    if band < 0.80:
        return rng.randint(18, 59)
    if band < 0.85:
        return rng.randint(60, 64)
    if band < 0.96:
        return rng.randint(65, 79)
    return rng.randint(80, 98)


def _id_number(rng: random.Random, region: str, birth: datetime.date, male: bool) -> str:
    sequence = rng.randint(0, 99) * 10 + rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


def load_communities() -> list[Community]:
    for code, names in COMMUNITIES.items():
        subdistrict = Subdistrict.objects.get(code=code)
        lat, lng = SUBDISTRICT_COORDINATES[code]
        for index, name in enumerate(names):
            found = Community.objects.filter(subdistrict=subdistrict, name_zh_hans=name).first()
            if found is None:
                actions.community_save(
                    community=Community(
                        subdistrict=subdistrict,
                        name_zh_hans=name,
                        name_en=COMMUNITIES_EN[name],
                        latitude=Decimal(f"{lat + 0.004 * (index % 3 - 1):.6f}"),
                        longitude=Decimal(f"{lng + 0.005 * (index // 3 - 0.5):.6f}"),
                    )
                )
            elif not found.name_en:  # a demo loaded before the names were translated
                found.name_en = COMMUNITIES_EN[name]
                actions.community_save(community=found)
    return list(
        Community.objects.select_related("subdistrict").order_by("subdistrict__sort_order", "name")
    )


def load_residents(communities: list[Community]) -> int:
    rng = random.Random(SEED)
    regions = [code for code, weight in REGIONS for _ in range(weight)]
    seen: set[str] = set()
    residents: list[Resident] = []
    households: dict[tuple[int, str], Household] = {
        (h.community_id, h.number): h for h in Household.objects.all()
    }
    pending_households: list[tuple[Resident, tuple[int, str], str]] = []
    household_serial = 0
    members_left = 0
    current: tuple[Community, str, str] | None = None
    while len(residents) < RESIDENT_COUNT:
        if members_left == 0:
            community = rng.choice(communities)
            household_serial += 1
            number = f"{community.subdistrict.code.upper()}-{household_serial:05d}"
            address = (
                f"{community.name}{rng.randint(1, 40)}号楼{rng.randint(1, 4)}单元"
                f"{rng.randint(1, 18)}0{rng.randint(1, 4)}户"
            )
            current = (community, number, address)
            members_left = rng.choice([1, 1, 2, 2, 2, 3, 3, 4])
        assert current is not None
        community, number, address = current
        members_left -= 1
        age = _age_years(rng)
        birth = REFERENCE_DATE - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
        male = rng.random() < 0.49
        id_number = _id_number(rng, rng.choice(regions), birth, male)
        if id_number in seen:
            continue
        seen.add(id_number)
        registered = id_number.startswith("370213") or rng.random() < 0.35
        phone = ""
        if age >= 14 and rng.random() < 0.9:
            phone = rng.choice(PHONE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"
        resident = Resident(
            name=rng.choice(SURNAMES)
            + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2))),
            id_number=id_number,
            phone=phone,
            community=community,
            registered_in_licang=registered,
            special_family_planning=age >= 50 and rng.random() < 0.03,
            child_in_difficulty=age < 18 and rng.random() < 0.02,
            limited_mobility=age >= 70 and rng.random() < 0.12,
        )
        residents.append(resident)
        pending_households.append((resident, (community.pk, number), address))

    missing = {
        key: Household(community_id=key[0], number=key[1], address=address)
        for _resident, key, address in pending_households
        if key not in households
    }
    for household in actions.households_import(households=list(missing.values())):
        households[(household.community_id, household.number)] = household
    for resident, key, _address in pending_households:
        resident.household = households[key]
    return actions.residents_import(residents=residents).created


def load_one_stop_family() -> Resident:
    """张三 and his wife in their own household (``ONE_STOP_*``), outside the random sample."""
    community = Community.objects.get(subdistrict__code="licun", name_zh_hans=ONE_STOP_COMMUNITY)
    household = Household.objects.filter(community=community, number=ONE_STOP_HOUSEHOLD).first()
    if household is None:
        household = actions.household_save(
            household=Household(
                community=community,
                number=ONE_STOP_HOUSEHOLD,
                address=f"{ONE_STOP_COMMUNITY}12号楼2单元501户",
            )
        )
    for name, id_number, phone in ONE_STOP_FAMILY:
        if not Resident.objects.filter(id_number=id_number).exists():
            actions.resident_save(
                resident=Resident(
                    name=name,
                    id_number=id_number,
                    phone=phone,
                    community=community,
                    household=household,
                    registered_in_licang=True,
                )
            )
    return Resident.objects.get(id_number=ONE_STOP_ID_NUMBER)


def demo_staff_member(
    username: str, name: str, role: str, *, superuser: bool = False, **where: Any
) -> Any:
    """A demo account with the demo password and ``role`` (``where``: subdistrict or center)."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=name, is_staff=True, is_superuser=superuser)
        user.set_password(DEMO_PASSWORD)
        user.save()
    if not StaffProfile.objects.filter(user=user).exists():
        actions.staff_member_assign(user=user, role=role, **where)
    return user


def load_staff() -> None:
    """The district's staff; the center staff member comes with the centers' demo."""
    for username, name, role, subdistrict_code, superuser in STAFF:
        subdistrict = Subdistrict.objects.get(code=subdistrict_code) if subdistrict_code else None
        demo_staff_member(username, name, role, superuser=superuser, subdistrict=subdistrict)


def load(out: TextIO) -> None:
    communities = load_communities()
    created = load_residents(communities)
    load_one_stop_family()
    load_staff()
    out.write(
        f"  {len(communities)} communities, {Household.objects.count()} households, "
        f"{Resident.objects.count()} residents ({created} new), "
        f"{StaffProfile.objects.count()} staff (password {DEMO_PASSWORD})\n"
    )
    demo_imports.load(out)
