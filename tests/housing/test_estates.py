"""Estates, obstacles and milestones."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from housing import actions
from housing.models import Milestone, Obstacle, Unit
from licang.errors import ConflictError

pytestmark = pytest.mark.django_db


def _obstacle(estate, **fields):
    return actions.obstacle_save(
        obstacle=Obstacle(
            estate=estate,
            kind=fields.pop("kind", Obstacle.Kind.FIRE_SAFETY),
            agency_zh_hans="区消防救援大队",
            opened_on=datetime.date(2017, 3, 1),
            **fields,
        )
    )


def test_the_initial_registration_is_refused_while_a_blocking_obstacle_is_open(estate):
    obstacle = _obstacle(estate)
    _obstacle(estate, kind=Obstacle.Kind.OTHER, blocking=False)
    registration = Milestone(
        estate=estate,
        kind=Milestone.Kind.INITIAL_REGISTRATION,
        happened_on=datetime.date(2021, 8, 20),
    )
    with pytest.raises(ConflictError) as refused:
        actions.milestone_record(milestone=registration)
    assert refused.value.code == "obstacle_open"
    assert "消防" in str(refused.value) or "Fire" in str(refused.value)
    obstacle.status = Obstacle.Status.RESOLVED
    obstacle.resolved_on = datetime.date(2021, 5, 1)
    obstacle.resolution_zh_hans = "市专班协调，消防验收通过"
    actions.obstacle_save(obstacle=obstacle)
    assert actions.milestone_record(milestone=registration).pk is not None


def test_a_resolved_obstacle_says_how_and_when(estate):
    obstacle = _obstacle(estate)
    obstacle.status = Obstacle.Status.RESOLVED
    with pytest.raises(ValidationError) as refused:
        actions.obstacle_save(obstacle=obstacle)
    assert set(refused.value.error_dict) == {"resolved_on", "resolution"}


def test_a_milestone_cannot_be_in_the_future(estate):
    with pytest.raises(ValidationError):
        actions.milestone_record(
            milestone=Milestone(
                estate=estate, kind=Milestone.Kind.CEREMONY, happened_on=datetime.date(2999, 1, 1)
            )
        )


def test_owners_shares_add_up_to_a_hundred(estate, district):
    from tests import factories

    first = factories.make_resident(district.licun_a, name="王建国")
    second = factories.make_resident(district.licun_a, name="王秀兰")
    unit = Unit(estate=estate, building="2", entrance="1", room="101", floor_area=Decimal("70"))
    with pytest.raises(ValidationError):
        actions.unit_save(unit=unit, owners=[(first, Decimal(50)), (second, Decimal(40))])
    unit = Unit(estate=estate, building="2", entrance="1", room="102", floor_area=Decimal("70"))
    unit = actions.unit_save(unit=unit, owners=[(first, Decimal(50)), (second, Decimal(50))])
    assert unit.ownerships.count() == 2 and unit.case.step == "not_started"
