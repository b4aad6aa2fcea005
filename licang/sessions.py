"""Staff sessions end after a working day without activity — without a write on every request.

``SESSION_COOKIE_AGE`` (a working day) counts from the session's last save. Saving it on every
request (``SESSION_SAVE_EVERY_REQUEST``) would turn each staff read into a write; instead the
session of a logged-in user is saved again when its last save is ``TOUCH_EVERY`` old or more, so
it ends between a working day less a quarter of an hour and a working day after the last request.
The time of the last save is stamped at log-in (Django's ``user_logged_in``) and at each touch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

TOUCH_EVERY = 15 * 60  # seconds
STAMP = "_licang_saved_at"


def _stamp(session: Any) -> None:
    session[STAMP] = int(timezone.now().timestamp())


def stamp_at_log_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    _stamp(request.session)


user_logged_in.connect(stamp_at_log_in, dispatch_uid="licang.sessions.stamp_at_log_in")


class SessionActivityMiddleware:
    """After ``SessionMiddleware`` in ``MIDDLEWARE`` (so that it saves what this marks)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # only a session the request read anyway (an API call with a token never loads one)
        if session is not None and session.accessed and SESSION_KEY in session:
            now = int(timezone.now().timestamp())
            if now - int(session.get(STAMP, 0)) >= TOUCH_EVERY:
                _stamp(session)
        return response
