"""The settlement spreadsheet: the month's lines per tier, the meals per point and the
adjustments, in the reader's language. Text that a spreadsheet would run as a formula is written
as text."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A value as a cell holds it safely: text beginning like a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def settlement_workbook(sheet: dict[str, Any]) -> bytes:
    settlement = sheet["settlement"]
    book = Workbook()
    summary = book.active
    summary.title = _("Settlement")[:31]
    rows: list[list[Any]] = [
        [_("caterer"), settlement.caterer.name],
        [_("month"), f"{settlement.month:%Y-%m}"],
        [_("status"), str(settlement.get_status_display())],
        [_("meals served"), settlement.meals_served],
        [_("subsidised meals"), settlement.subsidised_meals],
        [_("subsidy owed"), settlement.subsidy_total],
        [_("adjustments"), settlement.adjustments_total],
        [_("amount due"), settlement.amount_due],
        [],
        [_("tier"), _("meals"), _("subsidy owed")],
        *[[line["tier"], line["meals"], line["subsidy"]] for line in sheet["lines"]],
    ]
    for row in rows:
        summary.append([cell(str(v) if hasattr(v, "__html__") else v) for v in row])
    points = book.create_sheet(_("Meal points")[:31])
    points.append(
        [_("code"), _("meal point"), _("meals served"), _("subsidised meals"), _("subsidy")]
    )
    for row in sheet["points"]:
        points.append(
            [
                cell(row["point__code"]),
                cell(row["point__name"]),
                row["meals"],
                row["subsidised"],
                row["subsidy_owed"],
            ]
        )
    adjustments = book.create_sheet(_("Adjustments")[:31])
    adjustments.append(
        [_("amount"), _("reason"), _("corrects the month"), _("by"), _("created at")]
    )
    for adjustment in sheet["adjustments"]:
        adjustments.append(
            [
                adjustment.amount,
                cell(adjustment.reason),
                f"{adjustment.corrects.month:%Y-%m}" if adjustment.corrects else "",
                cell(str(adjustment.created_by or "")),
                timezone.localtime(adjustment.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
