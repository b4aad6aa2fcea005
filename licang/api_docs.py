"""The partners' documentation: Swagger UI in the reader's language, Open311, test residents.

``/api/docs/`` speaks the request's language (``?lang=``, else the language cookie or
``Accept-Language``; Chinese first) and loads the schema in that same language. Each program
offers test residents for its partners in ``<app>/api_examples.py`` (``example_residents(on=)``),
found the way the home page finds ``public.py``, so this module imports no program.

Full ID numbers of test residents are shown only with ``API_DOCS_SHOW_ID_NUMBERS`` (on with
``DEBUG``, or set for a partners' sandbox holding the demo district): the page is public, and
a database without that setting may hold real people.
"""

from __future__ import annotations

import json
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET
from drf_spectacular.plumbing import set_query_parameters
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerView

from licang.api.schema import translate_text
from licang.masking import mask_id_number


def requested_language(request: HttpRequest) -> str:
    """``?lang=`` when it names one of the portal's languages, else the request's language."""
    wanted = request.GET.get("lang", "")
    if wanted in dict(settings.LANGUAGES):
        return wanted
    return translation.get_language() or settings.LANGUAGE_CODE


def _languages(request: HttpRequest) -> list[dict[str, str]]:
    """The page in each language: its ``?lang=`` link and the language's own name."""
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": set_query_parameters(request.path, lang=code),
        }
        for code, _name in settings.LANGUAGES
    ]


class ApiDocs(SpectacularSwaggerView):
    """Swagger UI whose page and schema are in one language, with the partners' other pages."""

    template_name = "api_docs/swagger_ui.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # rendered here, inside the language: a DRF response renders after the view returns
        with translation.override(requested_language(request)):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            return response

    @extend_schema(exclude=True)
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().get(request, *args, **kwargs)
        response.data.update(
            title=translate_text(str(settings.SPECTACULAR_SETTINGS["TITLE"])),
            language=translation.get_language(),
            languages=_languages(request),
        )
        return response

    def _get_schema_url(self, request: Any) -> str:
        return set_query_parameters(
            url=reverse(self.url_name), lang=translation.get_language(), version=None
        )


def _example_modules() -> list[ModuleType]:
    """Each project app's ``api_examples`` module, in ``INSTALLED_APPS`` order."""
    modules = []
    for config in apps.get_app_configs():
        name = f"{config.name}.api_examples"
        if config.path.startswith(str(settings.BASE_DIR)) and find_spec(name):
            modules.append(import_module(name))
    return modules


def _shown(entry: dict[str, Any], *, full: bool) -> dict[str, Any]:
    number = entry["id_number"]
    shown = number if full else mask_id_number(number)
    body = {k: (shown if k == "id_number" else v) for k, v in entry["body"].items()}
    return {
        **entry,
        "id_number": shown,
        "body": json.dumps(body, ensure_ascii=False, indent=2),
    }


@require_GET
def test_residents(request: HttpRequest) -> HttpResponse:
    """For each kind of partner: a demo resident to try, and a first call that succeeds."""
    with translation.override(requested_language(request)):
        full = settings.API_DOCS_SHOW_ID_NUMBERS
        today = timezone.localdate()
        entries = [
            _shown(entry, full=full)
            for module in _example_modules()
            for entry in module.example_residents(on=today)
        ]
        response = render(
            request,
            "api_docs/test_residents.html",
            {
                "entries": entries,
                "full": full,
                "token_url": reverse("admin:licang_apitoken_add"),
                "languages": _languages(request),
            },
        )
    return response


@require_GET
def open311(request: HttpRequest) -> HttpResponse:
    """How the service desks speak GeoReport v2 at ``/open311/v2/``."""
    with translation.override(requested_language(request)):
        response = render(
            request,
            "api_docs/open311.html",
            {
                "base": request.build_absolute_uri("/open311/v2/"),
                "discovery": reverse("open311:discovery", kwargs={"fmt": "json"}),
                "services": reverse("open311:service-list", kwargs={"fmt": "json"}),
                "requests": reverse("open311:requests", kwargs={"fmt": "json"}),
                "languages": _languages(request),
            },
        )
    return response
