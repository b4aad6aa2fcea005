"""Finding the rules of a program for a year: the rule tables are the only source of amounts."""

from __future__ import annotations

from typing import Any

from health.models import CataractRule, CheckupRule, InsuranceRule, Program, YearRule

RULE_MODELS: dict[str, type[YearRule]] = {
    Program.INSURANCE: InsuranceRule,
    Program.CHECKUP: CheckupRule,
    Program.CATARACT: CataractRule,
}


def rule_for(program: str, year: int) -> Any:
    """The rule row of ``program`` for ``year``, or ``None`` when staff have not set one."""
    return RULE_MODELS[program].objects.for_year(year)  # type: ignore[attr-defined]


def rule_reference(rule: YearRule) -> dict[str, Any]:
    """How a decision names the rule it applied: which table, year and version, and the values."""
    return {
        "model": rule._meta.label_lower,
        "year": rule.year,
        "version": rule.version,
        "values": rule.snapshot(),
    }
