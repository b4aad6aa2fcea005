"""Actions of the shared plumbing: partners, their API tokens, and the access log."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from licang.masking import redact_query
from licang.models import AccessLog, ApiToken, Partner

if TYPE_CHECKING:
    from django.contrib.auth.models import User

TOKEN_PREFIX = "lc"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_issue(
    *,
    partner: Partner | None = None,
    user: User | None = None,
    name: str = "",
    created_by: User | None = None,
) -> tuple[ApiToken, str]:
    """Create a token and return it with its plain text, which is never stored."""
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken(
        partner=partner,
        user=user,
        name=name,
        prefix=prefix,
        secret_hash=_hash(secret),
        created_by=created_by,
    )
    token.full_clean()
    token.save()
    return token, f"{TOKEN_PREFIX}_{prefix}_{secret}"


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    # conditional update: a token revoked twice keeps its first revocation time
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


@transaction.atomic
def partner_save(*, partner: Partner) -> Partner:
    """Create or update a partner organisation after validating it."""
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def token_relabel(*, token: ApiToken, name: str) -> ApiToken:
    token.name = name
    token.full_clean()
    token.save(update_fields=["name"])
    return token


@transaction.atomic
def access_log_record(
    *,
    user: User,
    action: str,
    list_label: str,
    list_name: str = "",
    query: str = "",
    rows: int,
    file_format: str = "",
    client_ip: str | None = None,
    object_id: str = "",
) -> AccessLog:
    """Write down an export of a list or a reveal of full personal data. ``query`` is the list's
    query string as the staff member sent it: secrets in it are redacted and personal numbers
    masked before it is stored (the log is read by more people than the data it records)."""
    entry = AccessLog(
        user=user,
        action=action,
        list_label=list_label,
        list_name=str(list_name)[:100],
        query=redact_query(query),
        rows=rows,
        file_format=file_format,
        client_ip=client_ip or None,
        object_id=object_id,
    )
    entry.full_clean()
    entry.save()
    return entry
