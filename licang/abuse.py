"""Limits on the public forms against abuse, counted per address in PostgreSQL.

Filing requests: a few per hour from one address. Looking up a request: a handful of tries per
address, and a handful per reference whoever tries, so four digits cannot be guessed.
The limits are settings (``SERVICES_PAGE_LIMITS``) so a busy shared address can be given more.
"""

from __future__ import annotations

import hashlib
import math

from django.conf import settings
from django.http import HttpRequest

from licang.api.throttling import count_hit, parse_rate

DEFAULT_LIMITS = {
    "request_form": "5/hour",  # requests filed from one address
    "status_lookup": "30/hour",  # lookups from one address
    "reference_lookups": "10/hour",  # tries on one reference, right or wrong
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
