"""The demo property-certificate program: 杨哥庄北小区 as the report tells it, and a second estate
still blocked.

杨哥庄北小区: resettlement housing on allocated land built by a former enterprise with the 杨哥庄
community, 260 homes and 30 shop units occupied since 2000; the obstacles of 22 years (missing
drawings, main structure, fire safety, sunlight analysis, planning, tax), each resolved; the
milestones from the task force (2017) through the initial registration (August 2021) to the
on-site processing week (June 2022) and the ceremony; 青岛万达达实业总公司 as the registration
agent. Most certificates are issued; a few special cases are on hold with their reasons, a few
still on their way. Cases move through the same actions as staff and the agent use, with the
times of the report (nothing after now).

东李安置小区: a second estate whose fire-safety obstacle is still open, so its initial
registration cannot be recorded; its units wait at ``not_started``.

Deterministic (seeded random numbers, fixed dates) and idempotent (each estate is built once:
an estate whose cases exist is left alone).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case as Choose
from django.db.models import Value, When

from housing import actions
from housing.models import (
    STEPS,
    Case,
    ChecklistItem,
    Estate,
    HoldReason,
    Milestone,
    Obstacle,
    ProcessingDay,
    Step,
    Unit,
    UnitOwner,
)
from licang.actions import partner_save
from licang.models import Partner
from licang.registry.models import Community, Resident

SEED = 20220613
SHANGHAI = ZoneInfo("Asia/Shanghai")
AGENT = "青岛万达达实业总公司"
CASE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

CHECKLIST = [
    ("id_card", "身份证", "ID card"),
    ("household_book", "户口簿", "Household register"),
    ("agreement", "安置协议", "Resettlement agreement"),
    ("receipts", "购房款缴款凭证", "Payment receipts"),
    ("tax_forms", "契税申报表", "Deed-tax forms"),
]

OBSTACLES = [
    # kind, agency zh/en, opened, resolved, resolution zh/en
    (
        Obstacle.Kind.MISSING_DRAWINGS,
        ("街道办事处、杨哥庄社区", "Subdistrict office and 杨哥庄 community"),
        datetime.date(2017, 3, 1),
        datetime.date(2018, 6, 30),
        (
            "图纸不全，依据现有建筑重新测绘、设计，街道与社区共同盖章承诺",
            "Drawings incomplete: surveyed and designed from the existing buildings; the "
            "subdistrict and the community stamped a joint commitment",
        ),
    ),
    (
        Obstacle.Kind.MAIN_STRUCTURE,
        ("区住房和城乡建设局", "District housing and construction bureau"),
        datetime.date(2017, 3, 1),
        datetime.date(2020, 10, 15),
        ("委托鉴定机构完成主体结构安全鉴定", "Main-structure safety appraisal completed"),
    ),
    (
        Obstacle.Kind.FIRE_SAFETY,
        ("区消防救援大队", "District fire and rescue brigade"),
        datetime.date(2017, 3, 1),
        datetime.date(2021, 3, 26),
        ("市级工作专班协调，消防验收通过", "The city task force pushed the fire approval through"),
    ),
    (
        Obstacle.Kind.SUNLIGHT,
        ("区自然资源局", "District natural resources bureau"),
        datetime.date(2017, 3, 1),
        datetime.date(2021, 4, 20),
        (
            "市级工作专班协调，日照分析审批通过",
            "The city task force pushed the sunlight approval through",
        ),
    ),
    (
        Obstacle.Kind.PLANNING,
        ("区自然资源局", "District natural resources bureau"),
        datetime.date(2021, 9, 1),
        datetime.date(2022, 4, 28),
        ("规划核实完成", "Planning verification completed"),
    ),
    (
        Obstacle.Kind.TAX,
        ("区税务局", "District tax bureau"),
        datetime.date(2021, 9, 1),
        datetime.date(2022, 5, 30),
        ("明确计税依据，税务部门进社区现场受理", "Tax basis settled; the tax bureau comes on site"),
    ),
]

MILESTONES = [
    (
        Milestone.Kind.TASK_FORCE,
        datetime.date(2017, 3, 1),
        "街道、社区成立专班，逐个部门对接",
        "Subdistrict and community task force set up",
    ),
    (
        Milestone.Kind.SURVEYS,
        datetime.date(2018, 6, 30),
        "依据现有建筑完成测绘与设计",
        "Surveys and design from the existing buildings done",
    ),
    (
        Milestone.Kind.JOINT_COMMITMENT,
        datetime.date(2019, 5, 16),
        "街道与社区共同盖章承诺",
        "Joint commitment stamped by the subdistrict and the community",
    ),
    (
        Milestone.Kind.FIRE_APPROVAL,
        datetime.date(2021, 3, 26),
        "消防审批通过",
        "Fire-safety approval",
    ),
    (
        Milestone.Kind.SUNLIGHT_APPROVAL,
        datetime.date(2021, 4, 20),
        "日照分析审批通过",
        "Sunlight approval",
    ),
    (
        Milestone.Kind.INITIAL_REGISTRATION,
        datetime.date(2021, 8, 20),
        "完成首次登记",
        "Initial registration completed",
    ),
    (
        Milestone.Kind.PROCESSING_DAY,
        datetime.date(2022, 6, 13),
        "税务局、不动产登记中心进社区现场办公一周",
        "Tax bureau and registration center on site for a week",
    ),
    (
        Milestone.Kind.CEREMONY,
        datetime.date(2022, 7, 1),
        "不动产权证集中发放仪式",
        "Certificate ceremony",
    ),
]

PROCESSING_WEEK = [datetime.date(2022, 6, 13) + datetime.timedelta(days=n) for n in range(5)]

# the special cases: (index among the units, hold reason, step it stands at, note zh)
HELD = [
    (
        7,
        HoldReason.INHERITANCE_DISPUTE,
        Step.DOCUMENTS_COMPLETE,
        "原产权人去世，继承人尚未协商一致",
    ),
    (58, HoldReason.INHERITANCE_DISPUTE, Step.NOT_STARTED, "继承公证办理中"),
    (121, HoldReason.OWNER_ABROAD, Step.TAX_PAID, "产权人旅居海外，委托手续办理中"),
    (176, HoldReason.UNPAID_BALANCE, Step.NOT_STARTED, "安置差价款尚未结清"),
    (233, HoldReason.OTHER, Step.TAX_ASSESSED, "共有人对份额有异议"),
    (271, HoldReason.UNPAID_BALANCE, Step.DOCUMENTS_COMPLETE, "商铺差价款分期缴纳中"),
]
# still on their way (index: the step they have reached)
ON_THEIR_WAY = {
    19: Step.REGISTERED,
    88: Step.REGISTERED,
    140: Step.TRANSFER_SUBMITTED,
    250: Step.TAX_PAID,
}


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def _case_number(rng: random.Random) -> str:
    return "FC" + "".join(rng.choice(CASE_ALPHABET) for _ in range(10))


def _owners(community: Community, count: int) -> list[Resident]:
    """Adults of the estate's community first, then of its subdistrict, then of the district:
    one unit each, nobody who owns a unit already."""
    nearness = Choose(
        When(community=community, then=Value(0)),
        When(community__subdistrict=community.subdistrict_id, then=Value(1)),
        default=Value(2),
    )
    return list(
        Resident.objects.filter(birth_date__lte=datetime.date(1995, 1, 1))
        .exclude(pk__in=UnitOwner.objects.values("resident_id"))
        .annotate(nearness=nearness)
        .order_by("nearness", "id_number")[:count]
    )


def _estate(**fields: Any) -> Estate:
    return actions.estate_save(estate=Estate(**fields))


def _checklist(estate: Estate) -> None:
    for order, (code, zh, en) in enumerate(CHECKLIST):
        actions.checklist_item_save(
            item=ChecklistItem(
                estate=estate, code=code, name_zh_hans=zh, name_en=en, sort_order=order
            )
        )


def _units(estate: Estate, rng: random.Random, owners: list[Resident]) -> list[Case]:
    cases = []
    addresses = [
        (str(b), str(e), f"{floor}0{door}", Unit.Kind.HOME)
        for b in range(1, 14)
        for e in (1, 2)
        for floor in range(1, 6)
        for door in (1, 2)
    ]
    addresses += [("商铺", "", f"S{n:02d}", Unit.Kind.SHOP) for n in range(1, 31)]
    for index, (building, entrance, room, kind) in enumerate(addresses):
        area = Decimal(
            rng.randint(4500, 9500) if kind == Unit.Kind.HOME else rng.randint(2000, 8000)
        )
        unit = Unit(
            estate=estate,
            building=building,
            entrance=entrance,
            room=room,
            kind=kind,
            floor_area=(area / 100).quantize(Decimal("0.01")),
        )
        owner_list: list[tuple[Resident, Decimal]] = []
        if index < len(owners):
            owner_list = [(owners[index], Decimal(100))]
        actions.unit_save(unit=unit, owners=owner_list, case_number=_case_number(rng))
        cases.append(Case.objects.select_related("unit__estate").get(unit=unit))
    return cases


def load_yanggezhuang(out: TextIO, staff: Any) -> None:
    community = Community.objects.get(name_zh_hans="杨哥庄社区")
    if Estate.objects.filter(code="yanggezhuang-north").exists():
        return
    rng = random.Random(SEED)
    agent = Partner.objects.filter(name=AGENT).first() or partner_save(
        partner=Partner(name=AGENT, kind=Partner.Kind.REGISTRATION_AGENT, contact_name="王经理")
    )
    estate = _estate(
        code="yanggezhuang-north",
        name_zh_hans="杨哥庄北小区",
        name_en="Yanggezhuang North Estate",
        community=community,
        land_type=Estate.LandType.ALLOCATED,
        builder_zh_hans="原企业与杨哥庄社区联建",
        builder_en="A former enterprise together with the 杨哥庄 community",
        year_occupied=2000,
        homes=260,
        shops=30,
        agent=agent,
        work_began_on=datetime.date(2017, 3, 1),
        description_zh_hans="划拨土地上的回迁安置房，入住22年未能办理不动产权证。",
        description_en="Resettlement housing on allocated land: 22 years without certificates.",
    )
    for kind, (agency_zh, agency_en), opened, resolved, (how_zh, how_en) in OBSTACLES:
        actions.obstacle_save(
            obstacle=Obstacle(
                estate=estate,
                kind=kind,
                agency_zh_hans=agency_zh,
                agency_en=agency_en,
                opened_on=opened,
                status=Obstacle.Status.RESOLVED,
                resolved_on=resolved,
                resolution_zh_hans=how_zh,
                resolution_en=how_en,
            )
        )
    for milestone_kind, on, zh, en in MILESTONES:
        actions.milestone_record(
            milestone=Milestone(
                estate=estate, kind=milestone_kind, happened_on=on, note_zh_hans=zh, note_en=en
            )
        )
    _checklist(estate)
    cases = _units(estate, rng, _owners(community, 290))
    held = {index: (reason, step, note) for index, reason, step, note in HELD}
    # documents: every family but two special cases brought everything in May 2022
    for index, case in enumerate(cases):
        if index in (58, 176):
            continue
        actions.case_documents_receive_all(
            case=case,
            by=staff,
            at=_at(datetime.date(2022, 5, 9) + datetime.timedelta(days=index % 20), 10),
        )
    # where each case stops: the held ones at their step, those on their way at theirs
    stop = {index: STEPS.index(step) for index, (_r, step, _n) in held.items()}
    stop.update({index: STEPS.index(step) for index, step in ON_THEIR_WAY.items()})
    last = len(STEPS) - 1
    for index, case in enumerate(cases):
        if stop.get(index, last) >= 1:
            actions.case_advance(
                case=case,
                to=Step.DOCUMENTS_COMPLETE,
                by=staff,
                at=_at(datetime.date(2022, 6, 1) + datetime.timedelta(days=index % 10), 9),
            )
    # the processing week: a fifth of the estate each day, tax assessed, paid and transfer filed
    # in three batches; the report of each batch names the cases that could not move
    for number, day in enumerate(PROCESSING_WEEK):
        processing_day = actions.processing_day_save(
            day=ProcessingDay(estate=estate, day=day, place="杨哥庄社区党群服务中心")
        )
        for hour, step in (
            (9, Step.TAX_ASSESSED),
            (11, Step.TAX_PAID),
            (15, Step.TRANSFER_SUBMITTED),
        ):
            ready = [
                case
                for index, case in enumerate(cases)
                if index % 5 == number and stop.get(index, last) >= STEPS.index(step)
            ]
            # the two families whose papers were not complete are refused, with the reason
            blocked = [
                case
                for index, case in enumerate(cases)
                if index % 5 == number and index in (58, 176) and step == Step.TAX_ASSESSED
            ]
            actions.processing_day_apply(
                day=processing_day,
                cases=[
                    Case.objects.select_related("unit__estate").get(pk=c.pk)
                    for c in ready + blocked
                ],
                by=staff,
                to=step,
                note="现场集中受理",
                at=_at(day, hour),
            )
    # the special causes came to light during the week: those cases are held where they stand
    for index, (reason, _step, note) in held.items():
        actions.case_hold(
            case=cases[index],
            reason=reason,
            by=staff,
            note=note,
            at=_at(datetime.date(2022, 6, 18), 16),
        )
    # registration, then the certificates: most at the ceremony, the rest over the next months
    for index, case in enumerate(cases):
        if index in held or stop.get(index, last) < STEPS.index(Step.REGISTERED):
            continue
        actions.case_advance(
            case=case,
            to=Step.REGISTERED,
            by=staff,
            at=_at(datetime.date(2022, 6, 20) + datetime.timedelta(days=index % 8), 14),
        )
        if stop.get(index, last) < last:
            continue
        issued_on = (
            datetime.date(2022, 7, 1) if index % 7 else datetime.date(2022, 8 + index % 5, 10)
        )
        actions.case_advance(
            case=case,
            to=Step.CERTIFICATE_ISSUED,
            by=staff,
            note="颁证仪式" if index % 7 else "",
            at=_at(issued_on, 10),
        )
    out.write(
        f"  {estate.name}: {len(cases)} units, "
        f"{Case.objects.filter(unit__estate=estate, step=Step.CERTIFICATE_ISSUED).count()} "
        f"certificates issued, {len(held)} on hold; agent {agent.name}\n"
    )


def load_dongli(out: TextIO, staff: Any) -> None:
    if Estate.objects.filter(code="dongli-resettlement").exists():
        return
    rng = random.Random(SEED + 1)
    estate = _estate(
        code="dongli-resettlement",
        name_zh_hans="东李安置小区",
        name_en="Dongli Resettlement Estate",
        community=Community.objects.get(name_zh_hans="东李社区"),
        land_type=Estate.LandType.COLLECTIVE,
        builder_zh_hans="东李社区",
        builder_en="The 东李 community",
        year_occupied=2003,
        homes=20,
        shops=0,
        work_began_on=datetime.date(2024, 9, 1),
    )
    actions.obstacle_save(
        obstacle=Obstacle(
            estate=estate,
            kind=Obstacle.Kind.FIRE_SAFETY,
            agency_zh_hans="区消防救援大队",
            agency_en="District fire and rescue brigade",
            description_zh_hans="消防通道宽度不足，需整改",
            description_en="Fire lanes too narrow: works needed",
            opened_on=datetime.date(2024, 9, 1),
            status=Obstacle.Status.IN_PROGRESS,
        )
    )
    actions.milestone_record(
        milestone=Milestone(
            estate=estate,
            kind=Milestone.Kind.TASK_FORCE,
            happened_on=datetime.date(2024, 9, 1),
            note_zh_hans="社区成立工作专班",
            note_en="Community task force set up",
        )
    )
    _checklist(estate)
    community = estate.community
    owners = _owners(community, 20)
    for n in range(20):
        unit = Unit(
            estate=estate,
            building="1",
            entrance=str(1 + n // 10),
            room=f"{1 + (n % 10) // 2}0{1 + n % 2}",
            floor_area=Decimal(rng.randint(5000, 9000)) / 100,
        )
        actions.unit_save(
            unit=unit,
            owners=[(owners[n], Decimal(100))] if n < len(owners) else [],
            case_number=_case_number(rng),
        )
    out.write(f"  {estate.name}: 20 units, blocked by an open fire-safety obstacle\n")


@transaction.atomic
def load(out: TextIO) -> None:
    staff = get_user_model().objects.filter(username="housing_staff").first()
    load_yanggezhuang(out, staff)
    load_dongli(out, staff)
