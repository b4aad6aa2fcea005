"""The demo health programs, scaled to the demo district.

The article's 2022 figures describe the whole of Licang: 54,339 free checks against a target of
about 50,000 (108.7%, 6,450 of them aged 60–64), 1,281 cataract cases at four designated
hospitals, 271 insurance claims paid. The demo district has a few thousand residents, so the
figures are scaled to its own eligible elders and special families: the same shape (a completion
rate above 100%, claims in every state, cases at every designated hospital), smaller numbers.
The check rule's note says so, and the statistics page shows that note.

Deterministic (seeded random numbers, fixed dates in 2026) and idempotent (each step is skipped
when its rows exist). Checks arrive through the bulk action; claims and cases through the same
actions as the API.
"""

from __future__ import annotations

import datetime
import math
import random
from decimal import Decimal
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from health import actions
from health.models import (
    Budget,
    CataractCase,
    CataractRule,
    CheckSite,
    Checkup,
    CheckupRule,
    ClaimType,
    HospitalDesignation,
    InsuranceClaim,
    InsurancePolicy,
    InsuranceRule,
    Program,
    SpecialFamily,
)
from licang.actions import partner_save
from licang.errors import ConflictError
from licang.models import Partner
from licang.registry.demo import ONE_STOP_ID_NUMBER
from licang.registry.models import Resident, Subdistrict, years_before

SEED = 20260415
YEAR = 2026
CHECK_DAY = datetime.date(
    2026, 3, 1
)  # the first check day: whoever qualifies then, qualifies later
LAST_DAY = datetime.date(2026, 10, 31)  # demo activity happens up to this day
ARTICLE_TARGET = 50_000
ARTICLE_RATE = Decimal("1.087")  # 54,339 of about 50,000
ARTICLE_SHARE_60_64 = Decimal("0.119")  # 6,450 of 54,339
FEE_PER_CHECK = Decimal("120.00")

DESIGNATED = [
    ("青岛市第八人民医院", 5),  # from the foundation's demo
    ("青岛市第三人民医院", 3),
    ("青岛眼科医院北院区", 4),
    ("青岛新视界眼科医院", 2),
]
NOT_DESIGNATED = "青岛李沧沧口医院"
INSURER = "中国人寿财产保险青岛市分公司"

INSTITUTIONS = [
    # partner name, site code, ownership, subdistrict code
    ("李村街道社区卫生服务中心", "licun-chc", "public", "licun"),  # from the foundation's demo
    ("虎山路街道社区卫生服务中心", "hushanlu-chc", "public", "hushanlu"),
    ("九水街道社区卫生服务中心", "jiushui-chc", "public", "jiushui"),
    ("兴华路街道社区卫生服务中心", "xinghualu-chc", "public", "xinghualu"),
    ("楼山街道社区卫生服务中心", "loushan-chc", "public", "loushan"),
    ("青岛李沧仁和门诊部", "renhe-clinic", "private", "zhenhualu"),
    ("青岛李沧康宁综合门诊", "kangning-clinic", "private", "xiangtanlu"),
]


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _last_day() -> datetime.date:
    """The demo's last day of activity: ``LAST_DAY``, or yesterday when the demo is loaded before
    then, so that no check, claim or payment lies in the future."""
    return min(LAST_DAY, timezone.localdate() - datetime.timedelta(days=1))


def _office_hours(rng: random.Random, day: datetime.date) -> datetime.datetime:
    """A moment of ``day`` in office hours (Asia/Shanghai)."""
    at = datetime.time(rng.randint(9, 16), rng.choice([0, 15, 30, 45]))
    return datetime.datetime.combine(day, at, tzinfo=timezone.get_default_timezone())


