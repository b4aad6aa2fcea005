"""A chart of the statistics page as a CSV file: the figures of its table, for a spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import Any

# Text a spreadsheet would run as a formula (OWASP "CSV injection") is written as text with a
# leading quote; numbers are written as numbers, a negative one included.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # Excel opens a UTF-8 file as UTF-8 (Chinese labels intact) only with it


def cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def chart_rows(chart: dict[str, Any]) -> list[list[Any]]:
    """The chart as a table: a row per x label, a column per series (the page's table too)."""
    header = [chart["x_title"], *[s["name"] for s in chart["series"]]]
    rows = [
        [label, *[s["values"][i] for s in chart["series"]]] for i, label in enumerate(chart["x"])
    ]
    return [header, *rows]


def chart_csv(chart: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in chart_rows(chart):
        writer.writerow([cell(v) for v in row])
    return BOM + out.getvalue()
