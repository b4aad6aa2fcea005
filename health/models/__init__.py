"""Health subsidies: three programs, their yearly rules, budgets, ledgers and records.

- hospital-accompany insurance for special family-planning families (policies and claims);
- a free yearly health check for elders (check sites and checkups);
- cataract-surgery aid at designated hospitals (designations and cases).

Rules are rows per year (``InsuranceRule``, ``CheckupRule``, ``CataractRule``);
``health.eligibility`` is the one place that applies them. Each claim, checkup and case keeps the
decision it was made with (the rule's year and version, the values used and the facts) in
``decision``, so a later edit of a rule or of the registry does not change what was decided.
``UsageLedger`` keeps what each person has used of each benefit per year.
"""

from health.models.amounts import ZERO, money
from health.models.budgets import Budget, BudgetOverride, BudgetOverrideQuerySet, BudgetQuerySet
from health.models.cataract import CataractCase, CataractCaseQuerySet
from health.models.checkups import (
    AgeBand,
    Checkup,
    CheckupQuerySet,
    age_band_label,
    age_band_of,
)
from health.models.insurance import (
    ClaimQuerySet,
    InsuranceClaim,
    InsurancePolicy,
    PolicyQuerySet,
    SpecialFamily,
    SpecialFamilyQuerySet,
)
from health.models.ledger import UsageLedger, UsageLedgerQuerySet
from health.models.places import (
    CheckSite,
    CheckSiteQuerySet,
    DesignationQuerySet,
    HospitalDesignation,
)
from health.models.rules import CataractRule, CheckupRule, InsuranceRule, YearRule, YearRuleQuerySet
from health.programs import BENEFIT_PROGRAM, Benefit, ClaimType, Program

__all__ = [
    "BENEFIT_PROGRAM",
    "ZERO",
    "AgeBand",
    "Benefit",
    "Budget",
    "BudgetOverride",
    "BudgetOverrideQuerySet",
    "BudgetQuerySet",
    "CataractCase",
    "CataractCaseQuerySet",
    "CataractRule",
    "CheckSite",
    "CheckSiteQuerySet",
    "Checkup",
    "CheckupQuerySet",
    "CheckupRule",
    "ClaimQuerySet",
    "ClaimType",
    "DesignationQuerySet",
    "HospitalDesignation",
    "InsuranceClaim",
    "InsurancePolicy",
    "InsuranceRule",
    "PolicyQuerySet",
    "Program",
    "SpecialFamily",
    "SpecialFamilyQuerySet",
    "UsageLedger",
    "UsageLedgerQuerySet",
    "YearRule",
    "YearRuleQuerySet",
    "age_band_label",
    "age_band_of",
    "money",
]
