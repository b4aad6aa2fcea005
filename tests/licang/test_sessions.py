"""Staff sessions end after a working day without activity; passwords are long, not common."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db
WORKING_DAY = 9 * 60 * 60


def test_activity_keeps_the_session_open_and_a_working_day_of_idleness_ends_it(
    district_admin, client
):
    start = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        client.force_login(district_admin)
        # just logged in: the session is not written again on every read
        assert client.get(reverse("admin:index")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=5), tick=False):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("admin:index")).status_code == 200
        assert not [q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    # busy all day: eight hours later the session is still open, and runs for another day
    with time_machine.travel(start + datetime.timedelta(hours=8), tick=False):
        response = client.get(reverse("admin:index"))
        assert response.status_code == 200
        assert response.cookies["sessionid"]["max-age"] == WORKING_DAY
    # then ten hours away: the session has ended and the admin asks for the log-in again
    with time_machine.travel(start + datetime.timedelta(hours=18), tick=False):
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]


@pytest.mark.parametrize(
    ("password", "refused"),
    [("Qd7-licang", True), ("password1234", True), ("licang-demo-2026", False)],
)
def test_staff_passwords_are_long_and_not_common(password, refused):
    try:
        validate_password(password)
    except ValidationError:
        assert refused
    else:
        assert not refused