def _backdate(
    model: Any,
    pk: int,
    *,
    rng: random.Random,
    start: datetime.date,
    field: str,
    decided: bool,
    until: datetime.date,
) -> None:
    """Give a demo claim or case the times it would have had: the actions stamp ``now`` (the
    moment the demo is loaded), which would make a claim paid in September submitted in
    December. Submitted 1–7 days after ``start``, decided 1–5 days later, never after ``until``
    (the payment day or the demo's last day). The demo's only write outside the actions: it
    changes no state, only the times the actions recorded."""
    submitted = min(start + datetime.timedelta(days=rng.randint(1, 7)), until)
    times = {field: _office_hours(rng, submitted)}
    if decided:
        day = min(submitted + datetime.timedelta(days=rng.randint(1, 5)), until)
        times["decided_at"] = max(_office_hours(rng, day), times[field])
    model.objects.filter(pk=pk).update(**times)


def load_partners() -> dict[str, Partner]:
    wanted = [(name, Partner.Kind.HOSPITAL) for name, _weight in DESIGNATED]
    wanted += [(NOT_DESIGNATED, Partner.Kind.HOSPITAL), (INSURER, Partner.Kind.INSURER)]
    wanted += [(name, Partner.Kind.HEALTH_INSTITUTION) for name, *_rest in INSTITUTIONS]
    existing = {p.name: p for p in Partner.objects.filter(name__in=[n for n, _k in wanted])}
    for name, kind in wanted:
        if name not in existing:
            existing[name] = partner_save(partner=Partner(name=name, kind=kind))
    return existing


def load_places(partners: dict[str, Partner]) -> dict[str, CheckSite]:
    designated = set(HospitalDesignation.objects.values_list("partner__name", flat=True))
    for name, _weight in DESIGNATED:
        if name not in designated:
            actions.designation_save(
                designation=HospitalDesignation(
                    partner=partners[name],
                    valid_from=datetime.date(2024, 1, 1),
                    note="区卫健局公布的白内障复明手术定点医院",
                )
            )
    subdistricts = {s.code: s for s in Subdistrict.objects.all()}
    sites = {s.code: s for s in CheckSite.objects.select_related("subdistrict")}
    for name, code, ownership, subdistrict in INSTITUTIONS:
        if code not in sites:
            sites[code] = actions.check_site_save(
                site=CheckSite(
                    code=code,
                    name=name,
                    ownership=ownership,
                    partner=partners[name],
                    subdistrict=subdistricts[subdistrict],
                )
            )
    return sites


def _rule_default(field: str) -> int:
    """The demo's rules are the tables' defaults; the people it picks follow the same ages."""
    found: Any = CheckupRule._meta.get_field(field)
    return int(found.get_default())


def _eligible_elders(rule_anyone: int, rule_registered: int) -> list[Resident]:
    return list(
        Resident.objects.select_related("community__subdistrict")
        .filter(
            Q(birth_date__lte=years_before(CHECK_DAY, rule_anyone))
            | Q(birth_date__lte=years_before(CHECK_DAY, rule_registered), registered_in_licang=True)
        )
        .order_by("pk")
    )


def _stays_young(resident: Resident, anyone_age: int) -> bool:
    # under the age for anyone on the last check day: whenever checked, in the 60–64 band
    return resident.age_on(_last_day()) < anyone_age


def load_rules(elders: list[Resident]) -> int:
    """Rules for this year and next; the check target scaled to the demo's eligible elders.

    The target is also kept low enough that the elders past the age for anyone can make up the
    article's share of checks outside the 60–64 band at the article's completion rate (a shortage
    would be filled from younger elders, raising their share above the article's).
    """
    eligible_count = len(elders)
    anyone_age = _rule_default("min_age_anyone")
    older = sum(1 for r in elders if r.age_on(CHECK_DAY) >= anyone_age)
    by_older = Decimal(older) / (1 - ARTICLE_SHARE_60_64) / ARTICLE_RATE
    target = math.floor(min(eligible_count * Decimal("0.87"), by_older))
    note = (
        f"演示数据：原文全区目标约{ARTICLE_TARGET:,}人次，"
        f"此处按演示辖区{eligible_count}名符合条件的老人等比缩放为{target}人次"
    )
    for year in (YEAR, YEAR + 1):
        if not InsuranceRule.objects.filter(year=year).exists():
            actions.rule_save(rule=InsuranceRule(year=year))
        if not CataractRule.objects.filter(year=year).exists():
            actions.rule_save(rule=CataractRule(year=year))
        if not CheckupRule.objects.filter(year=year).exists():
            actions.rule_save(
                rule=CheckupRule(
                    year=year,
                    target=target,
                    fee_per_check=FEE_PER_CHECK,
                    note=note if year == YEAR else "",
                )
            )
    return CheckupRule.objects.get(year=YEAR).target


