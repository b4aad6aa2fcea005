from django.apps import apps
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from licang.api.problems import DEFAULT_CODES, TITLES


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The public home page: one section per program, each saying only what exists."""
    sections = []
    for config in apps.get_app_configs():
        summary = getattr(config, "public_summary", None)
        if summary is not None:
            sections.append(summary())
    return render(request, "home.html", {"sections": sections})


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    """The public statistics page: each program app contributes its figures.

    An app contributes by giving its AppConfig a ``public_statistics()`` method that returns a
    dict with ``key``, ``title``, ``figures`` (label, value pairs), optionally ``tables`` (each
    ``{"caption", "headers", "rows"}``) and ``json_url`` (its machine-readable endpoint).
    """
    sections = []
    for config in apps.get_app_configs():
        contribute = getattr(config, "public_statistics", None)
        if contribute is not None:
            sections.append(contribute())
    return render(request, "statistics.html", {"sections": sections})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def problem_type(request: HttpRequest, code: str) -> HttpResponse:
    """A human-readable page for each problem ``type`` URI the API returns."""
    statuses = {c: s for s, c in DEFAULT_CODES.items()}
    status = statuses.get(code)
    title = TITLES.get(status) if status else None
    return render(request, "problem_type.html", {"code": code, "status": status, "title": title})
