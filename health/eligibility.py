"""The one place that applies each program's rules: who qualifies, and how much is payable.

Every answer is a ``Decision``: the program, the date, whether the person qualifies, the rule
applied (table, year, version and values), the facts used (age on the date, registration, family
status, what was already used) and a list of findings. A finding is a stable ``code`` with
``params``; ``explain`` turns stored findings into plain sentences in the reader's language, so
a decision stored years ago reads the same, in Chinese or English, whatever was edited since.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from health.models import (
    Benefit,
    CataractCase,
    CataractRule,
    CheckupRule,
    ClaimType,
    InsurancePolicy,
    InsuranceRule,
    Program,
    UsageLedger,
)
from health.rules import rule_for, rule_reference
from licang.idnumber import age_on
from licang.registry.models import Resident

MESSAGES: dict[str, Any] = {
    "no_rule": gettext_lazy("No rules for this program have been set for %(year)d yet."),
    "not_in_registry": gettext_lazy(
        "This person is not in Licang's resident registry; please register at the community "
        "office first."
    ),
    "special_family": gettext_lazy("Recorded as a parent of a special family-planning family."),
    "not_special_family": gettext_lazy(
        "Not recorded as a parent of a special family-planning family (whose only child died "
        "or is disabled); the insurance is only for them."
    ),
    "registered": gettext_lazy("Household registration is in Licang."),
    "not_registered": gettext_lazy(
        "Household registration is not in Licang, and this program requires it."
    ),
    "insured": gettext_lazy("Insured for %(year)d under policy %(policy)s."),
    "not_insured_yet": gettext_lazy(
        "Qualifies, but has no policy for %(year)d yet: the district insures registered special "
        "families each year; the community office arranges it."
    ),
    "no_policy": gettext_lazy("Has no insurance policy for %(year)d."),
    "hospital_days_left": gettext_lazy(
        "%(left)d of %(max_days)d hospital-care days (%(allowance)s yuan a day) are left for "
        "%(year)d."
    ),
    "age_anyone": gettext_lazy(
        "Aged %(age)d on %(date)s: from %(min_age)d anyone living in the district qualifies."
    ),
    "age_registered": gettext_lazy(
        "Aged %(age)d on %(date)s with household registration in Licang: from %(min_age)d "
        "registered residents qualify."
    ),
    "age_needs_registration": gettext_lazy(
        "Aged %(age)d on %(date)s without household registration in Licang: from %(min_age)d "
        "to %(max_age)d only residents registered in Licang qualify; from %(anyone_age)d "
        "everyone living in the district does."
    ),
    "too_young": gettext_lazy(
        "Aged %(age)d on %(date)s: the free check starts at %(min_age)d for residents "
        "registered in Licang and at %(anyone_age)d for everyone living in the district."
    ),
    "checks_left": gettext_lazy("%(left)d of %(limit)d free checks left in %(year)d."),
    "checks_used": gettext_lazy(
        "Already had %(used)d of %(limit)d free checks in %(year)d; the next one is free again "
        "from 1 January."
    ),
    "cataract_aid": gettext_lazy(
        "%(amount)s yuan per eye for surgery at a designated hospital, once a surgeon confirms "
        "the indication."
    ),
    "eye_treated": gettext_lazy("The %(eye)s already has a cataract-aid case."),
    "eyes_treated": gettext_lazy("Both eyes already have cataract-aid cases."),
    "hospital_days_payable": gettext_lazy(
        "%(days)d days in hospital; %(left)d of %(max_days)d days were left in %(year)d, so "
        "%(paid_days)d days × %(allowance)s yuan = %(amount)s yuan are payable."
    ),
    "hospital_days_exhausted": gettext_lazy(
        "All %(max_days)d hospital-care days of %(year)d have been used; nothing is left to pay."
    ),
    "cap_payable": gettext_lazy(
        "%(claimed)s yuan claimed for %(benefit)s; %(left)s of the %(cap)s yuan yearly cap were "
        "left in %(year)d, so %(amount)s yuan are payable."
    ),
    "cap_exhausted": gettext_lazy(
        "The %(cap)s yuan yearly cap for %(benefit)s in %(year)d has been used; nothing is left "
        "to pay."
    ),
    "subsidy": gettext_lazy("%(amount)s yuan for this case under the %(year)d rules."),
}

BRING: dict[str, list[Any]] = {
    Program.INSURANCE: [
        gettext_lazy("ID card"),
        gettext_lazy("special family-planning family certificate"),
        gettext_lazy("hospital admission and discharge records, or the diagnosis"),
        gettext_lazy("invoices and receipts"),
    ],
    Program.CHECKUP: [gettext_lazy("ID card"), gettext_lazy("family-doctor contract card, if any")],
    Program.CATARACT: [
        gettext_lazy("ID card"),
        gettext_lazy("household register book (户口本)"),
        gettext_lazy("the eye doctor's diagnosis"),
    ],
}
HOUSEHOLD_BOOK = gettext_lazy("household register book (户口本)")


@dataclass(frozen=True)
class Facts:
    """What a decision looks at, frozen at the moment it is made."""

    on_date: datetime.date
    birth_date: datetime.date | None
    registered_in_licang: bool
    special_family_planning: bool
    in_registry: bool = True

    @classmethod
    def of(cls, resident: Resident, on_date: datetime.date) -> Facts:
        return cls(
            on_date=on_date,
            birth_date=resident.birth_date,
            registered_in_licang=resident.registered_in_licang,
            special_family_planning=resident.special_family_planning,
        )

    @property
    def age(self) -> int | None:
        return None if self.birth_date is None else age_on(self.birth_date, self.on_date)

    def as_json(self) -> dict[str, Any]:
        return {
            "on_date": self.on_date.isoformat(),
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "age": self.age,
            "registered_in_licang": self.registered_in_licang,
            "special_family_planning": self.special_family_planning,
            "in_registry": self.in_registry,
        }


def facts_for(
    on_date: datetime.date,
    *,
    resident: Resident | None = None,
    birth_date: datetime.date | None = None,
    registered_in_licang: bool = False,
    special_family_planning: bool = False,
    in_registry: bool = True,
) -> Facts:
    """The facts of one eligibility question: a registry resident's own, or what is said of
    someone else (a visitor's answers on the public page; for a partner's unknown ID number, the
    birth date it holds and ``in_registry=False``). Pages and the API build facts only here."""
    if resident is not None:
        return Facts.of(resident, on_date)
    return Facts(
        on_date=on_date,
        birth_date=birth_date,
        registered_in_licang=registered_in_licang,
        special_family_planning=special_family_planning,
        in_registry=in_registry,
    )


@dataclass
class Finding:
    code: str
    passed: bool
    params: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "passed": self.passed, "params": self.params}


@dataclass
class Decision:
    program: str
    eligible: bool
    facts: Facts
    findings: list[Finding]
    rule: dict[str, Any] | None = None
    extra_facts: dict[str, Any] = field(default_factory=dict)
    bring: list[Any] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "eligible": self.eligible,
            "rule": self.rule,
            "facts": {**self.facts.as_json(), **self.extra_facts},
            "findings": [f.as_json() for f in self.findings],
        }

    @property
    def reason(self) -> str:
        return explain(self.as_json())

    @property
    def sentences(self) -> list[str]:
        return sentences(self.as_json())

    @property
    def bring_text(self) -> list[str]:
        return [str(item) for item in self.bring]


def _render_param(key: str, value: Any) -> Any:
    if key == "benefit":
        return str(ClaimType(value).label)
    if key == "eye":
        return str(CataractCase.Eye(value).label)
    return value


def sentences(decision: dict[str, Any]) -> list[str]:
    """The findings of a stored decision as sentences: why it qualifies, or why not."""
    findings = decision.get("findings", [])
    if not decision.get("eligible"):
        findings = [f for f in findings if not f["passed"]] or findings
    out = []
    for finding in findings:
        template = MESSAGES.get(finding["code"])
        if template is None:
            continue
        params = {k: _render_param(k, v) for k, v in finding.get("params", {}).items()}
        out.append(str(template) % params if params else str(template))
    return out


def explain(decision: dict[str, Any]) -> str:
    """A stored decision in one plain-language paragraph in the current language."""
    return " ".join(sentences(decision))


def _no_rule(program: str, facts: Facts) -> Decision:
    return Decision(
        program, False, facts, [Finding("no_rule", False, {"year": facts.on_date.year})]
    )


def _not_in_registry(program: str, facts: Facts) -> Decision:
    return Decision(program, False, facts, [Finding("not_in_registry", False)])


def _registration(facts: Facts, required: bool) -> Finding | None:
    if not required:
        return None
    code = "registered" if facts.registered_in_licang else "not_registered"
    return Finding(code, facts.registered_in_licang)


# --- Insurance -----------------------------------------------------------------------------------


def insurance(
    facts: Facts,
    rule: InsuranceRule | None,
    *,
    policy: InsurancePolicy | None = None,
    hospital_days_used: int = 0,
) -> Decision:
    """Whether a person qualifies for the insurance on ``facts.on_date``."""
    if not facts.in_registry:
        return _not_in_registry(Program.INSURANCE, facts)
    if rule is None:
        return _no_rule(Program.INSURANCE, facts)
    year = facts.on_date.year
    findings = [
        Finding("special_family", True)
        if facts.special_family_planning
        else Finding("not_special_family", False)
    ]
    registration = _registration(facts, rule.requires_licang_registration)
    if registration:
        findings.append(registration)
    qualifies = all(f.passed for f in findings)
    if qualifies and policy is not None:
        findings.append(Finding("insured", True, {"year": year, "policy": policy.policy_number}))
        findings.append(
            Finding(
                "hospital_days_left",
                True,
                {
                    "left": max(rule.max_hospital_days - hospital_days_used, 0),
                    "max_days": rule.max_hospital_days,
                    "allowance": str(rule.daily_allowance),
                    "year": year,
                },
            )
        )
    elif qualifies:
        findings.append(Finding("not_insured_yet", True, {"year": year}))
    return Decision(
        Program.INSURANCE,
        qualifies,
        facts,
        findings,
        rule_reference(rule),
        extra_facts={"insured": policy is not None, "hospital_days_used": hospital_days_used},
        bring=BRING[Program.INSURANCE] if qualifies else [],
    )


@dataclass
class Payable:
    amount: Decimal
    days: int | None
    decision: Decision


def insurance_payable(
    *,
    facts: Facts,
    rule: InsuranceRule,
    policy: InsurancePolicy,
    claim_type: str,
    days: int | None,
    amount_claimed: Decimal | None,
    ledger: UsageLedger,
) -> Payable:
    """What a claim pays: the claimed amount (hospital care: days × the daily allowance) limited
    by what is left of the person's yearly cap in ``ledger``. Zero means nothing is left."""
    year = facts.on_date.year
    findings = [Finding("insured", True, {"year": year, "policy": policy.policy_number})]
    used_before = {"used_units": ledger.used_units, "used_amount": str(ledger.used_amount)}
    paid_days: int | None = None
    if claim_type == ClaimType.HOSPITAL_CARE:
        assert days is not None
        left_days = max(rule.max_hospital_days - ledger.used_units, 0)
        paid_days = min(days, left_days)
        amount = rule.daily_allowance * paid_days
        if paid_days:
            findings.append(
                Finding(
                    "hospital_days_payable",
                    True,
                    {
                        "days": days,
                        "left": left_days,
                        "max_days": rule.max_hospital_days,
                        "year": year,
                        "paid_days": paid_days,
                        "allowance": str(rule.daily_allowance),
                        "amount": str(amount),
                    },
                )
            )
        else:
            findings.append(
                Finding("hospital_days_exhausted", False, {"max_days": rule.max_hospital_days})
            )
            findings[-1].params["year"] = year
    else:
        assert amount_claimed is not None
        cap = rule.cap_for(claim_type)
        left = max(cap - ledger.used_amount, Decimal("0.00"))
        amount = min(amount_claimed, left)
        if amount > 0:
            findings.append(
                Finding(
                    "cap_payable",
                    True,
                    {
                        "claimed": str(amount_claimed),
                        "benefit": claim_type,
                        "left": str(left),
                        "cap": str(cap),
                        "year": year,
                        "amount": str(amount),
                    },
                )
            )
        else:
            findings.append(
                Finding(
                    "cap_exhausted", False, {"cap": str(cap), "benefit": claim_type, "year": year}
                )
            )
    decision = Decision(
        Program.INSURANCE,
        amount > 0,
        facts,
        findings,
        rule_reference(rule),
        extra_facts={"claim_type": claim_type, "ledger_before": used_before},
    )
    return Payable(amount=amount.quantize(Decimal("0.01")), days=paid_days, decision=decision)


