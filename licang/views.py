from types import ModuleType

from django.conf import settings
from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from licang.api import problems
from licang.figures_cache import downloads
from licang.figures_cache import sections as figure_sections
from licang.figures_cache import selectors as figure_selectors
from licang.middleware import is_api, refusal


def _public_modules() -> list[ModuleType]:
    """Each project app's ``public`` module, in ``INSTALLED_APPS`` order."""
    return [module for _label, module in figure_sections.public_modules()]


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
    """The public statistics page: each program contributes its figures and charts.

    ``<app>/public.py``'s ``statistics()`` returns a dict with

    - ``key``: the section's slug (in the page's anchors and the CSV URLs), ``title``;
    - ``figures``: (label, value) pairs, values as printed;
    - optionally ``tables``: each ``{"caption", "headers", "rows"}``, cells as printed;
    - optionally ``charts``: each ``{"key", "title", "kind", "x_title", "x", "series", "unit"}``:
      a slug unique in the section, a translated title, ``"line"`` or ``"bar"``, the heading of
      the x labels' column, the x labels (strings), the series (each ``{"name", "values"}``, as
      many numbers, or ``None`` for no figure, as x labels) and the unit of the values (``"%"``,
      a translated word). Each chart is drawn by ECharts (``licang/static/licang/charts.js``),
      shown as a table of the same figures and downloadable as CSV at
      ``/statistics/<section key>/<chart key>.csv``;
    - optionally ``json_url``: its machine-readable endpoint.

    Labels are translated by the program. The page never calls ``statistics()`` itself: the
    sections are computed in each language by a background job and read from
    ``licang.figures_cache`` in one query (``figures_cache.selectors``); a program whose records
    change calls ``figures_cache.actions.snapshots_invalidate(app_label=...)``.
    """
    sections = figure_selectors.statistics_sections(language=_page_language())
    for section in sections:
        for chart in section.get("charts", []):
            chart["spec"] = dict(chart)  # what charts.js draws, in a json_script block
            chart["rows"] = downloads.chart_rows(chart)[1:]
            chart["dom_id"] = f"chart-{section['key']}-{chart['key']}"
            chart["data_id"] = f"{chart['dom_id']}-data"
            chart["csv_url"] = reverse(
                "statistics-chart-csv", kwargs={"section": section["key"], "chart": chart["key"]}
            )
    return render(request, "statistics.html", {"sections": sections})


@require_GET
def statistics_chart_csv(request: HttpRequest, section: str, chart: str) -> HttpResponse:
    """One chart's figures as CSV (UTF-8 with a BOM, formulas neutralised), in the page's
    language."""
    found = figure_selectors.chart(language=_page_language(), section_key=section, chart_key=chart)
    if found is None:
        raise Http404(chart)
    response = HttpResponse(downloads.chart_csv(found[1]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{section}-{chart}.csv"'
    return response


def _page_language() -> str:
    language = get_language()
    known = dict(settings.LANGUAGES)
    return language if language in known else settings.LANGUAGE_CODE


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def problem_type(request: HttpRequest, code: str) -> HttpResponse:
    """The page of each problem ``type`` URI the API returns: what it means, what to do."""
    known = problems.PROBLEM_TYPES.get(code)
    if known is None:
        raise Http404(code)
    return render(
        request,
        "problem_type.html",
        {"code": code, "problem": known, "title": known.title_text(), "others": _problem_list()},
    )


@require_GET
def problem_types(request: HttpRequest) -> HttpResponse:
    """Every problem code of the API on one page."""
    return render(request, "problem_type.html", {"others": _problem_list()})


def _problem_list() -> list[tuple[str, problems.ProblemType]]:
    return sorted(problems.PROBLEM_TYPES.items(), key=lambda item: (item[1].status, item[0]))


@csrf_exempt  # it only ever answers 404 or a redirect, whatever the method
def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Every path under /api/ that no route takes: a problem, not Django's HTML page.

    It takes over APPEND_SLASH's redirect there (a matched path is never redirected): a GET of a
    real route without its slash is sent to it; other methods are told the right path, as a
    redirect would turn a POST into a GET.
    """
    with_slash = f"{request.path_info}/"
    if not request.path_info.endswith("/") and _is_route(with_slash):
        if request.method in ("GET", "HEAD"):
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(with_slash + (f"?{query}" if query else ""))
        detail = _("No such path; did you mean %(path)s (with a trailing slash)?") % {
            "path": with_slash
        }
    else:
        detail = _("No such path in the API.")
    return problems.problem_response(status_code=404, code="not_found", detail=detail)


def _is_route(path: str) -> bool:
    try:
        return resolve(path).func is not api_not_found
    except Resolver404:
        return False


# --- Error pages: problem details under /api/, Django's pages elsewhere ------------------------


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, problems.TOO_LARGE):
        return refusal(
            request, status=413, code="request_too_large", detail=problems.too_large_detail()
        )
    if is_api(request):
        detail = _("The request could not be read.")
        return problems.problem_response(status_code=400, code="bad_request", detail=detail)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        detail = _("You do not have permission to perform this action.")
        return problems.problem_response(status_code=403, code="permission_denied", detail=detail)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        detail = _("No such path in the API.")
        return problems.problem_response(status_code=404, code="not_found", detail=detail)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        detail = _("The server failed to answer; the error has been logged.")
        return problems.problem_response(status_code=500, code="server_error", detail=detail)
    return defaults.server_error(request)
