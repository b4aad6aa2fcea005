"""One transition function: the admin, the API and the status page all move a request through
``actions.request_move``, and offer what ``actions.request_moves_available`` answers."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from licang.api.authentication import PartnerPrincipal
from licang.errors import ConflictError
from services.desk import actions
from tests.conftest import login
from tests.desk.factories import complete, file_request


@pytest.fixture
def moves_made(monkeypatch):
    """Every call of ``actions.request_move`` by an interface, as (action, actor)."""
    made = []
    real = actions.request_move

    def spy(**kwargs):
        made.append((kwargs["action"], kwargs["actor"]))
        return real(**kwargs)

    monkeypatch.setattr(actions, "request_move", spy)
    return made


def test_the_admin_moves_a_request_through_request_move(desk, center_staff, moves_made):
    filed = file_request(desk.center, desk.booking)
    url = reverse("admin:desk_servicerequest_transition", args=[filed.pk])
    login(center_staff).post(url, {"action": "reject", "text": "不在服务范围"})
    filed.refresh_from_db()
    assert (filed.state, filed.state_note) == ("rejected", "不在服务范围")
    assert moves_made == [("reject", center_staff)]


def test_the_admins_bulk_accept_moves_each_request_through_request_move(
    desk, center_staff, moves_made
):
    first, second = file_request(desk.center, desk.booking), file_request(desk.center, desk.lamp)
    login(center_staff).post(
        reverse("admin:desk_servicerequest_changelist"),
        {"action": "accept_selected", "_selected_action": [first.pk, second.pk]},
    )
    assert [action for action, _actor in moves_made] == ["accept", "accept"]


def test_the_api_moves_a_request_through_request_move(desk, center_staff, moves_made):
    filed = file_request(desk.center, desk.booking)
    client = login(center_staff)
    url = reverse("desk-api:service-request-transition", args=[filed.reference])
    response = client.post(url, {"action": "accept"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["state"] == "accepted"
    assert moves_made == [("accept", center_staff)]


def test_the_status_page_moves_a_request_through_request_move(desk, client, moves_made):
    filed = file_request(desk.center, desk.booking, phone="13912345678")
    client.post(
        reverse("desk:status-lookup"), {"reference": filed.reference, "phone_last_four": "5678"}
    )
    client.post(reverse("desk:request-cancel", args=[filed.reference]), {"reason": "不用了"})
    filed.refresh_from_db()
    assert filed.state == "cancelled"
    assert moves_made == [("cancel", None)]


def test_staff_of_the_center_may_make_the_staff_moves_the_state_allows(desk, center_staff):
    filed = file_request(desk.center, desk.booking)
    assert actions.request_moves_available(service_request=filed, actor=center_staff) == {
        "accept",
        "reject",
        "cancel",
        "assign",
    }
    started = actions.request_start(
        service_request=actions.request_accept(service_request=filed, actor=center_staff),
        actor=center_staff,
    )
    assert actions.request_moves_available(service_request=started, actor=center_staff) == {
        "complete",
        "cancel",
        "assign",
    }


def test_staff_of_another_center_may_make_no_move(desk, jiushui_staff):
    filed = file_request(desk.center, desk.booking)
    assert actions.request_moves_available(service_request=filed, actor=jiushui_staff) == set()
    with pytest.raises(PermissionDenied):
        actions.request_move(service_request=filed, action="accept", actor=jiushui_staff)
    filed.refresh_from_db()
    assert filed.state == "submitted"


def test_the_resident_cancels_until_work_starts_then_rates_or_reopens(desk, center_staff):
    filed = file_request(desk.center, desk.booking)
    assert actions.request_moves_available(service_request=filed, actor=None) == {"cancel"}
    started = actions.request_start(
        service_request=actions.request_accept(service_request=filed, actor=center_staff),
        actor=center_staff,
    )
    assert actions.request_moves_available(service_request=started, actor=None) == set()
    with pytest.raises(ConflictError):
        actions.request_move(service_request=started, action="cancel", actor=None, reason="x")
    done = actions.request_complete(service_request=started, actor=center_staff)
    assert actions.request_moves_available(service_request=done, actor=None) == {"rate", "reopen"}


def test_a_partner_may_only_cancel_and_rate_the_requests_it_filed(desk, center_staff, partners):
    ngo = partners["social_organisation"].partner
    other = partners["health_institution"].partner
    filed = file_request(desk.center, desk.booking, partner=ngo)
    assert actions.request_moves_available(service_request=filed, actor=PartnerPrincipal(ngo)) == {
        "cancel"
    }
    assert actions.request_moves_available(
        service_request=filed, actor=PartnerPrincipal(other)
    ) == (set())
    with pytest.raises(PermissionDenied):
        actions.request_move(service_request=filed, action="accept", actor=PartnerPrincipal(ngo))
    done = complete(filed, center_staff)
    rated = actions.request_move(
        service_request=done, action="rate", actor=PartnerPrincipal(ngo), rating=4, note="好"
    )
    assert (rated.rating, rated.rating_comment) == (4, "好")
    assert rated.steps.last().actor_kind == "resident"  # the partner passes the rating on


def test_the_admin_offers_the_buttons_of_the_moves_available(desk, center_staff):
    filed = file_request(desk.center, desk.booking)
    page = login(center_staff).get(reverse("admin:desk_servicerequest_change", args=[filed.pk]))
    offered = page.context["transitions"]
    assert {m for m in ["accept", "start", "complete", "reject", "cancel"] if offered[m]} == {
        "accept",
        "reject",
        "cancel",
    }
    assert offered["assign_form"] is not None


def test_the_status_page_offers_the_forms_of_the_moves_available(desk, center_staff, client):
    filed = file_request(desk.center, desk.booking, phone="13912345678")
    client.post(
        reverse("desk:status-lookup"), {"reference": filed.reference, "phone_last_four": "5678"}
    )
    page = client.get(reverse("desk:request-status", args=[filed.reference]))
    assert page.context["cancel_form"] is not None
    assert page.context["rating_form"] is None
    complete(filed, center_staff)
    page = client.get(reverse("desk:request-status", args=[filed.reference]))
    assert page.context["cancel_form"] is None
    assert page.context["rating_form"] is not None
    assert page.context["reopen_form"] is not None