# --- Health checks -------------------------------------------------------------------------------


def checkup(facts: Facts, rule: CheckupRule | None, *, used: int = 0) -> Decision:
    """Whether a person may have a free check on ``facts.on_date``: from the rule's
    ``min_age_anyone`` anyone living in the district, from its ``min_age_registered`` only with
    household registration in Licang (ages measured on the check date), and not more checks in
    the year than its ``checks_per_year``."""
    if not facts.in_registry:
        return _not_in_registry(Program.CHECKUP, facts)
    if rule is None:
        return _no_rule(Program.CHECKUP, facts)
    age = facts.age
    assert age is not None
    when = facts.on_date.isoformat()
    ages = {
        "age": age,
        "date": when,
        "min_age": rule.min_age_registered,
        "max_age": rule.min_age_anyone - 1,
        "anyone_age": rule.min_age_anyone,
    }
    if age >= rule.min_age_anyone:
        findings = [
            Finding("age_anyone", True, {"age": age, "date": when, "min_age": ages["anyone_age"]})
        ]
    elif age >= rule.min_age_registered and facts.registered_in_licang:
        findings = [
            Finding("age_registered", True, {"age": age, "date": when, "min_age": ages["min_age"]})
        ]
    elif age >= rule.min_age_registered:
        findings = [Finding("age_needs_registration", False, ages)]
    else:
        findings = [Finding("too_young", False, ages)]
    year = facts.on_date.year
    if findings[0].passed:
        left = rule.checks_per_year - used
        if left > 0:
            findings.append(
                Finding(
                    "checks_left", True, {"left": left, "limit": rule.checks_per_year, "year": year}
                )
            )
        else:
            findings.append(
                Finding(
                    "checks_used",
                    False,
                    {"used": used, "limit": rule.checks_per_year, "year": year},
                )
            )
    eligible = all(f.passed for f in findings)
    bring = list(BRING[Program.CHECKUP])
    if eligible and age < rule.min_age_anyone:
        bring.insert(1, HOUSEHOLD_BOOK)
    return Decision(
        Program.CHECKUP,
        eligible,
        facts,
        findings,
        rule_reference(rule),
        extra_facts={"checks_used": used},
        bring=bring if eligible else [],
    )