def load_budgets(amounts: dict[str, Decimal]) -> None:
    for program, amount in amounts.items():
        if not Budget.objects.filter(program=program, year=YEAR).exists():
            actions.budget_save(budget=Budget(program=program, year=YEAR, amount=amount))


def _round_up(amount: Decimal, step: int) -> Decimal:
    return Decimal(math.ceil(amount / step) * step).quantize(Decimal("0.01"))


def load_checkups(sites: dict[str, CheckSite], elders: list[Resident], target: int) -> int:
    if Checkup.objects.filter(year=YEAR).exists():
        return 0
    rng = random.Random(SEED + 1)
    done = min(int((target * ARTICLE_RATE).to_integral_value()) + 1, len(elders))
    anyone_age = _rule_default("min_age_anyone")
    young = [r for r in elders if _stays_young(r, anyone_age)]
    old = [r for r in elders if r.age_on(CHECK_DAY) >= anyone_age]
    # those who reach the age for anyone during the checks: their band depends on the day
    turning = [
        r for r in elders if r.age_on(CHECK_DAY) < anyone_age and not _stays_young(r, anyone_age)
    ]
    rng.shuffle(young)
    rng.shuffle(old)
    rng.shuffle(turning)
    from_young = min(len(young), round(done * ARTICLE_SHARE_60_64))
    chosen = young[:from_young] + (old + turning)[: done - from_young]
    chosen += young[from_young : from_young + done - len(chosen)]  # when elders 65+ run short
    by_subdistrict: dict[str, list[CheckSite]] = {}
    for site in sites.values():
        by_subdistrict.setdefault(site.subdistrict.code if site.subdistrict else "", []).append(
            site
        )
    public = [s for s in sites.values() if s.ownership == CheckSite.Ownership.PUBLIC]
    private = [s for s in sites.values() if s.ownership == CheckSite.Ownership.PRIVATE]
    rows = []
    for resident in chosen:
        nearby = by_subdistrict.get(resident.community.subdistrict.code)
        if nearby and rng.random() < 0.7:
            site = rng.choice(nearby)
        else:  # public institutions lead, private ones supplement
            site = rng.choice(public if rng.random() < 0.75 else private)
        rows.append(
            actions.CheckupRow(
                resident=resident,
                site=site,
                check_date=_day(rng, CHECK_DAY, _last_day()),
                family_doctor_signed=rng.random() < 0.62,
            )
        )
    rows.sort(key=lambda row: row.check_date)
    created = actions.checkups_import(rows=rows)
    return len(created)


def load_one_stop_checkup(sites: dict[str, CheckSite]) -> int:
    """The registry demo's one-stop resident had this year's free check at his subdistrict's
    site in May (unless the draw above chose him already)."""
    resident = Resident.objects.filter(id_number=ONE_STOP_ID_NUMBER).first()
    if resident is None or Checkup.objects.filter(resident=resident, year=YEAR).exists():
        return 0
    nearby = sorted(
        (s for s in sites.values() if s.subdistrict_id == resident.community.subdistrict_id),
        key=lambda s: s.pk,
    )
    site = nearby[0] if nearby else sorted(sites.values(), key=lambda s: s.pk)[0]
    row = actions.CheckupRow(
        resident=resident,
        site=site,
        check_date=min(datetime.date(YEAR, 5, 12), _last_day()),
        family_doctor_signed=True,
    )
    return len(actions.checkups_import(rows=[row]))


