"""The elders of the demo's meal program: registered residents in each point's community, their
enrolments at the points and the standing orders of the regulars."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model

from eldercare.models import (
    Enrolment,
    MealPoint,
    Mode,
    StandingOrder,
    StandingOrderPause,
    SubsidyTier,
)
from licang.idnumber import check_character
from licang.registry import actions as registry_actions
from licang.registry.demo import GIVEN, SURNAMES
from licang.registry.models import Household, Resident

# Elders enrolled at a point of each model: a care-center point serves 40–50 of them a day.
ENROLLED = {"care_center": 56, "canteen": 30, "central_kitchen": 26}
RESTRICTIONS = [[], [], [], [], ["low_salt"], ["low_sugar"], ["soft"], ["soft", "low_salt"],
                ["halal"], ["vegetarian"]]  # fmt: skip


def _elders(
    rng: random.Random, points: list[MealPoint], today: datetime.date
) -> list[tuple[Resident, MealPoint]]:
    """Registered elders for the points to enrol: the registry's own, and more in each point's
    community so that a care-center point has the 50-odd regulars it serves."""
    homes = [p for p in points for _ in range(ENROLLED[p.operating_model])]
    households = []
    residents: list[tuple[Resident, str, int]] = []
    owners: list[MealPoint] = []
    seen: set[str] = set()
    for number, point in enumerate(homes):
        community = point.community
        alone = rng.random() < 0.25
        household = Household(
            community=community,
            number=f"EC-{number:05d}",
            address=f"{community.name}{rng.randint(1, 40)}号楼{rng.randint(1, 4)}单元"
            f"{rng.randint(1, 12)}0{rng.randint(1, 4)}户",
        )
        households.append(household)
        for member in range(1 if alone else 2):
            age = rng.choice([61, 63, 65, 66, 68, 70, 72, 74, 75, 77, 79, 81, 83, 86, 90])
            birth = today - datetime.timedelta(days=age * 365 + rng.randint(10, 350))
            male = rng.random() < 0.45
            sequence = (number * 2 + member) % 1000
            sequence = sequence - sequence % 2 + (1 if male else 0)
            first17 = f"370213{birth:%Y%m%d}{sequence:03d}"
            if first17 in seen:
                continue
            seen.add(first17)
            resident = Resident(
                name=rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2)),
                id_number=first17 + check_character(first17),
                phone=f"13{rng.randint(5, 9)}{rng.randint(0, 99_999_999):08d}",
                community=community,
                registered_in_licang=True,
                limited_mobility=age >= 78 and rng.random() < 0.4,
            )
            residents.append((resident, household.number, member))
            owners.append(point)
    saved = {h.number: h for h in registry_actions.households_import(households=households)}
    for resident, household_number, _member in residents:
        resident.household = saved[household_number]
    registry_actions.residents_import(residents=[r for r, _n, member in residents if member == 0])
    numbers = [r.id_number for r, _n, member in residents if member == 0]
    first_homes = [
        home for (_r, _n, member), home in zip(residents, owners, strict=True) if member == 0
    ]
    # the second member of a couple lives with them but does not eat at the point
    registry_actions.residents_import(residents=[r for r, _n, member in residents if member == 1])
    by_number = {r.id_number: r for r in Resident.objects.filter(id_number__in=numbers)}
    return [
        (by_number[n], home) for n, home in zip(numbers, first_homes, strict=True) if n in by_number
    ]


def _enrolments(
    rng: random.Random, elders: list[tuple[Resident, MealPoint]], today: datetime.date
) -> list[Enrolment]:
    admin = get_user_model().objects.filter(username="admin").first()
    rows = []
    for elder, point in elders:
        hardship = rng.choices(
            ["", SubsidyTier.Hardship.SUBSISTENCE, SubsidyTier.Hardship.SPECIAL_FAMILY,
             SubsidyTier.Hardship.DISABILITY], weights=[88, 6, 2, 4]
        )[0]  # fmt: skip
        status = rng.choices(["active", "suspended", "ended"], weights=[95, 3, 2])[0]
        rows.append(
            Enrolment(
                resident=elder,
                point=point,
                dietary_restrictions=sorted(rng.choice(RESTRICTIONS)),
                hardship=hardship,
                needs_delivery=elder.limited_mobility and point.delivery_radius_m > 0,
                status=status,
                status_note={"suspended": "住院治疗", "ended": "随子女迁居外区"}.get(status, ""),
                enrolled_on=today - datetime.timedelta(days=rng.randint(30, 900)),
                ended_on=today - datetime.timedelta(days=rng.randint(1, 20))
                if status == "ended"
                else None,
                enrolled_by=admin,
            )
        )
    return Enrolment.objects.bulk_create(rows)


def _standing_orders(
    rng: random.Random, enrolments: list[Enrolment], today: datetime.date
) -> list[StandingOrder]:
    rows = [
        StandingOrder(
            enrolment=e,
            weekdays=[1, 2, 3, 4, 5] if rng.random() < 0.7 else [1, 2, 3, 4, 5, 6, 7],
            meal="lunch",
            mode=Mode.DELIVERY if e.needs_delivery else Mode.DINE_IN,
        )
        for e in enrolments
        if e.status == "active" and rng.random() < 0.3
    ]
    standing = StandingOrder.objects.bulk_create(rows)
    for regular in standing[:6]:
        StandingOrderPause.objects.create(
            standing_order=regular,
            starts_on=today - datetime.timedelta(days=2),
            ends_on=today + datetime.timedelta(days=5),
            reason=rng.choice(["住院", "去子女家小住"]),
        )
    return standing