# --- Cataract aid --------------------------------------------------------------------------------


def cataract(
    facts: Facts, rule: CataractRule | None, *, treated_eyes: Iterable[str] = (), eye: str = ""
) -> Decision:
    """Whether a person qualifies for cataract aid (for ``eye``, when given)."""
    if not facts.in_registry:
        return _not_in_registry(Program.CATARACT, facts)
    if rule is None:
        return _no_rule(Program.CATARACT, facts)
    treated = set(treated_eyes)
    findings: list[Finding] = []
    registration = _registration(facts, rule.requires_licang_registration)
    if registration:
        findings.append(registration)
    if eye and eye in treated:
        findings.append(Finding("eye_treated", False, {"eye": eye}))
    elif not eye and treated >= {CataractCase.Eye.LEFT, CataractCase.Eye.RIGHT}:
        findings.append(Finding("eyes_treated", False))
    elif eye:
        findings.append(
            Finding("subsidy", True, {"amount": str(rule.subsidy_per_case), "year": rule.year})
        )
    else:
        findings.append(Finding("cataract_aid", True, {"amount": str(rule.subsidy_per_case)}))
    eligible = all(f.passed for f in findings)
    return Decision(
        Program.CATARACT,
        eligible,
        facts,
        findings,
        rule_reference(rule),
        extra_facts={"treated_eyes": sorted(treated)},
        bring=BRING[Program.CATARACT] if eligible else [],
    )


