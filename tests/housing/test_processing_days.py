"""On-site processing days: a batch moves every case that may move and reports the others."""

from __future__ import annotations

import datetime

import pytest

from housing import actions
from housing.models import HoldReason, ProcessingDay, Step
from tests.housing.conftest import complete_documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(estate):
    return actions.processing_day_save(
        day=ProcessingDay(estate=estate, day=datetime.date(2022, 6, 14), place="杨哥庄社区居委会")
    )


def test_a_batch_over_twenty_cases_applies_seventeen_and_reports_three(
    estate, make_case, housing_staff, day
):
    cases = [make_case(estate) for _ in range(20)]
    for case in cases[:18]:
        complete_documents(case, housing_staff)
    # blocked: two with a document missing, one held for an inheritance dispute
    actions.case_hold(case=cases[0], reason=HoldReason.INHERITANCE_DISPUTE, by=housing_staff)

    entries = actions.processing_day_apply(
        day=day, cases=cases, by=housing_staff, to=Step.DOCUMENTS_COMPLETE, note="现场受理"
    )

    assert len(entries) == 20
    moved = [e for e in entries if e.moved]
    refused = {e.case_id: e for e in entries if not e.moved}
    assert len(moved) == 17
    assert set(refused) == {cases[0].pk, cases[18].pk, cases[19].pk}
    assert refused[cases[0].pk].code == "on_hold"
    assert refused[cases[18].pk].code == "documents_missing"
    assert "身份证" in refused[cases[18].pk].reason
    for case in cases:
        case.refresh_from_db()
    assert sum(c.step == Step.DOCUMENTS_COMPLETE for c in cases) == 17
    assert cases[18].step == Step.NOT_STARTED and not cases[18].moves.exists()
    # the day's report: what moved, through the case history too
    assert day.moves.count() == 17
    listed = ProcessingDay.objects.for_listing().get(pk=day.pk)
    assert (listed.moved, listed.refused) == (17, 3)


def test_a_batch_moves_each_case_to_its_own_next_step(estate, make_case, housing_staff, day):
    first, second = make_case(estate), make_case(estate)
    for case in (first, second):
        complete_documents(case, housing_staff)
    first = actions.case_advance(case=first, to=Step.DOCUMENTS_COMPLETE, by=housing_staff)
    actions.processing_day_apply(day=day, cases=[first, second], by=housing_staff)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.step, second.step) == (Step.TAX_ASSESSED, Step.DOCUMENTS_COMPLETE)


def test_a_case_of_another_estate_is_reported_not_moved(
    estate, other_estate, make_case, housing_staff, day
):
    stranger = make_case(other_estate)
    complete_documents(stranger, housing_staff)
    [entry] = actions.processing_day_apply(day=day, cases=[stranger], by=housing_staff)
    assert not entry.moved and entry.code == "other_estate"
