"""Limits on the public forms against abuse, counted per address in PostgreSQL.

Filing requests: a few per hour from one address. Looking up a request: a handful of tries per
address, and a handful per reference whoever tries, so four digits cannot be guessed.
The limits are settings (``SERVICES_PAGE_LIMITS``) so a busy shared address can be given more.
"""

from __future__ import annotations

import hashlib
import math

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from licang.api.throttling import count_hit, parse_rate

DEFAULT_LIMITS = {
    "request_form": "5/hour",  # requests filed from one address
    "status_lookup": "30/hour",  # lookups from one address
    "reference_lookups": "10/hour",  # tries on one reference, right or wrong
    "activity_signup": "10/hour",  # sign-ups for classes and outings from one address
    "wish_pledge": "10/hour",  # offers to adopt a micro-wish from one address
    "volunteer_sign_up": "5/hour",  # volunteer sign-ups from one address
}


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def allow(kind: str, ident: str) -> tuple[bool, int]:
    """Count an attempt of ``kind`` by ``ident``: is it allowed, and how many minutes to wait."""
    rate = getattr(settings, "SERVICES_PAGE_LIMITS", {}).get(kind, DEFAULT_LIMITS[kind])
    limit, duration = parse_rate(rate)
    # hashed: the counter table need not hold addresses or references in clear
    digest = hashlib.sha256(f"{kind}:{ident}".encode()).hexdigest()[:40]
    hits, wait = count_hit(f"page:{digest}", duration)
    return hits <= limit, max(1, math.ceil(wait / 60))


def refuse_form_if_too_many(request: HttpRequest, form: forms.BaseForm, kind: str) -> bool:
    """Count a public form's submission by the visitor's address; past the limit, put the reason
    on the form (in the visitor's language) and say so: the view answers 429."""
    allowed, wait = allow(kind, client_address(request))
    if allowed:
        return False
    form.is_valid()
    form.add_error(
        None,
        _(
            "Too many have been sent from your connection. Please try again in %(minutes)d "
            "minutes, or call your community."
        )
        % {"minutes": wait},
    )
    return True
