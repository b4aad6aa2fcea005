"""Proxy headers, believed only from the proxies the deployment names.

Behind a reverse proxy every request comes from the proxy's address, and the client's address
and scheme arrive in ``X-Forwarded-For`` and ``X-Forwarded-Proto``. Anyone can send those headers,
so they are read only when the request comes from an address in ``TRUSTED_PROXIES`` (addresses or
networks, a setting). Then ``REMOTE_ADDR`` becomes the client's address — the right-most address
of ``X-Forwarded-For`` that is not itself a trusted proxy, the first one a proxy of ours saw —
and the scheme is kept. From anywhere else both headers are dropped before any other code reads
them: the throttles (DRF's included, which would otherwise count by the forwarded text), the
public forms' limits and Django's HTTPS detection (``SECURE_PROXY_SSL_HEADER``) all see the
connection as it is.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"
FORWARDED_PROTO = "HTTP_X_FORWARDED_PROTO"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies)


def is_trusted(address: str, proxies: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in _networks(proxies))


def client_of(forwarded: str, proxies: tuple[str, ...]) -> str | None:
    """The client's address in ``forwarded`` (an ``X-Forwarded-For`` value): the right-most valid
    address that is not a trusted proxy; ``None`` when there is none."""
    for part in reversed(forwarded.split(",")):
        candidate = part.strip()
        try:
            ipaddress.ip_address(candidate)
        except ValueError:
            return None  # a malformed hop: trust nothing to its left
        if not is_trusted(candidate, proxies):
            return candidate
    return None


class TrustedProxyMiddleware:
    """First in ``MIDDLEWARE``: see the module docstring."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        proxies = tuple(settings.TRUSTED_PROXIES)
        meta = request.META
        if proxies and is_trusted(str(meta.get("REMOTE_ADDR", "")), proxies):
            client = client_of(str(meta.get(FORWARDED_FOR, "")), proxies)
            if client is not None:
                meta["REMOTE_ADDR"] = client
        else:
            meta.pop(FORWARDED_PROTO, None)
        # the address is settled: nothing further down reads the header
        meta.pop(FORWARDED_FOR, None)
        return self.get_response(request)
