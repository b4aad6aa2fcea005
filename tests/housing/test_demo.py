"""The demo district's property certificates: 杨哥庄北小区 as the report tells it, built once."""

import io

from django.apps import apps
from django.core.management import call_command

from housing import actions, selectors
from housing.models import Case, Estate, Milestone, Obstacle, ProcessingDayEntry, Step, Unit
from licang.errors import ConflictError
from licang.models import Partner


def housing_row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("housing").get_models()
    }


def test_the_demo_holds_the_estate_of_the_report_and_a_second_run_changes_nothing(
    demo_district, db
):
    first = housing_row_counts()
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    assert housing_row_counts() == first

    estate = Estate.objects.get(name_zh_hans="杨哥庄北小区")
    assert (estate.homes, estate.shops, estate.year_occupied) == (260, 30, 2000)
    assert estate.agent.name == "青岛万达达实业总公司"
    assert estate.agent.kind == Partner.Kind.REGISTRATION_AGENT
    units = Unit.objects.filter(estate=estate)
    assert units.filter(kind="home").count() == 260 and units.filter(kind="shop").count() == 30
    assert all(unit.ownerships.exists() for unit in units.prefetch_related("ownerships"))
    progress = selectors.estate_progress(estate)
    assert progress["units"] == 290 and progress["issued"] > 250
    held = Case.objects.filter(unit__estate=estate, on_hold=True)
    assert 3 <= held.count() <= 10 and all(case.hold_reason for case in held)
    assert Milestone.objects.filter(estate=estate, kind="initial_registration").exists()
    assert not Obstacle.objects.filter(estate=estate).blocking_open().exists()
    # the processing week's reports name the cases that could not move, with their reasons
    refused = ProcessingDayEntry.objects.filter(day__estate=estate, moved=False)
    assert refused.exists() and all(entry.reason for entry in refused)

    blocked = Estate.objects.exclude(pk=estate.pk).get()
    assert Obstacle.objects.filter(estate=blocked).blocking_open().exists()
    try:
        actions.milestone_record(
            milestone=Milestone(
                estate=blocked, kind="initial_registration", happened_on=estate.work_began_on
            )
        )
    except ConflictError as refusal:
        assert refusal.code == "obstacle_open"
    else:
        raise AssertionError("the blocked estate recorded its initial registration")
    assert not Case.objects.filter(unit__estate=blocked).exclude(step=Step.NOT_STARTED).exists()
