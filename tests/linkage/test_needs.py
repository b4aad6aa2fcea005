"""Visits, the needs list and matching, built through the actions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from licang.errors import ConflictError
from services.linkage import actions, selectors
from services.linkage.models import CharityResource, Need, NeedStep
from tests.linkage.conftest import TODAY, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def rice(haixin):
    return actions.resource_save(
        resource=CharityResource(
            name="大米", donor="爱心企业", kind="goods", unit="袋",
            quantity=Decimal("10"), received_on=datetime.date(2026, 5, 1),
        )
    )  # fmt: skip


def test_a_visit_records_the_households_community(visit, household):
    assert visit.community_id == household.community_id


def test_a_visit_cannot_be_recorded_in_the_future(household):
    with pytest.raises(ValidationError) as refusal:
        actions.visit_record(household=household, visited_on=TODAY + datetime.timedelta(days=1))
    assert "visited_on" in refusal.value.error_dict


def test_a_need_moves_open_matched_in_progress_met(need, volunteer, district_admin):
    actions.need_match(need=need, volunteer=volunteer, by=district_admin)
    actions.need_progress(need=need, status="in_progress", by=district_admin)
    done = actions.need_progress(need=need, status="met", note="已陪伴", by=district_admin)
    assert done.status == Need.Status.MET and done.met_on == TODAY
    assert list(NeedStep.objects.filter(need=need).values_list("status", flat=True)) == [
        "open", "matched", "in_progress", "met"
    ]  # fmt: skip


def test_an_open_need_cannot_jump_to_met(need):
    with pytest.raises(ConflictError) as refusal:
        actions.need_progress(need=need, status="met")
    assert refusal.value.code == "invalid_transition"


def test_closing_a_need_needs_a_reason(need):
    with pytest.raises(ValidationError):
        actions.need_progress(need=need, status="closed", note=" ")
    closed = actions.need_progress(need=need, status="closed", note="已搬离")
    assert closed.close_reason == "已搬离"


def test_a_met_need_cannot_move_again(need, volunteer):
    actions.need_match(need=need, volunteer=volunteer)
    actions.need_progress(need=need, status="met")
    with pytest.raises(ConflictError):
        actions.need_progress(need=need, status="closed", note="x")


def test_matching_to_a_resource_draws_it_down(need, rice):
    actions.need_match(need=need, resource=rice, quantity=Decimal("4"))
    rice.refresh_from_db()
    assert rice.remaining == Decimal("6")


def test_a_resource_never_goes_below_zero(visit, rice):
    first = actions.need_add(visit=visit, category="material", description="米")
    second = actions.need_add(visit=visit, category="material", description="米")
    actions.need_match(need=first, resource=rice, quantity=Decimal("8"))
    with pytest.raises(ConflictError):
        actions.need_match(need=second, resource=rice, quantity=Decimal("3"))
    rice.refresh_from_db()
    second.refresh_from_db()
    assert rice.remaining == Decimal("2")
    assert second.status == Need.Status.OPEN


def test_the_database_refuses_a_negative_remainder(rice):
    with pytest.raises(IntegrityError), transaction.atomic():
        CharityResource.objects.filter(pk=rice.pk).update(remaining=Decimal("-1"))


def test_closing_a_matched_need_gives_the_resource_back(need, rice):
    actions.need_match(need=need, resource=rice, quantity=Decimal("4"))
    actions.need_progress(need=need, status="closed", note="不再需要")
    rice.refresh_from_db()
    assert rice.remaining == Decimal("10")


def test_a_need_is_matched_to_exactly_one(need, volunteer, haixin):
    with pytest.raises(ValidationError):
        actions.need_match(need=need, volunteer=volunteer, organisation=haixin.organisation)


def test_suggestions_rank_by_fit_then_load_and_explain_each_rank(
    need, volunteer, haixin, chuangyi, district, visit
):
    busy = make_volunteer(
        "孙丽", "13700000003", None, [district.licun_a], available_on=[0, 1, 2, 3]
    )
    make_volunteer("周敏", "13700000004", None, [district.licun_a], available_on=[0, 2, 4, 6])
    # not suggested: wrong skill, another community, never free
    make_volunteer("吴刚", "13700000005", None, [district.licun_a], skills=["repairs"])
    make_volunteer("郑洁", "13700000006", None, [district.licun_b])
    make_volunteer("冯伟", "13700000007", None, [district.licun_a], available_on=[])
    other = actions.need_add(visit=visit, category="companionship", description="另一需求")
    actions.need_match(need=other, volunteer=busy)

    suggestions = selectors.match_suggestions(need)

    names = [s.candidate.name for s in suggestions]
    # free three or more days (15): the idle one before the busy one; free two days (14); then
    # the organisation serving the community (12)
    assert names == ["周敏", "孙丽", "王芳", "青岛心海公益服务中心"]
    assert [s.rank for s in suggestions] == [1, 2, 3, 4]
    assert "1" in suggestions[1].explanation  # one need in hand
    assert all(s.explanation for s in suggestions)


def test_suggestions_run_two_queries_whatever_the_candidates(
    need, district, django_assert_num_queries
):
    for index in range(5):
        make_volunteer(f"志愿者{index}", f"1380000000{index}", None, [district.licun_a])
    need = Need.objects.for_listing().get(pk=need.pk)
    # the volunteers with their load; the organisations with theirs
    with django_assert_num_queries(2):
        selectors.match_suggestions(need)
