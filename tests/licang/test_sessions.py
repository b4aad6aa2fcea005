"""Staff sessions end after a working day without activity; passwords are long, not common."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

pytestmark = pytest.mark.django_db
WORKING_DAY = 9 * 60 * 60


def test_each_request_starts_the_working_day_again_and_idleness_ends_it(district_admin, client):
    start = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        client.force_login(district_admin)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 200
        assert response.cookies["sessionid"]["max-age"] == WORKING_DAY
    # busy all day: eight hours later the session is still open, and runs for another day
    with time_machine.travel(start + datetime.timedelta(hours=8), tick=False):
        assert client.get(reverse("admin:index")).status_code == 200
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
