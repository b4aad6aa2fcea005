"""The one place that applies the meal rules: who is an elder, what a meal costs them, and why.

An order's standard price is the sum of the chosen dishes, or the menu's set-meal price when no
dish is chosen. An enrolled, active elder gets the larger subsidy of their age band (their age on
the meal's date, from the ID number) and their hardship tier, for one meal per meal-time and day;
everyone else pays the standard price. The answer says why, as a ``SubsidyReason`` code.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from eldercare.models import (
    ZERO,
    Dish,
    Enrolment,
    MealRule,
    Menu,
    Order,
    SubsidyReason,
    SubsidyTier,
)
from licang.registry.models import Resident


@dataclass(frozen=True)
class Price:
    standard: Decimal
    subsidy: Decimal
    tier: SubsidyTier | None
    rule: MealRule | None
    reason: str

    @property
    def charged(self) -> Decimal:
        return self.standard - self.subsidy


def standard_price(menu: Menu, dishes: Iterable[Dish]) -> Decimal:
    """The chosen dishes' prices, or the set meal's (the order's action requires one of them)."""
    chosen = list(dishes)
    if chosen:
        return sum((dish.price for dish in chosen), ZERO)
    return menu.set_price if menu.set_price is not None else ZERO


def rule_for(day: datetime.date) -> MealRule | None:
    return MealRule.objects.for_year(day.year)  # type: ignore[no-any-return]


def is_elder(resident: Resident, day: datetime.date, rule: MealRule | None) -> bool:
    return rule is not None and resident.age_on(day) >= rule.elder_age


def tier_for(
    resident: Resident, enrolment: Enrolment, day: datetime.date, tiers: Iterable[SubsidyTier]
) -> SubsidyTier | None:
    """The tier that gives ``resident`` the largest subsidy on ``day`` (ties: the age band)."""
    age = resident.age_on(day)
    fitting = [
        tier
        for tier in tiers
        if tier.covers_age(age)
        or (tier.kind == SubsidyTier.Kind.HARDSHIP and tier.hardship == enrolment.hardship)
    ]
    return max(fitting, key=lambda t: (t.subsidy, t.kind == SubsidyTier.Kind.AGE), default=None)


def price_for(
    *,
    menu: Menu,
    dishes: Iterable[Dish],
    resident: Resident | None,
    enrolment: Enrolment | None,
    claimed_elder: bool = False,
    exclude_order: Order | None = None,
) -> Price:
    """What an order costs and why (see the module docstring). Reads the elder's other orders of
    the meal-time: call it with the elder locked, in the transaction that saves the order.
    ``claimed_elder``: an ID number was given that matches no current enrolment."""
    standard = standard_price(menu, dishes)
    rule = rule_for(menu.date)

    def unsubsidised(reason: str) -> Price:
        return Price(standard, ZERO, None, rule, reason)

    if resident is None:
        # an ID number given for no current enrolment reads the same whether or not the person
        # is in the registry: the caller learns nothing about people the program does not serve
        return unsubsidised(SubsidyReason.NOT_ENROLLED if claimed_elder else SubsidyReason.PUBLIC)
    if rule is None:
        return unsubsidised(SubsidyReason.NO_RULE)
    if enrolment is None:
        return unsubsidised(SubsidyReason.NOT_ENROLLED)
    if enrolment.status != Enrolment.Status.ACTIVE:
        return unsubsidised(SubsidyReason.ENROLMENT_SUSPENDED)
    subsidised = Order.objects.filter(
        resident=resident, date=menu.date, meal=menu.meal, subsidy__gt=0
    ).exclude(status=Order.Status.CANCELLED)
    if exclude_order is not None:
        subsidised = subsidised.exclude(pk=exclude_order.pk)
    if subsidised.exists():
        return unsubsidised(SubsidyReason.ALREADY_SUBSIDISED)
    tier = tier_for(resident, enrolment, menu.date, SubsidyTier.objects.of_year(menu.date.year))
    if tier is None or tier.subsidy <= 0:
        return unsubsidised(SubsidyReason.NO_TIER)
    return Price(standard, min(tier.subsidy, standard), tier, rule, SubsidyReason.SUBSIDISED)


def elder_prices(menu_price: Decimal, tiers: Iterable[SubsidyTier]) -> tuple[Decimal, Decimal]:
    """The lowest and highest price an enrolled elder pays for a meal of ``menu_price``."""
    prices = [max(menu_price - tier.subsidy, ZERO) for tier in tiers] or [menu_price]
    return min(prices), max(prices)