def _plan_claims(rng: random.Random, insured: list[Resident]) -> list[dict[str, Any]]:
    plan = []
    statuses = ["paid"] * 6 + ["approved"] * 2 + ["submitted"] * 2 + ["rejected"]
    for resident in insured:
        for _claim in range(rng.choice([0, 1, 1, 2, 2, 3])):
            claim_type = rng.choices(ClaimType.values, weights=[60, 2, 3, 20, 15], k=1)[0]
            entry: dict[str, Any] = {
                "resident": resident,
                "claim_type": claim_type,
                "incident_date": _day(
                    rng, datetime.date(YEAR, 1, 5), min(datetime.date(YEAR, 9, 30), _last_day())
                ),
                "status": rng.choice(statuses),
            }
            if claim_type == ClaimType.HOSPITAL_CARE:
                entry["days"] = rng.randint(3, 25)
            elif claim_type in (ClaimType.ACCIDENTAL_DEATH, ClaimType.ACCIDENTAL_DISABILITY):
                entry["amount_claimed"] = Decimal(rng.choice([5500, 11000]))
            elif claim_type == ClaimType.ACCIDENTAL_MEDICAL:
                entry["amount_claimed"] = Decimal(rng.randint(300, 2600))
            else:
                entry["amount_claimed"] = Decimal(1000)
            plan.append(entry)
    plan.sort(key=lambda e: e["incident_date"])
    return plan


def load_insurance(partners: dict[str, Partner], staff: Any) -> tuple[int, int]:
    if InsuranceClaim.objects.filter(incident_date__year=YEAR).exists():
        return 0, 0
    rng = random.Random(SEED + 2)
    insurer = partners[INSURER]
    parents = list(
        Resident.objects.select_related("household")
        .filter(special_family_planning=True, registered_in_licang=True)
        .order_by("pk")
    )
    families: dict[int | None, SpecialFamily] = {}
    insured = []
    for index, parent in enumerate(parents):
        if rng.random() < 0.12:  # a few are left for the outreach list
            continue
        key = parent.household_id
        if key not in families:
            families[key] = actions.special_family_save(
                family=SpecialFamily(
                    household=parent.household,
                    situation=rng.choice(list(SpecialFamily.Situation.values)),
                    certificate_number=f"TJ-{YEAR - rng.randint(2, 15)}-{index + 1:04d}",
                    recognised_on=_day(rng, datetime.date(2008, 1, 1), datetime.date(2024, 12, 31)),
                )
            )
        if not InsurancePolicy.objects.filter(resident=parent, year=YEAR).exists():
            actions.policy_issue(
                resident=parent,
                year=YEAR,
                insurer=insurer,
                family=families[key],
                policy_number=f"PICC-LC-{YEAR}-{index + 1:04d}",
            )
        insured.append(parent)
    plan = _plan_claims(rng, insured)
    allowance = InsuranceRule.objects.get(year=YEAR).daily_allowance
    approved = sum(
        (e["days"] * allowance if "days" in e else e["amount_claimed"])
        for e in plan
        if e["status"] in ("approved", "paid")
    )
    load_budgets({Program.INSURANCE: _round_up(Decimal(approved) * Decimal("1.15"), 1000)})
    count = 0
    last = _last_day()
    times = random.Random(SEED + 5)  # a stream of its own: the claims drawn stay the same
    for entry in plan:
        status = entry.pop("status")
        try:
            claim = actions.claim_submit(submitted_by=insurer, **entry)
        except ConflictError:
            continue  # the person's cap for this benefit is used up
        count += 1
        paid_on = min(claim.incident_date + datetime.timedelta(days=30), last)
        decided = status in ("rejected", "approved", "paid")
        if status == "rejected":
            actions.claim_reject(claim=claim, by=staff, reason="材料不全：缺少出院小结")
        elif status in ("approved", "paid"):
            try:
                actions.claim_approve(claim=claim, by=staff)
            except ConflictError:
                decided = False
            else:
                if status == "paid":
                    actions.claim_pay(
                        claim=claim, paid_on=paid_on, payment_reference=f"PAY{count:05d}"
                    )
        _backdate(
            InsuranceClaim,
            claim.pk,
            rng=times,
            start=claim.incident_date,
            field="submitted_at",
            decided=decided,
            until=paid_on,
        )
    return len(insured), count


