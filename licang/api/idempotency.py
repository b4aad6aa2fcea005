"""``Idempotency-Key`` for partner POSTs.

The first successful answer to a key is stored with a fingerprint of the request. The same key
with the same request replays that answer and creates nothing; the same key with another request
is refused with 409. The record is inserted in the same transaction as the write it guards: a
second request with the same key blocks on the unique index until the first commits, then
replays its answer, so two retries racing each other still create one record.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from licang.api.problems import problem
from licang.models import ApiToken, IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def _fingerprint(request: Request) -> str:
    body = request.data if isinstance(request.data, dict) else {"_": request.data}
    canonical = json.dumps(body, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{request.method} {request.path}\n{canonical}".encode()).hexdigest()


class IdempotentPostMixin:
    """Give a view's ``post`` the ``Idempotency-Key`` semantics described above."""

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER, "").strip()
        if not key or not isinstance(request.auth, ApiToken):
            return super().post(request, *args, **kwargs)  # type: ignore[misc]
        if len(key) > MAX_KEY_LENGTH:
            return problem(
                status_code=400,
                code="invalid_idempotency_key",
                detail=_("The Idempotency-Key header is longer than 255 characters."),
                errors=[
                    {
                        "field": HEADER,
                        "code": "max_length",
                        "detail": _("The Idempotency-Key header is longer than 255 characters."),
                    }
                ],
            )
        fingerprint = _fingerprint(request)
        with transaction.atomic():
            record, created = IdempotencyRecord.objects.get_or_create(
                token=request.auth, key=key, defaults={"fingerprint": fingerprint}
            )
            if not created:
                if record.fingerprint != fingerprint:
                    return problem(
                        status_code=409,
                        code="idempotency_key_reused",
                        detail=_("This Idempotency-Key was already used for a different request."),
                    )
                response = Response(record.response_body, status=record.status_code)
                response["Idempotent-Replayed"] = "true"
                return response
            response = super().post(request, *args, **kwargs)  # type: ignore[misc]
            if response.status_code >= 400:
                # failures are not remembered: the whole transaction, record included, rolls back
                transaction.set_rollback(True)
                return response
            record.status_code = response.status_code
            record.response_body = json.loads(JSONRenderer().render(response.data) or b"null")
            record.save(update_fields=["status_code", "response_body"])
            return response
