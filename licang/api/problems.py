"""RFC 9457 problem details for every API error.

Every error answer is ``application/problem+json`` with ``type``, ``title``, ``status``,
``detail`` and a stable, untranslated ``code``; a 400 adds ``errors``, one entry per field. Titles
and details are translated into the language of ``Accept-Language``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from licang.errors import ConflictError

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "/api/problems/"

TITLES = {
    400: _("Your request has invalid fields."),
    401: _("Authentication is required."),
    403: _("You are not allowed to do this."),
    404: _("Not found."),
    405: _("Method not allowed."),
    406: _("Not acceptable."),
    409: _("The request conflicts with the current state."),
    415: _("Unsupported media type."),
    429: _("Too many requests."),
    500: _("Internal server error."),
}

DEFAULT_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    415: "unsupported_media_type",
    429: "throttled",
}


def problem(
    *,
    status_code: int,
    code: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    body: dict[str, Any] = {
        "type": f"{PROBLEM_BASE}{code}",
        "title": str(TITLES.get(status_code, _("Error"))),
        "status": status_code,
        "detail": str(detail),
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    response = Response(
        body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE
    )
    return response


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state.")
    default_code = "conflict"


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error structure as a flat list of ``{field, code, detail}``."""
    out: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key != "non_field_errors" else ""
            out += _flatten(value, f"{prefix}.{name}" if prefix and name else (name or prefix))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                out += _flatten(value, f"{prefix}[{index}]" if prefix else str(index))
            else:
                out += _flatten(value, prefix)
    else:
        code = getattr(detail, "code", "invalid") or "invalid"
        out.append({"field": prefix or "", "code": str(code), "detail": str(detail)})
    return out


def validation_problem(detail: Any) -> Response:
    errors = _flatten(detail)
    summary = "; ".join(
        f"{e['field']}: {e['detail']}" if e["field"] else e["detail"] for e in errors
    )
    return problem(status_code=400, code="invalid", detail=summary, errors=errors)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        return validation_problem(as_serializer_error(exc))
    if isinstance(exc, ConflictError):
        return problem(status_code=409, code=exc.code, detail=str(exc.message))
    if isinstance(exc, ObjectDoesNotExist):
        exc = Http404()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # let Django's 500 handling log it
    if isinstance(exc, exceptions.ValidationError):
        result = validation_problem(exc.detail)
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        code = getattr(detail, "code", None) or DEFAULT_CODES.get(response.status_code, "error")
        if response.status_code == 404:
            code = "not_found"
        extra: dict[str, Any] = {}
        wait = getattr(exc, "wait", None) if isinstance(exc, exceptions.Throttled) else None
        if wait is not None:
            extra["retry_after"] = int(wait + 0.999)
        result = problem(
            status_code=response.status_code, code=str(code), detail=str(detail), **extra
        )
    for header in ("Retry-After", "WWW-Authenticate", "Allow"):
        if header in response:
            result[header] = response[header]
    return result
