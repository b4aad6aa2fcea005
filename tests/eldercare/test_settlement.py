"""Monthly caterer settlements: computed from the meals served, locked once approved (in the
database too), corrections going into the next month, exported to Excel."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from openpyxl import load_workbook

from eldercare import actions, selectors
from eldercare.exports import settlement_workbook
from eldercare.models import Order, Settlement, SettlementLine
from licang.api.authentication import PartnerPrincipal
from licang.errors import ConflictError
from tests.eldercare.conftest import at, publish

pytestmark = pytest.mark.django_db

MAY = datetime.date(2026, 5, 1)
JUNE = datetime.date(2026, 6, 1)


@pytest.fixture
def may_meals(point, enrolment, frozen_time, caterer):
    """Two meals served in May at the caterer's point: the elder's (subsidised, 5 yuan) and a
    member of the public's; one no-show."""
    day = datetime.date(2026, 5, 20)
    frozen_time.move_to(at(8, day=day))
    menu = publish(point, day=day)
    elder = actions.order_place(menu=menu, mode="dine_in", enrolment=enrolment, source="api")
    public = actions.order_place(menu=menu, mode="dine_in", source="api")
    absent = actions.order_place(menu=menu, mode="dine_in", source="api")
    frozen_time.move_to(at(13, day=day))
    for order in (elder, public):
        actions.order_mark(order=order, status=Order.Status.SERVED)
    actions.order_mark(order=absent, status=Order.Status.NO_SHOW)
    frozen_time.move_to(at(8))
    return elder, public, absent


def test_a_settlement_counts_the_meals_served_and_the_subsidy_per_tier(caterer, may_meals):
    settlement = actions.settlement_compute(caterer=caterer.partner, month=MAY)
    assert (settlement.meals_served, settlement.subsidised_meals) == (2, 1)
    assert settlement.subsidy_total == Decimal("5.00")
    line = settlement.lines.get()
    assert (line.tier_code, line.meals, line.subsidy) == ("age-70-79", 1, Decimal("5.00"))


def test_an_approved_month_cannot_be_changed_and_its_correction_lands_in_the_next_month(
    caterer, may_meals, district_admin
):
    *_served, absent = may_meals
    settlement = actions.settlement_compute(caterer=caterer.partner, month=MAY)
    settlement = actions.settlement_approve(settlement=settlement, by=district_admin)

    # the month's orders are locked with it
    with pytest.raises(ConflictError) as refused:
        actions.order_mark(order=absent, status=Order.Status.SERVED)
    assert refused.value.code == "month_settled"
    # neither computed again nor adjusted
    for change in (
        lambda: actions.settlement_compute(caterer=caterer.partner, month=MAY),
        lambda: actions.settlement_adjust(
            settlement=settlement, amount=Decimal("5"), reason="补记", by=district_admin
        ),
    ):
        with pytest.raises(ConflictError):
            change()
    # and the database refuses to change it or its lines behind the actions' back
    for write in (
        lambda: Settlement.objects.filter(pk=settlement.pk).update(subsidy_total=0),
        lambda: SettlementLine.objects.filter(settlement=settlement).update(meals=99),
        lambda: Settlement.objects.filter(pk=settlement.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
            write()

    correction = actions.settlement_correct(
        settlement=settlement,
        amount=Decimal("5.00"),
        reason="5月20日一份补贴漏记",
        by=district_admin,
    )
    assert correction.settlement.month == JUNE
    assert correction.corrects == settlement
    june = Settlement.objects.get(caterer=caterer.partner, month=JUNE)
    assert june.status == "draft" and june.adjustments_total == Decimal("5.00")
    settlement.refresh_from_db()
    assert (settlement.subsidy_total, settlement.adjustments_total) == (Decimal("5.00"), 0)


def test_only_a_district_administrator_approves(caterer, may_meals, licun_staff):
    settlement = actions.settlement_compute(caterer=caterer.partner, month=MAY)
    with pytest.raises(PermissionDenied):
        actions.settlement_approve(settlement=settlement, by=licun_staff)
    assert Settlement.objects.get(pk=settlement.pk).status == "draft"


def test_the_settlement_exports_to_excel_with_formulas_neutralised(
    caterer, may_meals, district_admin
):
    settlement = actions.settlement_compute(caterer=caterer.partner, month=MAY)
    actions.settlement_adjust(
        settlement=settlement, amount=Decimal("-3.00"), reason='=HYPERLINK("x")', by=district_admin
    )
    book = load_workbook(io.BytesIO(settlement_workbook(selectors.settlement_sheet(settlement))))
    summary = [row[:2] for row in book.worksheets[0].iter_rows(values_only=True)]
    assert ("餐饮机构", caterer.partner.name) in summary
    assert ("应付补贴", 5) in summary
    adjustments = list(book.worksheets[2].iter_rows(values_only=True))
    assert adjustments[1][1] == '\'=HYPERLINK("x")'
    points = list(book.worksheets[1].iter_rows(values_only=True))
    assert points[1][2] == 2  # meals served at the point


def test_the_admin_downloads_the_settlement_and_a_caterer_sees_only_its_own(
    caterer, other_caterer, may_meals, as_user, district_admin, licun_staff
):
    mine = actions.settlement_compute(caterer=caterer.partner, month=MAY)
    actions.settlement_compute(caterer=other_caterer.partner, month=MAY)
    client = as_user(district_admin)
    response = client.get(f"/admin/eldercare/settlement/{mine.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    # subdistrict staff do not read settlements (they span subdistricts)
    assert as_user(licun_staff).get(
        f"/admin/eldercare/settlement/{mine.pk}/export/"
    ).status_code in {
        403,
        404,
    }
    assert list(Settlement.objects.visible_to(PartnerPrincipal(caterer.partner))) == [mine]