# --- All three at once ---------------------------------------------------------------------------


def evaluate(
    facts: Facts,
    *,
    resident: Resident | None = None,
    programs: Iterable[str] = tuple(Program.values),
) -> list[Decision]:
    """The eligibility service: ``facts`` against each program's rules for the year of
    ``facts.on_date``. With a ``resident``, what they already used this year counts too."""
    year = facts.on_date.year
    wanted = set(programs)
    used: dict[str, int] = {}
    policy = None
    treated: list[str] = []
    if resident is not None:
        used = dict(
            UsageLedger.objects.filter(resident=resident, year=year).values_list(
                "benefit", "used_units"
            )
        )
        if Program.INSURANCE in wanted:
            policy = InsurancePolicy.objects.filter(resident=resident, year=year).first()
        if Program.CATARACT in wanted:
            treated = list(
                CataractCase.objects.filter(resident=resident)
                .exclude(status=CataractCase.Status.REJECTED)
                .values_list("eye", flat=True)
            )
    out = []
    for program in Program.values:
        if program not in wanted:
            continue
        rule = rule_for(program, year)
        if program == Program.INSURANCE:
            out.append(
                insurance(
                    facts,
                    rule,
                    policy=policy,
                    hospital_days_used=used.get(Benefit.HOSPITAL_CARE, 0),
                )
            )
        elif program == Program.CHECKUP:
            out.append(checkup(facts, rule, used=used.get(Benefit.CHECKUP, 0)))
        else:
            out.append(cataract(facts, rule, treated_eyes=treated))
    return out


def program_label(program: str) -> str:
    return str(Program(program).label)


def bring_label() -> str:
    return _("What to bring")
