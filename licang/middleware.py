"""Refuse, before any view parses them, requests no view can mean.

- a NUL character in the path or in a query parameter (PostgreSQL text cannot hold one, and no
  identifier or search has one): 400, naming the parameter;
- a URL longer than ``MAX_URL_LENGTH``: 414;
- a body longer than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (file uploads aside): 413. Django checks
  that limit only when ``request.body`` or ``request.POST`` is read; DRF's parsers read the
  stream themselves, so without this an API body had no limit.

Under ``/api/`` the answers are problem details; elsewhere a short page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

from licang.api import problems

MAX_URL_LENGTH = 8192
NUL = "\x00"


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def refusal(
    request: HttpRequest, *, status: int, code: str, detail: str, **extra: object
) -> HttpResponse:
    """A refusal in the form of the part of the site asked: problem details or a page."""
    if is_api(request):
        return problems.problem_response(status_code=status, code=code, detail=detail, **extra)
    title = problems.title_for(status, code)
    title, detail = escape(title), escape(detail)
    body = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{detail}</p>"
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def _nul_parameter(request: HttpRequest) -> str | None:
    for key, values in request.GET.lists():
        if NUL in key or any(NUL in value for value in values):
            return key.replace(NUL, "")
    return None


def _body_too_large(request: HttpRequest) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or request.content_type == "multipart/form-data":
        return False  # multipart: Django's parser limits the fields, files are streamed to disk
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > limit


class BadInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.refuse(request) or self.get_response(request)

    def refuse(self, request: HttpRequest) -> HttpResponse | None:
        if len(request.path) + len(request.META.get("QUERY_STRING", "")) > MAX_URL_LENGTH:
            return refusal(
                request,
                status=414,
                code="uri_too_long",
                detail=_("The URL is longer than %(limit)d characters.")
                % {"limit": MAX_URL_LENGTH},
            )
        if NUL in request.path_info:
            detail = _("The path contains a null character.")
            return refusal(
                request,
                status=400,
                code="bad_request",
                detail=detail,
                errors=[{"field": "path", "code": "null_characters", "detail": detail}],
            )
        parameter = _nul_parameter(request)
        if parameter is not None:
            detail = _("The query parameter “%(name)s” contains a null character.") % {
                "name": parameter
            }
            return refusal(
                request,
                status=400,
                code="invalid",
                detail=detail,
                errors=[{"field": parameter, "code": "null_characters", "detail": detail}],
            )
        if _body_too_large(request):
            return refusal(
                request,
                status=413,
                code="request_too_large",
                detail=problems.too_large_detail(),
            )
        return None
