"""The centers and desk admins write through actions: deleting is an action or not offered,
centers are closed and volunteers ended instead, and an action's refusal answers the form."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from licang.admin_writes import ActionAdmin
from licang.errors import ConflictError
from services.centers import actions
from services.centers.models import CalendarDay, Center, Facility, Volunteer
from tests.conftest import login
from tests.desk.factories import make_volunteer

OUR_APPS = {"centers", "desk"}


def our_admins():
    return sorted(
        (
            (f"{model._meta.app_label}_{model._meta.model_name}", model_admin)
            for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in OUR_APPS
        ),
        key=lambda pair: pair[0],
    )


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(("name", "model_admin"), our_admins(), ids=[n for n, _a in our_admins()])
def test_every_centers_and_desk_admin_deletes_through_an_action_or_not_at_all(
    name, model_admin, rf, admin_user
):
    request = rf.get("/")
    request.user = admin_user  # a superuser: every permission the admin itself offers
    assert isinstance(model_admin, ActionAdmin)
    if model_admin.has_delete_permission(request):
        assert type(model_admin).offers_delete(), f"{name} deletes without an action"
    if any(inline.can_delete for inline in model_admin.inlines):
        # removed inline rows go through the admin's own save_formset, which calls the actions
        assert type(model_admin).save_formset is not admin.ModelAdmin.save_formset


def center_form(center, **changes):
    data = {
        "name_zh_hans": center.name_zh_hans or "",
        "name_en": center.name_en or "",
        "slug": center.slug,
        "brand": center.brand,
        "subdistrict": center.subdistrict_id,
        "communities": [c.pk for c in center.communities.all()],
        "status": center.status,
        "status_note_zh_hans": center.status_note_zh_hans or "",
    }
    for prefix in ["hours", "facilities", "exceptions"]:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | changes


def test_a_centers_communities_are_set_through_center_save(district, district_admin, monkeypatch):
    center = district.center
    calls = []
    real = actions.center_save
    monkeypatch.setattr(
        actions, "center_save", lambda **kw: calls.append(kw["communities"]) or real(**kw)
    )
    url = reverse("admin:centers_center_change", args=[center.pk])
    response = login(district_admin).post(
        url, center_form(center, communities=[district.licun_b.pk])
    )
    assert response.status_code == 302
    assert [list(c) for c in calls] == [[district.licun_b]]
    assert list(center.communities.all()) == [district.licun_b]


def test_a_refusal_of_center_save_answers_the_form_and_saves_nothing(
    district, district_admin, monkeypatch
):
    center = district.center
    before = {c.pk for c in center.communities.all()}
    real = actions.center_save

    def refuse_after_saving(**kw):
        real(**kw)  # the attempt is rolled back as a whole, even what the action wrote first
        raise ValidationError({"name_zh_hans": ValidationError("这个名称不行。")})

    monkeypatch.setattr(actions, "center_save", refuse_after_saving)
    response = login(district_admin).post(
        reverse("admin:centers_center_change", args=[center.pk]),
        center_form(center, name_zh_hans="改过的名字", communities=[district.licun_b.pk]),
    )
    assert response.status_code == 200  # the form again, not a server error
    assert response.context["adminform"].form.errors["name_zh_hans"] == ["这个名称不行。"]
    center.refresh_from_db()
    assert center.name != "改过的名字"
    assert {c.pk for c in center.communities.all()} == before
    assert messages_of(response) == []  # no success message


def test_a_center_is_closed_not_deleted(district, district_admin):
    center = district.center
    client = login(district_admin)
    assert (
        client.post(
            reverse("admin:centers_center_delete", args=[center.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    client.post(
        reverse("admin:centers_center_changelist"),
        {"action": "close_selected", "_selected_action": [center.pk]},
    )
    center.refresh_from_db()
    assert center.status == Center.Status.CLOSED


def test_a_volunteer_is_ended_not_deleted(district, center_staff):
    volunteer = make_volunteer(district.center)
    client = login(center_staff)
    assert (
        client.post(
            reverse("admin:centers_volunteer_delete", args=[volunteer.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    client.post(
        reverse("admin:centers_volunteer_changelist"),
        {"action": "end_selected", "_selected_action": [volunteer.pk]},
    )
    volunteer.refresh_from_db()
    assert volunteer.is_active is False
    assert Volunteer.objects.filter(pk=volunteer.pk).exists()


@pytest.fixture
def mistaken_day(db):
    return actions.calendar_day_save(
        day=CalendarDay(date=datetime.date(2031, 5, 6), kind="holiday", name="错录")
    )


def test_a_calendar_day_entered_by_mistake_is_deleted_through_its_action(
    mistaken_day, district_admin, monkeypatch
):
    deleted = []
    real = actions.calendar_day_delete
    monkeypatch.setattr(
        actions, "calendar_day_delete", lambda **kw: deleted.append(kw["day"].pk) or real(**kw)
    )
    url = reverse("admin:centers_calendarday_delete", args=[mistaken_day.pk])
    assert login(district_admin).post(url, {"post": "yes"}).status_code == 302
    assert deleted == [mistaken_day.pk]
    assert not CalendarDay.objects.filter(pk=mistaken_day.pk).exists()


def test_a_refused_delete_is_an_error_message_and_deletes_nothing(
    mistaken_day, district_admin, monkeypatch
):
    def refuse(**kw):
        raise ConflictError("这一天不能删除。")

    monkeypatch.setattr(actions, "calendar_day_delete", refuse)
    url = reverse("admin:centers_calendarday_delete", args=[mistaken_day.pk])
    response = login(district_admin).post(url, {"post": "yes"})
    assert response.status_code == 302
    assert messages_of(response) == ["这一天不能删除。"]
    assert CalendarDay.objects.filter(pk=mistaken_day.pk).exists()


def test_a_facility_is_deleted_through_its_action(district, district_admin, monkeypatch):
    facility = actions.facility_save(facility=Facility(center=district.center, kind="bakery"))
    deleted = []
    real = actions.center_record_delete
    monkeypatch.setattr(
        actions, "center_record_delete", lambda **kw: deleted.append(kw["record"].pk) or real(**kw)
    )
    url = reverse("admin:centers_facility_delete", args=[facility.pk])
    assert login(district_admin).post(url, {"post": "yes"}).status_code == 302
    assert deleted == [facility.pk]
    assert not Facility.objects.filter(pk=facility.pk).exists()
