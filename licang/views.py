from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from licang.api.problems import DEFAULT_CODES, TITLES


def _public_modules() -> list[ModuleType]:
    """Each project app's ``public`` module, in ``INSTALLED_APPS`` order."""
    modules = []
    for config in apps.get_app_configs():
        name = f"{config.name}.public"
        if config.path.startswith(str(settings.BASE_DIR)) and find_spec(name):
            modules.append(import_module(name))
    return modules


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The public home page: one section per program, each saying only what exists.

    A program contributes through ``<app>/public.py``: ``summary()`` returns a dict with
    ``key``, ``title``, ``text``, ``figures`` (label, value pairs) and ``links``.
    """
    sections = [m.summary() for m in _public_modules() if hasattr(m, "summary")]
    return render(request, "home.html", {"sections": sections})


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    """The public statistics page: each program contributes its figures.

    ``<app>/public.py``'s ``statistics()`` returns a dict with ``key``, ``title``, ``figures``
    (label, value pairs), optionally ``tables`` (each ``{"caption", "headers", "rows"}``) and
    ``json_url`` (its machine-readable endpoint).
    """
    sections = [m.statistics() for m in _public_modules() if hasattr(m, "statistics")]
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
