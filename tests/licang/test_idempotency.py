import threading

import pytest
from django.db import connection
from django.test import Client

from licang.registry.models import Community

pytestmark = pytest.mark.urls("tests.licang.idempotency_urls")
URL = "/test/communities/"


def post(client, persona, body, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(URL, body, content_type="application/json", **persona.auth, **headers)


def test_the_same_key_and_body_returns_the_first_answer_and_creates_nothing(client, partners):
    persona = partners["social_organisation"]
    first = post(client, persona, {"name": "新社区"}, key="retry-1")
    again = post(client, persona, {"name": "新社区"}, key="retry-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Community.objects.filter(name="新社区").count() == 1


def test_the_same_key_with_another_body_is_409(client, partners):
    persona = partners["social_organisation"]
    post(client, persona, {"name": "甲社区"}, key="k")
    response = post(client, persona, {"name": "乙社区"}, key="k")
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert not Community.objects.filter(name="乙社区").exists()


def test_keys_belong_to_one_token(client, partners, db):
    from licang.actions import token_issue

    persona = partners["social_organisation"]
    _, other_secret = token_issue(partner=persona.partner, name="second")
    post(client, persona, {"name": "丙社区"}, key="shared")
    response = client.post(
        URL,
        {"name": "丁社区"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {other_secret}",
        HTTP_IDEMPOTENCY_KEY="shared",
    )
    assert response.status_code == 201


def test_a_failed_request_is_not_remembered(client, partners):
    persona = partners["social_organisation"]
    bad = post(client, persona, {"name": ""}, key="fix-and-retry")
    assert bad.status_code == 400
    good = post(client, persona, {"name": "戊社区"}, key="fix-and-retry")
    assert good.status_code == 201


def test_without_a_key_every_post_creates(client, partners):
    persona = partners["social_organisation"]
    post(client, persona, {"name": "己社区"})
    response = post(client, persona, {"name": "己社区"})
    assert response.status_code == 400  # the second one collides with the first: two writes ran


@pytest.mark.django_db(transaction=True)
def test_two_retries_racing_each_other_create_one_record(partners):
    persona = partners["social_organisation"]
    barrier = threading.Barrier(2)
    answers = []

    def send():
        barrier.wait()
        try:
            answers.append(post(Client(), persona, {"name": "并发社区"}, key="race").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [201, 201]
    assert Community.objects.filter(name="并发社区").count() == 1


def test_old_keys_are_pruned(client, partners):
    import io

    import time_machine
    from django.core.management import call_command

    from licang.models import IdempotencyRecord

    persona = partners["social_organisation"]
    with time_machine.travel("2026-01-01 09:00+08:00"):
        post(client, persona, {"name": "旧社区"}, key="old")
    with time_machine.travel("2026-01-05 09:00+08:00"):
        post(client, persona, {"name": "新近社区"}, key="recent")
    with time_machine.travel("2026-01-10 09:00+08:00"):
        call_command("prune_api_records", stdout=io.StringIO())
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["recent"]
