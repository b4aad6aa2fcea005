"""Races with real concurrent transactions on PostgreSQL (one connection per thread): a wish is
adopted once, a resource and a budget are never overdrawn, a need moves once."""

import datetime
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from licang.errors import ConflictError
from services.linkage import actions
from services.linkage.models import CharityResource, Need, Pledge, Project, Spending, Wish
from tests.linkage.conftest import post

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run ``calls`` at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as exc:  # the outcome is what the test inspects
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_pledges_accepted_at_once_adopt_the_wish_once(wish, district_admin, licun_staff):
    first = actions.pledge_offer(wish=wish, name="甲", phone="13900000001", offer="买鼓")
    second = actions.pledge_offer(wish=wish, name="乙", phone="13900000002", offer="买鼓")
    results = race(
        lambda: actions.pledge_accept(pledge=first, by=district_admin),
        lambda: actions.pledge_accept(pledge=second, by=licun_staff),
    )
    refused = [r for r in results if isinstance(r, ConflictError)]
    assert len(refused) == 1, results
    assert Pledge.objects.filter(wish=wish, status="accepted").count() == 1
    wish.refresh_from_db()
    assert wish.status == Wish.Status.ADOPTED


def test_a_volunteer_and_an_organisation_adopting_at_once_adopt_once(wish, volunteer, haixin):
    results = race(
        lambda: actions.wish_adopt(wish=wish, volunteer=volunteer),
        lambda: actions.wish_adopt(wish=wish, organisation=haixin.organisation),
    )
    assert sum(isinstance(r, ConflictError) for r in results) == 1, results


def test_two_needs_drawing_the_last_units_at_once_never_overdraw(visit):
    rice = actions.resource_save(
        resource=CharityResource(
            name="大米", donor="爱心企业", kind="goods", unit="袋",
            quantity=Decimal("5"), received_on=datetime.date(2026, 5, 1),
        )
    )  # fmt: skip
    needs = [
        actions.need_add(visit=visit, category="material", description=f"米{i}") for i in range(3)
    ]
    results = race(
        *[
            (lambda n=n: actions.need_match(need=n, resource=rice, quantity=Decimal("3")))
            for n in needs
        ]
    )
    assert sum(isinstance(r, ConflictError) for r in results) == 2, results
    rice.refresh_from_db()
    assert rice.remaining == Decimal("2")
    assert Need.objects.filter(status="matched").count() == 1


def test_two_spendings_at_once_never_exceed_the_budget(project):
    def spend() -> Spending:
        return actions.spending_record(
            project=project, source="district", amount=Decimal("6000"),
            spent_on=datetime.date(2026, 6, 1), description="物资",
        )  # fmt: skip

    results = race(spend, spend)
    refused = [r for r in results if isinstance(r, ConflictError)]
    assert len(refused) == 1 and refused[0].code == "budget_exceeded", results
    project.refresh_from_db()
    assert project.spent == Decimal("6000.00") == sum(s.amount for s in Spending.objects.all())
    assert Project.objects.get(pk=project.pk).spent <= project.budget


def test_two_moves_posted_at_once_move_the_need_once(need, haixin):
    matched = actions.need_match(need=need, organisation=haixin.organisation)
    url = reverse("linkage-api:need-progress", args=[matched.public_id])

    def send(body: dict[str, str]) -> Callable[[], int]:
        return lambda: post(Client(), url, haixin, body).status_code

    results = race(send({"status": "met"}), send({"status": "closed", "note": "搬离"}))
    assert sorted(results) == [200, 409], results
    matched.refresh_from_db()
    assert matched.status in {"met", "closed"}
    assert matched.steps.filter(status__in=["met", "closed"]).count() == 1


def test_two_staff_accepting_two_pledges_in_the_admin_at_once_adopt_the_wish_once(
    wish, district_admin, licun_staff
):
    first = actions.pledge_offer(wish=wish, name="甲", phone="13900000001", offer="买鼓")
    second = actions.pledge_offer(wish=wish, name="乙", phone="13900000002", offer="买鼓")
    url = reverse("admin:linkage_pledge_changelist")

    def accept(user: Any, pledge: Pledge) -> Callable[[], int]:
        def send() -> int:
            client = Client()
            client.force_login(user)
            body = {"action": "accept", "_selected_action": [pledge.pk], "index": 0}
            return client.post(url, body).status_code

        return send

    results = race(accept(district_admin, first), accept(licun_staff, second))
    assert results == [302, 302], results  # each answers with a message, never a server error
    assert Pledge.objects.filter(wish=wish, status="accepted").count() == 1
    assert Pledge.objects.filter(wish=wish, status="declined").count() == 1
    wish.refresh_from_db()
    assert wish.status == Wish.Status.ADOPTED
