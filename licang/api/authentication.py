"""Bearer-token authentication for partners and staff."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pghistory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from licang.actions import TOKEN_PREFIX
from licang.models import ApiToken, Partner


class PartnerPrincipal:
    """The ``request.user`` of a call made with a partner's token: a partner, not a person."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None

    def __init__(self, partner: Partner) -> None:
        self.partner = partner

    def __str__(self) -> str:
        return str(self.partner)

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return False


def partner_of(actor: Any) -> Partner | None:
    return actor.partner if isinstance(actor, PartnerPrincipal) else None


def token_authenticate(raw: str) -> ApiToken | None:
    """The usable token whose plain text is ``raw``, or ``None``."""
    parts = (raw or "").split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    _prefix_marker, prefix, secret = parts
    token = (
        ApiToken.objects.usable().select_related("partner", "user").filter(prefix=prefix).first()
    )
    digest = hashlib.sha256(secret.encode()).hexdigest()
    if token is None or not hmac.compare_digest(token.secret_hash, digest):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        # at most one write per token every five minutes, not one per request
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as 'Authorization: Bearer <token>'."), code="malformed_token"
            )
        token = token_authenticate(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("The token is unknown or has been revoked."), code="invalid_token"
            )
        if token.partner is not None:
            # the audit history records which partner made a change
            pghistory.context(partner=token.partner.name, token=token.prefix)
            return PartnerPrincipal(token.partner), token
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'
