"""``Idempotency-Key`` for partner POSTs.

The first successful answer to a key is stored with a fingerprint of the request. The same key
with the same request replays that answer and creates nothing; the same key with another request
is refused with 409. The record is inserted in the same transaction as the write it guards: a
second request with the same key blocks on the unique index until the first commits, then
replays its answer, so two retries racing each other still create one record.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
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
Handler = Callable[..., Response]


def _fingerprint(request: Request) -> str:
    body = request.data if isinstance(request.data, dict) else {"_": request.data}
    canonical = json.dumps(body, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{request.method} {request.path}\n{canonical}".encode()).hexdigest()


def idempotent(handler: Handler) -> Handler:
    """Wrap a view's ``post`` with the ``Idempotency-Key`` semantics described above."""
    if getattr(handler, "_idempotent", False):
        return handler

    @functools.wraps(handler)
    def post(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER, "").strip()
        if not key or not isinstance(request.auth, ApiToken):
            return handler(self, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            message = _("The Idempotency-Key header is longer than 255 characters.")
            return problem(
                status_code=400,
                code="invalid_idempotency_key",
                detail=message,
                errors=[{"field": HEADER, "code": "max_length", "detail": message}],
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
            response = handler(self, request, *args, **kwargs)
            if response.status_code >= 400:
                # failures are not remembered: the whole transaction, record included, rolls back
                transaction.set_rollback(True)
                return response
            record.status_code = response.status_code
            record.response_body = json.loads(JSONRenderer().render(response.data) or b"null")
            record.save(update_fields=["status_code", "response_body"])
            return response

    post._idempotent = True  # type: ignore[attr-defined]
    return post


class IdempotentPostMixin:
    """Give a view's ``post`` (its own or an inherited one) ``Idempotency-Key`` semantics."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        handler = getattr(cls, "post", None)
        if handler is not None:
            cls.post = idempotent(handler)  # type: ignore[attr-defined]