def load_cataract(partners: dict[str, Partner], elders: list[Resident], staff: Any) -> int:
    if CataractCase.objects.filter(surgery_date__year=YEAR).exists():
        return 0
    rng = random.Random(SEED + 3)
    anyone_age = _rule_default("min_age_anyone")
    registered = [r for r in elders if r.registered_in_licang and r.age_on(CHECK_DAY) >= anyone_age]
    rng.shuffle(registered)
    # the article's 1,281 cases against 54,339 checks, at the same rate (two at least per hospital)
    count = max(len(DESIGNATED) * 2, round(len(elders) * Decimal(1281) / Decimal(54339)))
    hospitals = [name for name, weight in DESIGNATED for _ in range(weight)]
    times = random.Random(SEED + 6)  # a stream of its own: the cases drawn stay the same
    load_budgets({Program.CATARACT: _round_up(Decimal(1200 * count) * Decimal("1.1"), 1000)})
    filed = 0
    for index, patient in enumerate(registered[:count]):
        # the first cases go one to each hospital, so every designated hospital has some
        name = DESIGNATED[index][0] if index < len(DESIGNATED) else rng.choice(hospitals)
        case = actions.cataract_case_file(
            resident=patient,
            hospital=partners[name],
            eye=rng.choice(["left", "right"]),
            surgery_date=_day(
                rng, datetime.date(YEAR, 2, 1), min(datetime.date(YEAR, 10, 15), _last_day())
            ),
            indication_confirmed=True,
            consent_confirmed=True,
            diagnosis="年龄相关性白内障",
        )
        filed += 1
        outcome = rng.random()
        paid_on = min(case.surgery_date + datetime.timedelta(days=20), _last_day())
        if outcome < 0.08:
            actions.cataract_case_reject(case=case, by=staff, reason="术前检查不符合手术指征")
        elif outcome < 0.8:
            actions.cataract_case_approve(case=case, by=staff)
            if outcome < 0.6:
                actions.cataract_case_pay(case=case, paid_on=paid_on)
        _backdate(
            CataractCase,
            case.pk,
            rng=times,
            start=case.surgery_date,
            field="filed_at",
            decided=outcome < 0.8,
            until=paid_on,
        )
    return filed


def load(out: TextIO) -> None:
    partners = load_partners()
    sites = load_places(partners)
    probe = _eligible_elders(_rule_default("min_age_anyone"), _rule_default("min_age_registered"))
    target = load_rules(probe)
    staff = get_user_model().objects.filter(username="health_staff").first()
    done = 0
    if not Checkup.objects.filter(year=YEAR).exists():
        planned = min(int((target * ARTICLE_RATE).to_integral_value()) + 1, len(probe))
        load_budgets({Program.CHECKUP: _round_up(FEE_PER_CHECK * planned * Decimal("1.05"), 1000)})
        done = load_checkups(sites, probe, target)
    done += load_one_stop_checkup(sites)
    insured, claims = load_insurance(partners, staff)
    cases = load_cataract(partners, probe, staff)
    out.write(
        f"  {len(sites)} check sites, {HospitalDesignation.objects.count()} designated hospitals; "
        f"{YEAR}: {done} new checks (target {target}), {insured} insured, {claims} new claims, "
        f"{cases} new cataract cases"
    )
