"""Proxy headers are believed only from the configured proxies."""

from __future__ import annotations

import pytest
import time_machine
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from licang.proxies import TrustedProxyMiddleware, client_of

PROXIES = ("10.0.0.0/8", "192.168.1.5")


def seen_by_the_portal(settings, remote: str, **headers: str) -> dict:
    settings.TRUSTED_PROXIES = list(PROXIES)
    seen: dict = {}

    def view(request):
        seen.update(request.META)
        return HttpResponse()

    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    TrustedProxyMiddleware(view)(request)
    return seen


def test_a_trusted_proxy_gives_the_clients_address_and_scheme(settings):
    meta = seen_by_the_portal(
        settings,
        "10.1.2.3",
        HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.7",
        HTTP_X_FORWARDED_PROTO="https",
    )
    assert meta["REMOTE_ADDR"] == "203.0.113.9"
    assert meta["HTTP_X_FORWARDED_PROTO"] == "https"
    assert "HTTP_X_FORWARDED_FOR" not in meta


def test_a_forged_address_to_the_left_of_the_proxys_view_is_ignored(settings):
    # the client wrote "1.1.1.1" itself; our proxy appended the address it saw
    meta = seen_by_the_portal(settings, "192.168.1.5", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.4")
    assert meta["REMOTE_ADDR"] == "198.51.100.4"


def test_from_anyone_else_both_headers_are_dropped(settings):
    meta = seen_by_the_portal(
        settings,
        "198.51.100.4",
        HTTP_X_FORWARDED_FOR="10.0.0.1",
        HTTP_X_FORWARDED_PROTO="https",
    )
    assert meta["REMOTE_ADDR"] == "198.51.100.4"
    assert "HTTP_X_FORWARDED_FOR" not in meta and "HTTP_X_FORWARDED_PROTO" not in meta


def test_with_no_proxies_configured_nothing_is_believed(settings):
    settings.TRUSTED_PROXIES = []
    seen: dict = {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="203.0.113.9")
    TrustedProxyMiddleware(lambda r: seen.update(r.META) or HttpResponse())(request)
    assert seen["REMOTE_ADDR"] == "10.1.2.3" and "HTTP_X_FORWARDED_FOR" not in seen


@pytest.mark.parametrize(
    ("forwarded", "client"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("203.0.113.9, 10.0.0.7, 10.0.0.8", "203.0.113.9"),
        ("10.0.0.7", None),  # only proxies: keep the connection's address
        ("not-an-address, 10.0.0.7", None),
        ("", None),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_right_most_address_that_is_no_proxy(forwarded, client):
    assert client_of(forwarded, PROXIES) == client


@pytest.mark.django_db
@time_machine.travel("2026-03-02 08:00:10+08:00", tick=False)
def test_a_forged_forwarded_for_does_not_escape_the_anonymous_api_limit(client, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "anon": "3/minute"},
    }
    url = reverse("centers-api:center-list")
    codes = [client.get(url, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]
