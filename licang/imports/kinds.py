"""What an import kind is, and how the portal finds them.

``licang`` imports no program, so each app declares its kinds in its own ``imports.py`` module
(found by name, as the home page finds ``public.py``): a module-level ``KINDS`` list of
``ImportKind`` instances. A kind says

- its ``code`` and translated ``name``;
- its ``columns``: an English key, the Chinese heading of the template and the other headings
  accepted for it (``姓名``, ``name`` …);
- ``may_import(user)``: whether the user's role may edit those records (deny by default);
- ``validate(rows, context)``: each row normalised, or refused with field-level reasons, and the
  natural ``key`` used to match existing records; the framework adds "duplicate in the file";
- ``write(cursor, rows, context, progress)``: the bulk write of the rows to create and update,
  run in the one transaction of the confirmed batch. ``rows.stage`` copies the dry run's rows
  into a temporary table in SQL, without a round trip through Python (the fast path);
  ``licang.imports.copy`` helps with COPY and with writing history in the same statement.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from licang import idnumber
from licang.imports.models import ImportBatch, ImportRow, Outcome
from licang.masking import mask_detail


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # the Chinese heading of the template (a file format, not a translated text)
    label: Promise  # the column in the report, in the reader's language
    synonyms: tuple[str, ...] = ()
    required: bool = False
    # "id_number", "phone" or "email": masked in the report unless the reader may see it in full
    mask: str = ""

    def accepted(self) -> set[str]:
        return {
            normalise_heading(h) for h in (self.key, self.heading, str(self.label), *self.synonyms)
        }


_DECORATION = re.compile(r"[\s*＊:：]|[(（][^)）]*[)）]$")


def normalise_heading(heading: str) -> str:
    """``" 身份证号（必填）*"`` → ``"身份证号"``; headings match whatever the case and spacing."""
    text = str(heading or "").strip().lower()
    text = re.sub(r"[(（][^)）]*[)）]\s*\**$", "", text)
    return _DECORATION.sub("", text)


@dataclass
class Row:
    """One row of the file: its number as the spreadsheet shows it and its cells by column key."""

    number: int
    cells: dict[str, str]


@dataclass
class Checked:
    """A row as validated: its outcome, its natural key, the normalised ``data`` that would be
    written, the (column key, message) ``reasons`` of a refusal and the fields an update changes."""

    outcome: str
    key: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    reasons: list[tuple[str, str]] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    @classmethod
    def refused(cls, row: Row, reasons: list[tuple[str, str]], key: str = "") -> Checked:
        return cls(Outcome.REFUSED, key=key, data=dict(row.cells), reasons=reasons)


@dataclass
class Written:
    created: int
    updated: int


class StaleDryRun(Exception):
    """The registry changed between the dry run and the write: nothing is written."""


class RowsToWrite:
    """The dry run's rows to create and update of one batch, for a kind's ``write``.

    Iterated, it gives chunks of ``(outcome, data)`` read back into Python, in the file's order.
    ``stage`` instead copies them into a temporary table inside the database: the stored JSON of
    each row becomes typed columns there (``jsonb_to_record``), so that a 100,000-row write does
    not decode, re-encode and send every row again.
    """

    def __init__(
        self, batch_id: int, chunks: Callable[[], Iterator[list[tuple[str, dict[str, Any]]]]]
    ) -> None:
        self.batch_id = batch_id
        self._chunks = chunks

    def __iter__(self) -> Iterator[list[tuple[str, dict[str, Any]]]]:
        return self._chunks()

    def stage(self, cursor: Any, table: str, columns: dict[str, str], *, within: str = "") -> int:
        """Create the temporary ``table`` (dropped at commit) of ``action`` (the outcome) and
        ``columns`` (name → SQL type, filled from the keys of the same names in each row's data,
        or in its ``within`` object), fill it with the batch's rows to write in file order, and
        return how many. Names and types are the code's, never a file's."""
        definitions = ", ".join(f'"{name}" {kind}' for name, kind in columns.items())
        cursor.execute(f"CREATE TEMP TABLE {table} (action text, {definitions}) ON COMMIT DROP")
        source = f"r.data -> '{within}'" if within else "r.data"
        cursor.execute(
            f"INSERT INTO {table} SELECT r.outcome, x.* FROM {ImportRow._meta.db_table} r "
            f"CROSS JOIN LATERAL jsonb_to_record({source}) AS x({definitions}) "
            "WHERE r.batch_id = %s AND r.outcome IN (%s, %s) ORDER BY r.number",
            [self.batch_id, Outcome.CREATE, Outcome.UPDATE],
        )
        count: int = cursor.rowcount
        cursor.execute(f"ANALYZE {table}")  # a fresh table has no statistics for the planner
        return count


class ImportKind:
    """The base of every import kind; see the module docstring."""

    code: str = ""
    name: Promise = _("records")
    columns: tuple[Column, ...] = ()
    # how many rows ``validate`` is given at once (it reads the existing records for each chunk)
    chunk_size = 5000

    def may_import(self, user: Any) -> bool:
        return False

    def sees_full_identity(self, user: Any) -> bool:
        return False

    def context(self, batch: ImportBatch) -> Any:
        """What validation needs for the whole file (the uploader's scope, lookups)."""
        return None

    def validate(self, rows: Sequence[Row], context: Any) -> list[Checked]:
        raise NotImplementedError

    def write(
        self,
        cursor: Any,
        rows: RowsToWrite,
        context: Any,
        progress: Callable[[int], None],
    ) -> Written:
        """Write the rows to create and update (``RowsToWrite``); call ``progress`` with the
        rows handled so far. Must return exactly what it created and updated: the batch is
        refused as stale (and nothing written) when that differs from the dry run."""
        raise NotImplementedError

    # --- shared by every kind -----------------------------------------------------------------

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def cells_for_report(self, data: dict[str, Any], user: Any) -> list[str]:
        full = self.sees_full_identity(user)
        shown = []
        for column in self.columns:
            value = data.get(column.key, "")
            value = "" if value is None else value
            if isinstance(value, bool):
                value = _("yes") if value else _("no")
            value = str(value)
            if not full and column.mask:
                value = mask_detail(column.mask, value)
            shown.append(value)
        return shown

    def __str__(self) -> str:
        return str(self.name)


def _modules() -> Iterator[Any]:
    for config in apps.get_app_configs():
        name = f"{config.name}.imports"
        if (
            config.path.startswith(str(settings.BASE_DIR))
            and config.name != "licang.imports"
            and find_spec(name)
        ):
            yield import_module(name)


@cache
def all_kinds() -> dict[str, ImportKind]:
    """Every kind of every app's ``imports.py``, by code, in ``INSTALLED_APPS`` order."""
    found: dict[str, ImportKind] = {}
    for module in _modules():
        for kind in getattr(module, "KINDS", []):
            found[kind.code] = kind
    return found


def kind_named(code: str) -> ImportKind | None:
    return all_kinds().get(code)


def kinds_for(user: Any) -> list[ImportKind]:
    """The kinds ``user``'s role may import."""
    return [kind for kind in all_kinds().values() if kind.may_import(user)]


# --- small parsers shared by the kinds ----------------------------------------------------------

_YES = {"是", "y", "yes", "true", "1", "√", "✓", "有"}
_NO = {"否", "n", "no", "false", "0", "×", "无", ""}


def parse_bool(raw: str) -> bool | None:
    """是/否, yes/no, 1/0 …; ``None`` when it is none of them."""
    value = raw.strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    return None


# Excel shows a long number typed into a General cell as 3.70213E+17, having dropped its last
# digits: say so rather than "wrong check digit"
_EXCEL_FIGURE = re.compile(r"^\d(\.\d+)?e\+?\d+$", re.IGNORECASE)


def parse_id_number(raw: str, *, today: datetime.date) -> idnumber.IdNumber | None:
    """The ID number of a cell (``licang.idnumber.parse``), ``None`` when the cell is blank.

    Raises ``ValidationError`` with the reason, in the active language; a number that Excel
    turned into a figure is explained as such.
    """
    value = raw.replace(" ", "").lstrip("'")
    if not value:
        return None
    if _EXCEL_FIGURE.match(value):
        raise ValidationError(
            gettext(
                "Excel stored the ID number as a figure and dropped its last digits; "
                "format the column as text and type the numbers again."
            ),
            code="excel_figure",
        )
    return idnumber.parse(value, today=today)


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+00:00(?::00)?)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(raw: str) -> datetime.date | None:
    """2026-06-15, 2026/6/15, 2026.6.15, 2026年6月15日 or 20260615 (and a date cell of Excel);
    ``None`` when blank. Raises ``ValueError`` for anything else."""
    value = raw.strip()
    if not value:
        return None
    found = _DATE.match(value) or _COMPACT_DATE.match(value)
    if found is None:
        raise ValueError(value)
    year, month, day = (int(part) for part in found.groups())
    return datetime.date(year, month, day)
