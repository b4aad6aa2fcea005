"""Certificates issued per estate over time and the special cases left, on the public pages."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from housing import actions, selectors
from housing.models import STEPS, HoldReason
from tests.housing.conftest import complete_documents

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def issue(case, by, on):
    complete_documents(case, by)
    for step in STEPS[1:]:
        case = actions.case_advance(
            case=case,
            to=step,
            by=by,
            at=datetime.datetime(on.year, on.month, on.day, 10, tzinfo=SHANGHAI),
        )
    return case


def test_the_figures_count_certificates_per_estate_and_month_and_the_holds(
    estate, other_estate, make_case, housing_staff
):
    issue(make_case(estate), housing_staff, datetime.date(2022, 7, 1))
    issue(make_case(estate), housing_staff, datetime.date(2022, 7, 1))
    issue(make_case(estate), housing_staff, datetime.date(2022, 9, 12))
    held = make_case(estate)
    actions.case_hold(case=held, reason=HoldReason.OWNER_ABROAD, by=housing_staff)
    make_case(other_estate)
    figures = selectors.figures()
    mine = next(e for e in figures["estates"] if e["code"] == estate.code)
    assert (mine["units"], mine["issued"], mine["on_hold"]) == (290, 3, 1)
    assert [(m["month"], m["issued"]) for m in mine["monthly"]] == [
        (datetime.date(2022, 7, 1), 2),
        (datetime.date(2022, 9, 1), 1),
    ]
    assert figures["issued"] == 3 and figures["on_hold"] == 1
    assert figures["holds"][0]["reason"] == HoldReason.OWNER_ABROAD


def test_the_home_and_statistics_pages_show_them_without_names(
    estate, make_case, housing_staff, resident
):
    issue(make_case(estate), housing_staff, datetime.date(2022, 7, 1))
    statistics = Client().get("/statistics/").content.decode()
    assert "2022-07" in statistics and "杨哥庄北小区" in statistics
    assert resident.name not in statistics
    home = Client().get("/").content.decode()
    assert "/housing/lookup/" in home
