"""RFC 9457 problem details for every API error.

Every error answer is ``application/problem+json`` with ``type``, ``title``, ``status``,
``detail`` and a stable, untranslated ``code``; a 400 adds ``errors``, one entry per field. Titles
and details are translated into the language of ``Accept-Language``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import (
    ObjectDoesNotExist,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from licang.api.permissions import who_may_call
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
    413: _("The request body is too large."),
    414: _("The request URL is too long."),
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
    413: "request_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
}


@dataclass(frozen=True)
class ProblemType:
    """What a problem ``code`` means and what the caller should do; its page is its ``type``."""

    status: int
    meaning: str | Promise
    remedy: str | Promise
    title: str | Promise | None = None  # None: the title of its status

    def title_text(self) -> str:
        return str(self.title or TITLES.get(self.status, _("Error")))


# Every code the API answers with, stable and untranslated; /api/problems/<code> explains each.
PROBLEM_TYPES: dict[str, ProblemType] = {
    "invalid": ProblemType(
        400,
        _("One or more fields of the request (body, query or path) are missing or invalid."),
        _(
            "Read errors: each entry names the field and says what is wrong; correct them and send "
            "the request again."
        ),
    ),
    "malformed_json": ProblemType(
        400,
        _(
            "The request body is not well-formed JSON, holds a number JSON cannot represent "
            "(NaN, Infinity, out of range) or is nested too deeply."
        ),
        _("Send a JSON object encoded in UTF-8 with Content-Type: application/json."),
        title=_("The request body is not valid JSON."),
    ),
    "bad_request": ProblemType(
        400,
        _("The request could not be read: a null character in the URL, or a malformed body."),
        _("Remove the control characters and send the request again."),
        title=_("The request could not be read."),
    ),
    "invalid_idempotency_key": ProblemType(
        400,
        _("The Idempotency-Key header is longer than 255 characters."),
        _("Use a shorter key, such as a UUID."),
    ),
    "unknown_resident": ProblemType(
        400,
        _("No resident with this ID number is in Licang's registry."),
        _("Check the ID number; the person may need to register with their community first."),
    ),
    "unknown_site": ProblemType(
        400, _("No check site has this code."), _("Use one of your institution's site codes.")
    ),
    "not_authenticated": ProblemType(
        401,
        _("The operation needs a token and none was sent."),
        _("Send your partner token as 'Authorization: Bearer <token>'."),
    ),
    "malformed_token": ProblemType(
        401,
        _("The Authorization header is not 'Bearer <token>'."),
        _("Send the token as 'Authorization: Bearer <token>'."),
    ),
    "invalid_token": ProblemType(
        401,
        _("The token is unknown or has been revoked."),
        _("Ask the district administration for a new token."),
    ),
    "authentication_failed": ProblemType(
        401, _("The credentials were refused."), _("Check the token or log in again.")
    ),
    "permission_denied": ProblemType(
        403,
        _(
            "The caller is authenticated but may not call this operation: it is open to other "
            "kinds of partner or to staff roles only. The detail and allowed_callers say which."
        ),
        _(
            "Call it with a token of a partner (or a staff role) it is open to, or ask the "
            "district administration."
        ),
    ),
    "hospital_not_designated": ProblemType(
        403,
        _("Only a hospital designated for cataract-surgery aid may file cases."),
        _("Ask the district health office about designation."),
    ),
    "not_found": ProblemType(
        404,
        _("No such path, or no record with this identifier that the caller may see."),
        _("Check the URL and the identifier (records of other partners are not shown)."),
    ),
    "method_not_allowed": ProblemType(
        405,
        _("The path does not answer this HTTP method."),
        _("Use one of the methods in the Allow header."),
    ),
    "not_acceptable": ProblemType(
        406,
        _("The API cannot answer in a format the Accept header allows."),
        _("Accept application/json."),
    ),
    "conflict": ProblemType(
        409,
        _("The request is valid but conflicts with the current state of the record."),
        _("Read the detail, fetch the record again and decide what to do."),
    ),
    "idempotency_key_reused": ProblemType(
        409,
        _("This Idempotency-Key was already used for a different request."),
        _("Use a new key for each new request; reuse a key only to repeat the same request."),
    ),
    "illegal_transition": ProblemType(
        409,
        _("The service request's state does not allow this move."),
        _("Fetch the request to see its state and the moves it allows."),
    ),
    "invalid_transition": ProblemType(
        409,
        _("The record's status does not allow this step."),
        _("Fetch the record to see its status."),
    ),
    "already_rated": ProblemType(
        409, _("This request has already been rated."), _("Send a rating only once.")
    ),
    "not_completed": ProblemType(
        409,
        _("Only a completed request can be rated."),
        _("Wait until the request is completed."),
    ),
    "center_closed": ProblemType(
        409,
        _("The center takes no requests at the moment."),
        _("Choose another center that offers the service."),
    ),
    "not_eligible": ProblemType(
        409,
        _("The person is not eligible for the program on that date; the detail says why."),
        _("Check the eligibility service before filing."),
    ),
    "already_checked_this_year": ProblemType(
        409,
        _("The person has had all the free checks of this year."),
        _("Book the check for next year."),
    ),
    "already_insured": ProblemType(
        409,
        _("The person is already insured for this year."),
        _("Nothing to do: the policy exists."),
    ),
    "not_insured": ProblemType(
        409,
        _("The person has no insurance policy covering the incident date."),
        _("Check the incident date and the person's policy."),
    ),
    "other_insurer": ProblemType(
        409,
        _("The person's policy for that year is with another insurer."),
        _("Send the claim to the insurer of the policy."),
    ),
    "cap_exhausted": ProblemType(
        409,
        _("Nothing is left of the person's yearly cap for this kind of claim."),
        _("Ask for the balance before submitting a claim."),
    ),
    "no_budget": ProblemType(
        409,
        _("No budget has been set for the program in that year."),
        _("Ask the district health office."),
    ),
    "budget_exceeded": ProblemType(
        409,
        _("The program's budget for the year is committed."),
        _("Ask the district health office; a district administrator may override."),
    ),
    "eye_already_treated": ProblemType(
        409,
        _("A case for this eye of this person already exists."),
        _("Fetch the existing case instead of filing a new one."),
    ),
    "request_too_large": ProblemType(
        413,
        _("The request body is larger than the API accepts."),
        _("Send a smaller body (the API takes at most 2.5 MB)."),
    ),
    "uri_too_long": ProblemType(
        414,
        _("The URL with its query string is longer than the API accepts."),
        _("Send fewer or shorter query parameters (at most 8,192 characters in all)."),
    ),
    "unsupported_media_type": ProblemType(
        415,
        _("The body's Content-Type is not one the API reads."),
        _("Send Content-Type: application/json."),
    ),
    "throttled": ProblemType(
        429,
        _("The caller has sent too many requests."),
        _("Wait the number of seconds in Retry-After (also in retry_after), then retry."),
    ),
    "server_error": ProblemType(
        500,
        _("The server failed to answer; the error has been logged."),
        _("Try again later; if it persists, tell the district administration the time."),
    ),
}


def title_for(status_code: int, code: str) -> str:
    known = PROBLEM_TYPES.get(code)
    if known is not None and known.title is not None and known.status == status_code:
        return str(known.title)
    return str(TITLES.get(status_code, _("Error")))


def problem_body(
    *, status_code: int, code: str, detail: str | Promise, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"{PROBLEM_BASE}{code}",
        "title": title_for(status_code, code),
        "status": status_code,
        "detail": str(detail),
        "code": code,
    }
    body.update({key: value for key, value in extra.items() if value is not None})
    return body


def problem_response(
    *, status_code: int, code: str, detail: str | Promise, **extra: Any
) -> HttpResponse:
    """The same problem as :func:`problem`, for plain Django views and middleware (no DRF)."""
    body = problem_body(status_code=status_code, code=code, detail=detail, **extra)
    return HttpResponse(
        JSONRenderer().render(body), status=status_code, content_type=PROBLEM_CONTENT_TYPE
    )


def problem(
    *,
    status_code: int,
    code: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    body = problem_body(status_code=status_code, code=code, detail=detail, errors=errors, **extra)
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
            if isinstance(key, int):  # a list serializer's errors, by the index of the bad item
                out += _flatten(value, f"{prefix}[{key}]" if prefix else str(key))
                continue
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


TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def too_large_detail() -> str:
    return str(_("The request body is larger than the API accepts."))


def _permission_detail(exc: exceptions.PermissionDenied, context: dict[str, Any]) -> dict[str, Any]:
    """A bare 403 names who may call the operation, from the view's own permission classes."""
    if str(exc.detail) != str(exceptions.PermissionDenied.default_detail):
        return {"detail": str(exc.detail)}
    view = context.get("view")
    permissions = view.get_permissions() if view is not None else []
    who = who_may_call(permissions)
    if who is None:
        return {"detail": str(exc.detail)}
    text, callers = who
    return {
        "detail": str(_("This operation is open only to %(who)s.") % {"who": text}),
        "allowed_callers": callers,
    }


# get_object_or_404's message names the model in English, untranslated
_DJANGOS_404 = re.compile(r"^No \w+ matches the given query\.$")


def _is_djangos_untranslated_404(exc: Http404) -> bool:
    return not exc.args or bool(_DJANGOS_404.match(str(exc.args[0])))


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, TOO_LARGE):
        # Django raises these while a parser reads the body (multipart fields, or request.body)
        return problem(status_code=413, code="request_too_large", detail=too_large_detail())
    if isinstance(exc, SuspiciousOperation):
        return problem(
            status_code=400, code="bad_request", detail=str(_("The request could not be read."))
        )
    if isinstance(exc, DjangoValidationError):
        return validation_problem(as_serializer_error(exc))
    if isinstance(exc, ConflictError):
        return problem(status_code=409, code=exc.code, detail=str(exc.message), **exc.extra)
    if isinstance(exc, ObjectDoesNotExist) or (
        isinstance(exc, Http404) and _is_djangos_untranslated_404(exc)
    ):
        exc = exceptions.NotFound()  # translated: "No Order matches the given query." is not
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
        if isinstance(exc, exceptions.PermissionDenied):
            why = _permission_detail(exc, context)
            detail = why.pop("detail")
            extra.update(why)
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
