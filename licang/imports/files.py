"""Reading the spreadsheets staff have and writing the templates they fill in.

``.xlsx`` through openpyxl in read-only mode; ``.csv`` as UTF-8 (with or without the byte-order
mark Excel writes) or else GB18030, the superset of the GBK that Chinese Excel writes by default.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from typing import IO, Any

import openpyxl
from django.utils.translation import gettext as _

from licang.imports.kinds import ImportKind, Row, normalise_heading

MAX_FILE_BYTES = 20 * 1024 * 1024
EXTENSIONS = (".xlsx", ".csv")


class UnreadableFile(Exception):
    """The file cannot be read as a table of this kind; the message says why, translated."""


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        # a date cell is a datetime at midnight (a ``time`` of midnight is true in Python)
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _xlsx_rows(stream: IO[bytes]) -> Iterator[list[str]]:
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # zip, XML and openpyxl errors alike: not a workbook
        raise UnreadableFile(_("The file is not an Excel workbook (.xlsx).")) from exc
    try:
        sheet = book.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(v) for v in values]
    finally:
        book.close()


def decode_csv(content: bytes) -> str:
    """UTF-8 (a BOM or not), else GB18030: a GBK file is rarely valid UTF-8, never the reverse."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            _("The CSV file is neither UTF-8 nor GBK/GB18030 text; save it again as CSV UTF-8.")
        ) from exc


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    text = decode_csv(content)
    try:
        for values in csv.reader(io.StringIO(text, newline="")):
            yield [v.strip() for v in values]
    except csv.Error as exc:
        raise UnreadableFile(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc


def read_rows(kind: ImportKind, name: str, stream: IO[bytes]) -> tuple[list[Row], list[str]]:
    """The data rows of the file by column key, and the headings that match no column.

    The first non-empty row holds the headings; empty rows are skipped; a row's number is the
    one the spreadsheet shows, so that staff find it.
    """
    lower = name.lower()
    if lower.endswith(".xlsx"):
        lines: Iterator[list[str]] = _xlsx_rows(stream)
    elif lower.endswith(".csv"):
        lines = _csv_rows(stream.read())
    else:
        raise UnreadableFile(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    headings: list[str] | None = None
    keys: list[str | None] = []
    ignored: list[str] = []
    rows: list[Row] = []
    for number, values in enumerate(lines, start=1):
        if not any(values):
            continue
        if headings is None:
            headings = values
            keys, ignored = _match_headings(kind, headings)
            continue
        cells = {key: value for key, value in zip(keys, values, strict=False) if key}
        rows.append(Row(number=number, cells=cells))
    if headings is None:
        raise UnreadableFile(_("The file is empty."))
    return rows, ignored


def _match_headings(kind: ImportKind, headings: list[str]) -> tuple[list[str | None], list[str]]:
    accepted = {name: column.key for column in kind.columns for name in column.accepted()}
    keys: list[str | None] = []
    ignored: list[str] = []
    for heading in headings:
        key = accepted.get(normalise_heading(heading))
        if key in keys:
            key = None  # a second column of the same meaning is ignored, and said so
        keys.append(key)
        if key is None and heading:
            ignored.append(heading)
    missing = [c for c in kind.columns if c.required and c.key not in keys]
    if missing:
        raise UnreadableFile(
            _("The file has no column %(columns)s. Download the template to see the headings.")
            % {"columns": "、".join(f"“{c.heading}”" for c in missing)}
        )
    return keys, ignored


# --- templates ------------------------------------------------------------------------------


def template_xlsx(kind: ImportKind) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = kind.code[:31]
    sheet.append([c.heading for c in kind.columns])
    for index, column in enumerate(kind.columns, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column.heading) * 3)
        # long digit strings (ID numbers, phones) stay text, so Excel keeps every digit
        for cell in sheet[letter][1:200]:
            cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_csv(kind: ImportKind) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerow([c.heading for c in kind.columns])
    return out.getvalue().encode("utf-8-sig")  # the BOM lets Excel read the Chinese headings
