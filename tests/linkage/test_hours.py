"""Volunteer hours: logged, confirmed or refused, and a confirmed total."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from licang.errors import ConflictError
from services.centers import actions as centers_actions
from services.centers.models import Volunteer as CenterVolunteer
from services.linkage import actions, selectors
from services.linkage.models import VolunteerHours
from tests.linkage.conftest import TODAY

pytestmark = pytest.mark.django_db


def log(volunteer, hours="2.5", day=TODAY):
    return actions.hours_log(volunteer=volunteer, date=day, hours=Decimal(hours), activity="陪伴")


def test_only_confirmed_hours_count(volunteer, district_admin):
    confirmed = actions.hours_confirm(record=log(volunteer), by=district_admin)
    actions.hours_refuse(record=log(volunteer, "3"), by=district_admin, reason="重复登记")
    log(volunteer, "1")
    assert confirmed.status == VolunteerHours.Status.CONFIRMED
    assert selectors.confirmed_hours(volunteer) == Decimal("2.5")


def test_a_refusal_needs_a_reason(volunteer, district_admin):
    with pytest.raises(ValidationError):
        actions.hours_refuse(record=log(volunteer), by=district_admin, reason="")


def test_hours_are_decided_once(volunteer, district_admin):
    record = actions.hours_confirm(record=log(volunteer), by=district_admin)
    with pytest.raises(ConflictError):
        actions.hours_refuse(record=record, by=district_admin, reason="x")


def test_hours_cannot_be_logged_for_tomorrow(volunteer):
    with pytest.raises(ValidationError):
        log(volunteer, day=TODAY + datetime.timedelta(days=1))


def test_a_centers_volunteer_becomes_a_linkage_volunteer_once(district):
    center_volunteer = centers_actions.volunteer_save(
        volunteer=CenterVolunteer(center=district.center, name="周红", phone="13700000099")
    )
    first = actions.volunteer_from_center(center_volunteer=center_volunteer)
    again = actions.volunteer_from_center(center_volunteer=center_volunteer)
    assert first == again and first.name == "周红"
    assert set(first.communities.all()) == {district.licun_a, district.licun_b}
