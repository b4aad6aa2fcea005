"""The production SMS backend against a stand-in gateway on 127.0.0.1 (no network): accepted,
a 500 retried until it goes through, a timeout."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import time_machine

from licang.outbox import actions, tasks
from licang.outbox.actions import DeliveryFailed
from licang.outbox.backends import DeliveryError, Outgoing, http
from licang.outbox.models import Message
from tests.desk.conftest import desk  # noqa: F401  (the fixture)
from tests.desk.factories import file_request
from tests.outbox.conftest import at


@dataclass
class Gateway:
    """Answers each POST with the next of ``answers`` (a status, or "slow" to sleep past the
    client's timeout), and records what it received."""

    url: str = ""
    answers: list[Any] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    state = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            state.received.append(
                {"headers": dict(self.headers), "body": json.loads(self.rfile.read(length))}
            )
            answer = state.answers.pop(0) if state.answers else 200
            if answer == "slow":
                time.sleep(1.5)
                answer = 200
            self.send_response(answer)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"ok": true}')

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/sms"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def use_gateway(settings: Any, gateway: Gateway) -> Gateway:
    settings.OUTBOX_SMS_BACKEND = "licang.outbox.backends.http.SmsBackend"
    settings.OUTBOX_SMS_GATEWAY_URL = gateway.url
    settings.OUTBOX_SMS_GATEWAY_KEY = "gateway-key-for-tests"
    settings.OUTBOX_SMS_GATEWAY_TIMEOUT = 0.5
    return gateway


def test_the_gateway_receives_the_message_as_json_with_the_key_and_a_repeat_guard(use_gateway):
    http.SmsBackend().send(Outgoing(to="13912345678", body="【李沧区】您好", key="outbox-7"))
    (received,) = use_gateway.received
    assert received["body"] == {
        "to": "13912345678",
        "body": "【李沧区】您好",
        "reference": "outbox-7",
    }
    assert received["headers"]["Authorization"] == "Bearer gateway-key-for-tests"
    assert received["headers"]["Idempotency-Key"] == "outbox-7"


def test_a_gateway_error_and_a_timeout_are_delivery_errors(use_gateway):
    use_gateway.answers = [500, 403, "slow"]
    backend = http.SmsBackend()
    for expected in ["500", "403", "unreachable"]:
        with pytest.raises(DeliveryError, match=expected):
            backend.send(Outgoing(to="13912345678", body="x", key="outbox-8"))


def test_no_gateway_address_is_a_failure_not_a_crash(settings):
    settings.OUTBOX_SMS_BACKEND = "licang.outbox.backends.http.SmsBackend"
    settings.OUTBOX_SMS_GATEWAY_URL = ""
    with pytest.raises(Exception, match="OUTBOX_SMS_GATEWAY_URL"):
        http.SmsBackend()


@pytest.mark.django_db
@time_machine.travel(at(10), tick=False)
def test_a_500_is_recorded_and_retried_until_the_gateway_takes_the_message(
    use_gateway,
    desk,  # noqa: F811
):
    use_gateway.answers = [500, "slow", 200]
    filed = file_request(desk.center, desk.booking)
    message = actions.message_queue(
        event="request_accepted", body="【李沧区】您好", about=filed, dedup_key="gw:1",
        name=filed.name, phone=filed.phone,
    )  # fmt: skip
    with pytest.raises(DeliveryFailed):  # the queue retries the job (RetryStrategy)
        tasks.deliver(message_id=message.pk)
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (
        "failed", 1, "gateway answered 500"
    )  # fmt: skip
    assert message.next_attempt_at == at(10, 0) + actions.backoff(1)
    with pytest.raises(DeliveryFailed):
        tasks.deliver(message_id=message.pk)  # the timeout
    tasks.deliver(message_id=message.pk)
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (
        "sent", 3, "gateway unreachable: timed out"
    )  # fmt: skip
    assert len(use_gateway.received) == 3


@pytest.mark.django_db
@time_machine.travel(at(10), tick=False)
def test_after_the_last_attempt_the_message_waits_for_staff(use_gateway, desk):  # noqa: F811
    use_gateway.answers = [500] * actions.MAX_ATTEMPTS
    filed = file_request(desk.center, desk.booking)
    message = actions.message_queue(
        event="request_accepted", body="【李沧区】您好", about=filed, dedup_key="gw:2",
        name=filed.name, phone=filed.phone,
    )  # fmt: skip
    for _attempt in range(actions.MAX_ATTEMPTS - 1):
        with pytest.raises(DeliveryFailed):
            tasks.deliver(message_id=message.pk)
    tasks.deliver(message_id=message.pk)  # the last: no retry is asked for
    message.refresh_from_db()
    assert (message.state, message.attempts, message.next_attempt_at) == (
        "failed", actions.MAX_ATTEMPTS, None
    )  # fmt: skip
    assert not Message.objects.due(at(23)).exists()


def test_the_delivery_job_retries_with_an_exponential_wait():
    retry = tasks.deliver.retry_strategy
    assert retry.max_attempts == actions.MAX_ATTEMPTS
    assert retry.exponential_wait == actions.BACKOFF_BASE_SECONDS
    assert list(retry.retry_exceptions) == [DeliveryFailed]
