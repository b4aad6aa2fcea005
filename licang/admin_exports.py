"""Every admin list leaves the portal as CSV or Excel, as filtered, and the access log says so.

``ExportAdmin`` is a base of ``ActionAdmin`` (so of every ModelAdmin of the project) and adds, on
each changelist, two buttons: *Export CSV* and *Export Excel* (and, for staff who may see personal
numbers in full, the same with full ID numbers and phones). The export is the changelist itself:

- rows: the changelist's own queryset (``ChangeList.get_queryset``): its scope (``get_queryset``),
  filters, search and ordering, from the same query string; at most ``ADMIN_EXPORT_MAX_ROWS``
  (beyond, staff are asked to narrow the filter and nothing is written);
- columns: ``list_display`` as the list shows it: headers translated, values as displayed (the
  display methods already mask ID numbers and phones; booleans read 是/否; links lose their
  markup). The full export replaces each ``masked_<number>`` column with the number itself;
- cells whose text starts with ``= + - @`` or a tab or carriage return are prefixed with an
  apostrophe, so that a spreadsheet never runs them as a formula (OWASP "CSV injection");
- CSV is UTF-8 with a byte-order mark (Excel then reads Chinese) and streams with a fixed number
  of queries (a server-side cursor); Excel is written by openpyxl's write-only workbook;
- each export writes an ``export`` entry of the access log with the row count and the filter,
  and a full export a ``reveal`` entry too. Opening a change page that shows a full ID number
  writes a ``reveal`` entry as well.

Who may see personal numbers in full is the registry's rule, which this plumbing does not import:
the registry registers it at start-up (``register_full_identity_rule``); until then nobody may.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import html
import ipaddress
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import (
    display_for_field,
    flatten_fieldsets,
    label_for_field,
    lookup_field,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, PermissionDenied
from django.db import models, transaction
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.safestring import SafeData
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from licang import abuse, actions
from licang.masking import is_personal_detail
from licang.models import AccessLog

DEFAULT_MAX_ROWS = 200_000
CSV_CHUNK_ROWS = 500  # rows per piece of the streamed CSV
FETCH_ROWS = 2_000  # rows per fetch from the server-side cursor
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS: dict[str, str] = {
    AccessLog.Format.CSV: "text/csv; charset=utf-8",
    AccessLog.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# the changelist's paging parameters: an export is the whole list, never one page
PAGING = ("p", "all")

Cell = str | int | decimal.Decimal | float

# --- who may see personal numbers in full -------------------------------------------------------

_full_identity_rules: list[Callable[[Any], bool]] = []


def register_full_identity_rule(rule: Callable[[Any], bool]) -> None:
    """Set the rule deciding who may see ID numbers and phones in full (the registry's)."""
    _full_identity_rules[:] = [rule]


def may_see_full_identity(actor: Any) -> bool:
    """Deny by default: without a registered rule nobody sees personal numbers in full."""
    return bool(_full_identity_rules) and _full_identity_rules[0](actor)


# --- cells ---------------------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``: a spreadsheet shows it and never runs it."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def spreadsheet_cell(value: Cell) -> Cell:
    """Numbers stay numbers (no formula hides in one); text is neutralised."""
    if isinstance(value, str):
        return neutralise(value)
    return value


def client_ip(request: HttpRequest) -> str | None:
    address = abuse.client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def attachment(filename: str, fallback: str) -> str:
    """A Content-Disposition naming the file in the reader's language (RFC 5987, RFC 6266), with
    an ASCII name for clients that read only that."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


class _Echo:
    """A file that hands back what ``csv.writer`` writes, for streaming."""

    def write(self, value: str) -> str:
        return value


# --- the admin ------------------------------------------------------------------------------------


class ExportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Exports of the changelist and reveals on the change page (see the module docstring)."""

    # --- columns

    def get_spreadsheet_columns(self, request: HttpRequest) -> list[Any]:
        return [
            name
            for name in self.get_list_display(request)
            if not (isinstance(name, str) and name == "action_checkbox")
        ]

    def get_spreadsheet_identity_columns(self, request: HttpRequest) -> dict[str, str]:
        """The columns that show a personal number masked, each with the path (``resident__phone``)
        of the full number: ``masked_<field>`` of the model, or of the row's resident for lists
        whose rows name one (``resident_path``)."""
        columns: dict[str, str] = {}
        for name in self.get_spreadsheet_columns(request):
            if not isinstance(name, str) or not name.startswith("masked_"):
                continue
            field = name.removeprefix("masked_")
            if not is_personal_detail(field):
                continue
            if _has_field(self.model, field):
                columns[name] = field
            elif resident_path := getattr(self, "resident_path", None):
                columns[name] = f"{resident_path}__{field}"
        return columns

    def offers_full_spreadsheet(self, request: HttpRequest) -> bool:
        return bool(self.get_spreadsheet_identity_columns(request)) and may_see_full_identity(
            request.user
        )

    def spreadsheet_header(self, name: Any) -> str:
        label = label_for_field(name, self.model, model_admin=self)
        return strip_tags(str(label))

    def spreadsheet_value(self, obj: Any, name: Any) -> Cell:
        """One cell as the changelist shows it (``items_for_result``), as plain text or a number."""
        try:
            field, attr, value = lookup_field(name, obj, self)
        except ObjectDoesNotExist:
            return ""
        if value is None:
            return ""
        if field is None or field.auto_created:
            if getattr(attr, "boolean", False) or isinstance(value, bool):
                return _yes_no(value)
            if isinstance(value, int | decimal.Decimal | float):
                return value
            return _text(value)
        if isinstance(field.remote_field, models.ManyToOneRel):
            related = getattr(obj, field.name)
            return "" if related is None else str(related)
        if isinstance(field, models.BooleanField):
            return _yes_no(value)
        if not field.choices and isinstance(value, int | decimal.Decimal | float):
            return value
        return _text(display_for_field(value, field, ""))

    # --- urls and buttons

    def get_urls(self) -> list[Any]:
        opts = self.opts
        return [
            # not ``export/``: django-import-export's export page (housing's cases) is there
            path(
                "spreadsheet/",
                self.admin_site.admin_view(self.spreadsheet_view),
                name=f"{opts.app_label}_{opts.model_name}_spreadsheet",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        opts = self.opts
        query = request.GET.urlencode()
        url = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_spreadsheet")
        extra_context = {
            **(extra_context or {}),
            "licang_export": {
                "url": f"{url}?{query}" if query else url,
                "full": self.offers_full_spreadsheet(request),
            },
        }
        return super().changelist_view(request, extra_context)

    # --- the export

    def spreadsheet_view(self, request: HttpRequest) -> HttpResponseBase:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        file_format = request.POST.get("format", "")
        if file_format not in FORMATS:
            messages.error(request, gettext("Choose CSV or Excel for the export."))
            return self._spreadsheet_back(request)
        full = request.POST.get("identity") == "full"
        if full and not self.offers_full_spreadsheet(request):
            raise PermissionDenied
        params = request.GET.copy()
        for name in PAGING:
            params.pop(name, None)
        request.GET = params  # type: ignore[assignment]
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            messages.error(
                request, gettext("This filter cannot be exported; change it and try again.")
            )
            return self._spreadsheet_back(request)
        count = changelist.result_count
        most = getattr(settings, "ADMIN_EXPORT_MAX_ROWS", DEFAULT_MAX_ROWS)
        if count > most:
            messages.error(
                request,
                gettext(
                    "This list has %(count)s rows; an export holds at most %(most)s. "
                    "Narrow the filter or search and export again."
                )
                % {"count": count, "most": most},
            )
            return self._spreadsheet_back(request)
        with transaction.atomic():  # both entries or neither
            self._access_log(request, AccessLog.Action.EXPORT, rows=count, file_format=file_format)
            if full:
                self._access_log(
                    request, AccessLog.Action.REVEAL, rows=count, file_format=file_format
                )
        columns = self.get_spreadsheet_columns(request)
        identity = self.get_spreadsheet_identity_columns(request) if full else {}
        rows = self._spreadsheet_rows(request, changelist.queryset, columns, identity)
        headers = [self.spreadsheet_header(name) for name in columns]
        filename, fallback = self._spreadsheet_filenames(file_format)
        if file_format == AccessLog.Format.CSV:
            response: HttpResponseBase = StreamingHttpResponse(
                _csv_pieces(headers, rows), content_type=FORMATS[file_format]
            )
        else:
            response = FileResponse(
                _xlsx_file(self._spreadsheet_title(), headers, rows),
                content_type=FORMATS[file_format],
            )
        response["Content-Disposition"] = attachment(filename, fallback)
        response["Cache-Control"] = "no-store"
        return response

    def prepare_spreadsheet_rows(self, request: HttpRequest, objs: list[Any]) -> None:
        """Hook: load what the columns of ``objs`` (one fetch of rows) need, in a fixed number of
        queries (a list that describes its page of rows in one go describes them here)."""

    def _spreadsheet_rows(
        self, request: HttpRequest, queryset: Any, columns: Sequence[Any], identity: dict[str, str]
    ) -> Iterator[list[Cell]]:
        # one query however long the list: a server-side cursor read FETCH_ROWS at a time
        # (lists that prefetch, or prepare their rows, add their queries per FETCH_ROWS rows)
        objs: list[Any] = []
        for obj in queryset.iterator(chunk_size=FETCH_ROWS):
            objs.append(obj)
            if len(objs) >= FETCH_ROWS:
                yield from self._spreadsheet_cells(request, objs, columns, identity)
                objs = []
        if objs:
            yield from self._spreadsheet_cells(request, objs, columns, identity)

    def _spreadsheet_cells(
        self,
        request: HttpRequest,
        objs: list[Any],
        columns: Sequence[Any],
        identity: dict[str, str],
    ) -> Iterator[list[Cell]]:
        self.prepare_spreadsheet_rows(request, objs)
        for obj in objs:
            yield [
                _follow(obj, identity[name])
                if name in identity
                else self.spreadsheet_value(obj, name)
                for name in columns
            ]

    def _spreadsheet_filenames(self, file_format: str) -> tuple[str, str]:
        day = timezone.localdate().isoformat()
        name = re.sub(r'[\\/:*?"<>|\s]+', "_", str(self.opts.verbose_name_plural)).strip("_")
        return f"{name}-{day}.{file_format}", f"{self.opts.model_name}-{day}.{file_format}"

    def _spreadsheet_title(self) -> str:
        return re.sub(r"[\[\]:*?/\\]", " ", str(self.opts.verbose_name_plural))[:31] or "Sheet"

    def _spreadsheet_back(self, request: HttpRequest) -> HttpResponseRedirect:
        opts = self.opts
        url = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
        query = request.GET.urlencode()
        return HttpResponseRedirect(f"{url}?{query}" if query else url)

    def _access_log(self, request: HttpRequest, action: str, **kwargs: Any) -> AccessLog:
        opts = self.opts
        # the log is kept in the district's language, whoever wrote it
        with translation.override(settings.LANGUAGE_CODE):
            list_name = str(opts.verbose_name_plural)
        return actions.access_log_record(
            user=request.user,  # type: ignore[arg-type]
            action=action,
            list_label=opts.label,
            list_name=list_name,
            query=request.GET.urlencode(),
            client_ip=client_ip(request),
            **kwargs,
        )

    # --- the change page

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        context = getattr(response, "context_data", None)
        if request.method == "GET" and response.status_code == 200 and context:
            obj = context.get("original")
            if obj is not None and self.shows_full_id_number(request, obj):
                self._access_log(request, AccessLog.Action.REVEAL, rows=1, object_id=str(obj.pk))
        return response

    def shows_full_id_number(self, request: HttpRequest, obj: Any) -> bool:
        """Whether the change page of ``obj`` shows an ID number in full to this staff member."""
        if not may_see_full_identity(request.user):
            return False
        shown = flatten_fieldsets(self.get_fieldsets(request, obj))
        return any(
            isinstance(name, str) and name.endswith("id_number") and _has_field(self.model, name)
            for name in shown
        )


# --- writing --------------------------------------------------------------------------------------


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        return model._meta.get_field(name).concrete
    except FieldDoesNotExist:
        return False


def _follow(obj: Any, path: str) -> str:
    for part in path.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return ""
    return str(obj)


def _yes_no(value: Any) -> str:
    if value is None:
        return ""
    return gettext("Yes") if value else gettext("No")


def _text(value: Any) -> str:
    text = str(value)
    if isinstance(value, SafeData):
        # markup the list renders (a link, a badge): the text the reader sees
        text = html.unescape(strip_tags(text))
    return text


def _csv_pieces(headers: list[str], rows: Iterable[list[Cell]]) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    yield ("\ufeff" + writer.writerow([neutralise(h) for h in headers])).encode()
    piece: list[str] = []
    for row in rows:
        piece.append(writer.writerow([spreadsheet_cell(cell) for cell in row]))
        if len(piece) >= CSV_CHUNK_ROWS:
            yield "".join(piece).encode()
            piece = []
    if piece:
        yield "".join(piece).encode()


def _xlsx_file(title: str, headers: list[str], rows: Iterable[list[Cell]]) -> Any:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)
    sheet.append([_xlsx_cell(h) for h in headers])
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    # on disk, not in memory: a list of the row cap's size is tens of megabytes
    file = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(file)
    file.seek(0)
    return file


def _xlsx_cell(value: Cell) -> Cell:
    if isinstance(value, str):
        # control characters are not allowed in a worksheet; a formula is only data here
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, datetime.datetime | datetime.date):
        return str(value)
    return value
