"""The demo district's health programs: the article's shape, built once."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command

from health import selectors
from health.models import HospitalDesignation, InsuranceClaim
from licang.models import Partner
from licang.outbox.models import Message


@pytest.fixture
def frozen_time():
    # the demo's activity runs to the end of October 2026
    with time_machine.travel(
        datetime.datetime(2026, 11, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True
    ):
        yield


def health_row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("health").get_models()
    }


def test_the_demo_reproduces_the_articles_shape_and_a_second_run_changes_nothing(demo_district, db):
    first = health_row_counts()
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    assert health_row_counts() == first

    figures = selectors.figures(2026)
    checks = figures["checkups"]
    assert checks["done"] > checks["target"] > 0  # a completion rate above 100%
    assert {b["band"] for b in checks["by_age_band"] if b["done"]} == {"60-64", "65-79", "80+"}
    assert set(InsuranceClaim.objects.values_list("status", flat=True)) == {
        "submitted",
        "approved",
        "rejected",
        "paid",
    }
    hospitals = {h["hospital"]: h["cases"] for h in figures["cataract"]["by_hospital"]}
    assert set(hospitals) == {
        "青岛市第三人民医院",
        "青岛市第八人民医院",
        "青岛眼科医院北院区",
        "青岛新视界眼科医院",
    }
    assert all(hospitals.values())
    undesignated = Partner.objects.get(name="青岛李沧沧口医院")
    assert undesignated.kind == "hospital"
    assert not HospitalDesignation.objects.filter(partner=undesignated).exists()
    assert all(b["committed"] <= b["amount"] for b in figures["budgets"])
    assert "演示" in figures["note"]


def test_the_demos_insurer_is_told_of_its_claims_decisions_by_e_mail(demo_district, db):
    insurer = Partner.objects.get(kind=Partner.Kind.INSURER, contact_email__gt="")
    told = Message.objects.filter(
        event="claim_decided", channel="email", address=insurer.contact_email
    )
    decided = InsuranceClaim.objects.filter(
        submitted_by=insurer, status__in=["approved", "rejected", "paid"]
    )
    assert told.count() == decided.count() > 0
