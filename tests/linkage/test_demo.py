"""The demo district reproduces the campaign's figures through the figures endpoint."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from licang.models import Partner
from services.linkage.models import (
    Child,
    Need,
    Project,
    SocialOrganisation,
    Visit,
    VolunteerHours,
    Wish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_time():
    # the demo's campaign ran in 2025; the demo is loaded later
    with time_machine.travel(
        datetime.datetime(2026, 11, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True
    ):
        yield


def linkage_row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("linkage").get_models()
    }


@pytest.fixture
def demo(demo_district, db):
    # the session's demo district (tests/conftest.py), loaded as of 2026-11-28 like this module
    return demo_district


def test_the_figures_endpoint_gives_the_campaigns_figures(demo, client):
    body = client.get(reverse("linkage-api:figures")).json()
    assert body["volunteers"] == 94
    assert body["children_visited"] == 80
    assert body["companionship_hours"] == "300.0"
    assert body["wishes_fulfilled"] == 31
    assert body["organisations"] == 12
    assert body["district_key_projects"] == 21
    assert body["community_projects"] == 108
    assert body["invested"]["district_key"] == "5230000.00"
    assert body["invested"]["subdistrict"] == "0.00"
    assert body["invested"]["community"] == "11300000.00"
    assert sum(body["community_organisations_by_year"].values()) == 945
    assert sum(body["needs_met_by_category"].values()) == Need.objects.filter(status="met").count()


def test_the_named_organisations_and_projects_are_there(demo):
    for name in ("你我创益", "青岛心海公益服务中心"):
        organisation = SocialOrganisation.objects.get(name_zh_hans=name)
        assert organisation.partner.kind == Partner.Kind.SOCIAL_ORGANISATION
    assert Project.objects.filter(name_zh_hans="变废为宝", level="district_key").exists()
    assert Project.objects.filter(name_zh_hans="益同行", level="community").exists()
    haixin = SocialOrganisation.objects.get(name_zh_hans="青岛心海公益服务中心")
    corners = Wish.objects.filter(adopted_by_organisation=haixin, wish_zh_hans__contains="学习角")
    assert corners.filter(status="fulfilled").count() == 5


def test_every_brought_in_organisation_is_a_partner_and_several_have_needs(demo):
    brought_in = SocialOrganisation.objects.brought_in()
    assert all(o.partner_id for o in brought_in)
    with_needs = brought_in.filter(needs__isnull=False).distinct().count()
    assert with_needs >= 3


def test_children_have_aliases_and_nothing_is_in_the_future(demo):
    assert Child.objects.count() == 80
    assert all(
        c.alias and c.alias != c.resident.name for c in Child.objects.select_related("resident")
    )
    today = timezone.localdate()
    assert not Wish.objects.filter(fulfilled_on__gt=today).exists()
    assert not Visit.objects.filter(visited_on__gt=today).exists()
    assert not VolunteerHours.objects.filter(date__gt=today).exists()


def test_loading_the_demo_twice_changes_nothing(demo):
    before = linkage_row_counts()
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    assert linkage_row_counts() == before
