"""Projects: budget from funding, spending never above it without a logged override, progress
that rolls up from milestones and sub-projects."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from licang.errors import ConflictError
from services.linkage import actions
from services.linkage.models import BudgetOverride, Milestone, Project

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 1)


def spend(project, amount, **kwargs):
    return actions.spending_record(
        project=project, source="district", amount=Decimal(amount), spent_on=DAY,
        description="物资", **kwargs,
    )  # fmt: skip


def test_the_budget_is_the_sum_of_the_funding(project):
    actions.funding_set(project=project, source="charity", amount=Decimal("2500"))
    project.refresh_from_db()
    assert project.budget == Decimal("12500.00")


def test_spending_within_the_budget_is_recorded(project, licun_staff):
    spend(project, "6000", by=licun_staff)
    project.refresh_from_db()
    assert project.spent == Decimal("6000.00") and project.left == Decimal("4000.00")


def test_spending_beyond_the_budget_is_refused_without_an_override(project):
    spend(project, "9000")
    with pytest.raises(ConflictError) as refusal:
        spend(project, "1500")
    assert refusal.value.code == "budget_exceeded"
    project.refresh_from_db()
    assert project.spent == Decimal("9000.00")


def test_only_a_district_administrator_may_override(project, licun_staff):
    with pytest.raises(PermissionDenied):
        spend(project, "10500", by=licun_staff, override_reason="急需")
    assert not BudgetOverride.objects.exists()


def test_an_override_is_logged_with_who_how_much_and_why(project, district_admin):
    spending = spend(project, "10500", by=district_admin, override_reason="冬季取暖急需")
    override = BudgetOverride.objects.get()
    assert spending.override == override
    assert override.by == district_admin
    assert override.exceeded_by == Decimal("500.00")
    assert override.reason == "冬季取暖急需"


def test_progress_rolls_up_from_milestones_and_sub_projects(project, haixin):
    first = actions.milestone_save(milestone=Milestone(project=project, title="启动", due_on=DAY))
    actions.milestone_save(milestone=Milestone(project=project, title="结项", due_on=DAY))
    part = actions.project_save(
        project=Project(
            name="变废为宝·李村", level="district_key", parent=project,
            lead_organisation=haixin.organisation, starts_on=DAY, ends_on=DAY,
        )
    )  # fmt: skip
    part_step = actions.milestone_save(milestone=Milestone(project=part, title="回收", due_on=DAY))
    actions.milestone_reach(milestone=first, on=DAY)
    actions.milestone_reach(milestone=part_step, on=DAY)
    project.refresh_from_db()
    part.refresh_from_db()
    assert part.progress == 100
    # milestones 100 and 0, the sub-project 100
    assert project.progress == 67
