"""Caps hold when requests for the same person arrive at the same moment (real PostgreSQL
connections, one per thread)."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from health.models import InsuranceClaim, UsageLedger
from licang.registry.models import Subdistrict
from tests.factories import make_resident
from tests.health.conftest import post

CLAIMS = reverse("health-api:claim-list")
CHECKUPS = reverse("health-api:checkup-list")


@pytest.fixture
def subdistricts(transactional_db):
    """The data migrations' rows, which tests/conftest.py restores for transactional tests."""
    assert Subdistrict.objects.count() == 11


def send_at_once(bodies, url, persona):
    """POST each body from its own thread and connection, released together by a barrier."""
    barrier = threading.Barrier(len(bodies))
    results = [None] * len(bodies)

    def send(index, body):
        try:
            client = Client()
            barrier.wait(timeout=10)
            response = post(client, url, persona, body)
            results[index] = (response.status_code, response.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, b)) for i, b in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_claims_sent_at_once_never_exceed_the_cap(subdistricts, insured, insurer, client):
    first = post(
        client,
        CLAIMS,
        insurer,
        {
            "id_number": insured.id_number,
            "claim_type": "hospital_care",
            "incident_date": "2026-03-01",
            "days": 30,
        },
    )
    assert first.json()["amount_payable"] == "6000.00"

    body = {"id_number": insured.id_number, "claim_type": "hospital_care", "days": 70}
    results = send_at_once(
        [{**body, "incident_date": "2026-04-01"}, {**body, "incident_date": "2026-04-02"}],
        CLAIMS,
        insurer,
    )
    statuses = sorted(status for status, _body in results)
    assert statuses == [201, 409]
    accepted = next(body for status, body in results if status == 201)
    refused = next(body for status, body in results if status == 409)
    assert accepted["amount_payable"] == "12000.00"
    assert refused["code"] == "cap_exhausted"
    assert InsuranceClaim.objects.count() == 2
    ledger = UsageLedger.objects.get(resident=insured, benefit="hospital_care")
    assert ledger.used_units == 90


def test_two_institutions_recording_the_same_elder_at_once_record_one_check(
    subdistricts, district, rules, site, institution
):
    elder = make_resident(district.licun_a, birth=datetime.date(1950, 1, 1))
    body = {"id_number": elder.id_number, "site": site.code}
    results = send_at_once(
        [{**body, "check_date": "2026-06-01"}, {**body, "check_date": "2026-06-02"}],
        CHECKUPS,
        institution,
    )
    assert sorted(status for status, _body in results) == [201, 409]
    assert UsageLedger.objects.get(resident=elder, benefit="checkup").used_units == 1
