"""The health programs tell a person their claim was decided, with a short reference."""

from __future__ import annotations

import datetime

import pytest

from health import actions
from licang.outbox.models import Message
from tests.health.conftest import (  # noqa: F401  (the fixtures)
    frozen_time,
    insured,
    insurer,
    rules,
)

pytestmark = pytest.mark.django_db


def claim(insured, insurer):  # noqa: F811
    return actions.claim_submit(
        resident=insured,
        claim_type="hospital_care",
        incident_date=datetime.date(2026, 3, 1),
        days=10,
        submitted_by=insurer.partner,
    )


def test_an_approved_claim_is_told_with_its_amount(insured, insurer, health_staff):  # noqa: F811
    approved = actions.claim_approve(claim=claim(insured, insurer), by=health_staff)
    told = Message.objects.about(approved).get(event="claim_decided")
    assert told.resident == insured
    assert "审核通过" in told.body and "2000.00元" in told.body
    assert str(approved.public_id).replace("-", "")[:8].upper() in told.body
    assert insured.id_number not in told.body


def test_a_rejected_claim_is_told_without_the_reasons_wording(insured, insurer, health_staff):  # noqa: F811
    rejected = actions.claim_reject(
        claim=claim(insured, insurer), by=health_staff, reason="材料不全 370213195001010011"
    )
    told = Message.objects.about(rejected).get(event="claim_decided")
    assert "未获通过" in told.body and "370213" not in told.body


def test_the_submitting_partner_is_told_by_e_mail_where_it_keeps_an_address(
    insured,  # noqa: F811
    insurer,  # noqa: F811
    health_staff,
):
    partner = insurer.partner
    partner.contact_email = "claims@insurer.example"
    partner.save()
    approved = actions.claim_approve(claim=claim(insured, insurer), by=health_staff)
    told = Message.objects.about(approved).get(event="claim_decided", resident=None)
    assert (told.channel, told.address, told.state) == ("email", partner.contact_email, "pending")
    assert str(approved.public_id).replace("-", "")[:8].upper() in told.body
    assert "审核通过" in told.body and "2000.00元" in told.body
    # the partner's message names the claim, never the person
    assert insured.name not in told.body and insured.id_number[-4:] not in told.body
    # the resident is told as before, by SMS
    assert Message.objects.about(approved).get(resident=insured).channel == "sms"


def test_a_partner_without_an_e_mail_address_is_not_written_to(insured, insurer, health_staff):  # noqa: F811
    approved = actions.claim_approve(claim=claim(insured, insurer), by=health_staff)
    assert list(Message.objects.about(approved).values_list("resident", flat=True)) == [insured.pk]
