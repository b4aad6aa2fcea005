"""A case moves once when two requests move it at the same moment (real PostgreSQL connections,
one per thread): the row lock makes the second see the step the first reached."""

import threading

import pytest
from django.db import connection
from django.test import Client

from housing.models import CaseMove, Step
from licang.registry.models import Subdistrict
from tests.housing.conftest import complete_documents


@pytest.fixture
def subdistricts(transactional_db):
    """The data migrations' rows, which tests/conftest.py restores for transactional tests."""
    assert Subdistrict.objects.count() == 11


def send_at_once(count, url, auth, body):
    barrier = threading.Barrier(count)
    results = [None] * count

    def send(index):
        try:
            client = Client(**auth)
            barrier.wait(timeout=10)
            response = client.post(url, body, content_type="application/json")
            results[index] = (response.status_code, response.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_agents_moving_a_case_at_once_move_it_once(
    subdistricts, estate, make_case, agent, housing_staff
):
    case = make_case(estate)
    complete_documents(case, housing_staff)
    url = f"/api/v1/housing/cases/{case.case_number}/transition/"
    results = send_at_once(3, url, agent.auth, {"to": Step.DOCUMENTS_COMPLETE, "note": ""})
    statuses = sorted(status for status, _body in results)
    assert statuses == [200, 409, 409]
    assert {body["code"] for status, body in results if status == 409} == {"step_skipped"}
    assert CaseMove.objects.filter(case=case).count() == 1
