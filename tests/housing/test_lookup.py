"""The public status lookup: the right pair answers the step, a wrong pair nothing, failures are
throttled per client and per case without locking the family out for long."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from housing import actions
from housing.models import HoldReason, Step
from tests.housing.conftest import complete_documents

pytestmark = pytest.mark.django_db

URL = "/housing/lookup/"


def look(client, number, four, address="10.0.0.1"):
    return client.post(URL, {"case_number": number, "id_last_four": four}, REMOTE_ADDR=address)


def test_the_right_pair_answers_the_step_and_what_to_bring(estate, make_case, resident):
    case = make_case(estate)
    actions.case_document_receive(case=case, item=estate.checklist.get(code="id_card"), by=None)
    response = look(Client(), case.case_number.lower(), resident.id_number[-4:])
    page = response.content.decode()
    assert response.status_code == 200
    assert "未开始" in page or "Not started" in page
    result = page.split('data-testid="lookup-result"')[1].split("</section>")[0]
    assert "户口簿" in result and "安置协议" in result and "身份证" not in result
    assert resident.name not in page and resident.id_number not in page


def test_a_wrong_pair_reveals_nothing(estate, make_case, resident, other_estate):
    case = make_case(estate)
    wrong_digits = look(Client(), case.case_number, "0000")
    wrong_number = look(Client(), "FC2222222222", resident.id_number[-4:])
    for response in (wrong_digits, wrong_number):
        assert response.status_code == 200
        assert "lookup-result" not in response.content.decode()
        assert estate.name not in response.content.decode()
    assert wrong_digits.context["form"].non_field_errors() == (
        wrong_number.context["form"].non_field_errors()
    )


def test_a_held_case_says_it_is_paused_without_the_reason(
    estate, make_case, resident, housing_staff
):
    case = make_case(estate)
    complete_documents(case, housing_staff)
    actions.case_hold(
        case=case, reason=HoldReason.INHERITANCE_DISPUTE, by=housing_staff, note="兄弟争产"
    )
    page = look(Client(), case.case_number, resident.id_number[-4:]).content.decode()
    assert "兄弟争产" not in page and "继承" not in page
    assert "lookup-result" in page


# mid-window: the fixed windows of the counters do not turn over during the test
@time_machine.travel(datetime.datetime(2026, 6, 15, 10, 20, tzinfo=datetime.UTC), tick=False)
def test_failures_are_throttled_per_client(estate, make_case, resident):
    case = make_case(estate)
    client = Client()
    for n in range(10):
        assert look(client, f"FC22222222{n:02d}", "0000").status_code == 200
    # this address has failed ten times: even the right pair waits, from here
    assert look(client, case.case_number, resident.id_number[-4:]).status_code == 429
    # the family, elsewhere, is not blocked
    assert look(Client(), case.case_number, resident.id_number[-4:], "10.0.0.9").status_code == 200


def test_failures_on_one_case_from_many_addresses_block_it_only_for_a_short_while(
    estate, make_case, resident
):
    case = make_case(estate)
    start = datetime.datetime(2026, 6, 15, 10, 1, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for n in range(5):
            look(Client(), case.case_number, "0000", f"10.0.1.{n}")
        assert (
            look(Client(), case.case_number, resident.id_number[-4:], "10.0.2.1").status_code == 429
        )
    with time_machine.travel(start + datetime.timedelta(minutes=15), tick=False):
        response = look(Client(), case.case_number, resident.id_number[-4:], "10.0.2.1")
        assert response.status_code == 200 and "lookup-result" in response.content.decode()


def test_bad_input_is_a_field_error(db):
    response = Client().post(URL, {"case_number": "<script>", "id_last_four": "12"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"case_number", "id_last_four"}


def test_the_public_pages_show_the_estates_and_their_timeline(estate, make_case):
    make_case(estate)
    assert "杨哥庄北小区" in Client().get(reverse("housing:index")).content.decode()
    page = Client().get(reverse("housing:estate", args=[estate.code]))
    assert page.status_code == 200
    assert Client().get(reverse("housing:estate", args=["nowhere"])).status_code == 404


def test_a_case_of_step_issued_says_so(estate, make_case, resident, housing_staff):
    case = make_case(estate)
    complete_documents(case, housing_staff)
    for step in list(Step)[1:]:
        case = actions.case_advance(case=case, to=step, by=housing_staff)
    page = look(Client(), case.case_number, resident.id_number[-4:]).content.decode()
    assert "已发证" in page or "Certificate issued" in page
