import time_machine
from django.urls import reverse

URL = reverse("registry-api:community-list")


@time_machine.travel("2026-03-02 08:00:10+08:00", tick=False)
def test_a_token_over_its_rate_gets_429_with_retry_after(client, partners, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/minute", "anon": "3/minute"},
    }
    persona = partners["caterer"]
    statuses = [client.get(URL, **persona.auth).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(URL, **persona.auth, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert response["Retry-After"] == "50"
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "throttled"
    assert response.json()["title"] == "Too many requests."


@time_machine.travel("2026-03-02 08:00:10+08:00", tick=False)
def test_each_token_has_its_own_budget(client, partners, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "1/minute", "anon": "1/minute"},
    }
    assert client.get(URL, **partners["caterer"].auth).status_code == 200
    assert client.get(URL, **partners["caterer"].auth).status_code == 429
    assert client.get(URL, **partners["insurer"].auth).status_code == 200


def test_the_budget_returns_in_the_next_window(client, partners, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "1/minute", "anon": "1/minute"},
    }
    persona = partners["caterer"]
    with time_machine.travel("2026-03-02 08:00:59+08:00", tick=False):
        assert client.get(URL, **persona.auth).status_code == 200
        assert client.get(URL, **persona.auth).status_code == 429
    with time_machine.travel("2026-03-02 08:01:00+08:00", tick=False):
        assert client.get(URL, **persona.auth).status_code == 200


def test_past_windows_are_pruned_by_the_daily_command(client, partners):
    import io

    from django.core.management import call_command

    from licang.models import ThrottleCounter

    persona = partners["caterer"]
    with time_machine.travel("2026-02-27 08:00+08:00", tick=False):  # two days before
        client.get(URL, **persona.auth)
    with time_machine.travel("2026-03-01 08:00+08:00", tick=False):
        client.get(URL, **persona.auth)
        call_command("prune_api_records", stdout=io.StringIO())
    assert ThrottleCounter.objects.count() == 1
