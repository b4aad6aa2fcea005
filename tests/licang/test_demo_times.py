"""The demo district as loaded on a day in the middle of its year: nothing has happened after
"now" (requests, steps, claims, checks, cases…), and no claim was submitted after it was paid."""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import pghistory.models
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from health.models import CataractCase, InsuranceClaim
from services.desk.models import RequestStep, ServiceRequest
from tests.conftest import PROJECT_APPS

# dates that name the future by design, not something that happened
PLANNED = {
    ("centers.OpeningException", "date"),  # a closure announced ahead
    ("centers.CalendarDay", "date"),  # the year's holidays and make-up working days
    ("desk.ServiceRequest", "due_at"),  # an open request's deadline
    ("health.InsurancePolicy", "ends_on"),  # a policy runs to the end of its year
    ("health.HospitalDesignation", "valid_until"),  # a designation's end
    ("eldercare.Menu", "date"),  # tomorrow's menus are published today
    ("eldercare.MealPointPause", "starts_on"),  # a point's closure announced ahead
    ("eldercare.MealPointPause", "ends_on"),
    ("outbox.Message", "next_attempt_at"),  # a message held until the quiet hours end
    # the year's quiet hours are seeded by a migration, when the test database was made (the
    # real clock, which the test travels back from)
    ("outbox.QuietHours", "updated_at"),
    ("eldercare.StandingOrderPause", "ends_on"),  # a regular's hospital stay runs on
    ("eldercare.Activity", "starts_on"),  # classes and outings to sign up for
    ("eldercare.Activity", "ends_on"),
    ("eldercare.Activity", "signup_closes_on"),
}
# before the demo's last day of activity (31 October 2026): the case where dates could run ahead
LOADED_AT = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def recorded_dates() -> list[tuple[type[models.Model], models.Field]]:
    found = []
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            # the history's times come from the database clock, which the test cannot move
            if issubclass(model, pghistory.models.Event | pghistory.models.Events):
                continue
            for field in model._meta.concrete_fields:
                if isinstance(field, models.DateField) and (
                    (model._meta.label, field.name) not in PLANNED
                ):
                    found.append((model, field))
    return found


@time_machine.travel(LOADED_AT, tick=True)
def test_the_demo_holds_nothing_after_it_was_loaded_and_no_claim_paid_before_it_was_filed(db):
    # one test, one load: the demo takes about a minute to build
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    now, today = timezone.now(), timezone.localdate()
    future = {}
    for model, field in recorded_dates():
        bound = now if isinstance(field, models.DateTimeField) else today
        count = model._default_manager.filter(**{f"{field.name}__gt": bound}).count()
        if count:
            future[f"{model._meta.label}.{field.name}"] = count
    assert future == {}
    # the desk's requests and their steps, the demo's busiest rows, are there to be checked
    assert ServiceRequest.objects.exists() and RequestStep.objects.exists()

    claims = InsuranceClaim.objects.filter(paid_on__isnull=False)
    assert claims.exists()
    for claim in claims:
        assert timezone.localtime(claim.submitted_at).date() <= claim.paid_on
        assert claim.submitted_at <= claim.decided_at
    for case in CataractCase.objects.filter(paid_on__isnull=False):
        assert timezone.localtime(case.filed_at).date() <= case.paid_on
        assert case.filed_at <= case.decided_at
