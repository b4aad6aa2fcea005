"""Spreadsheet import of special family-planning families (``licang.imports``).

A row names a parent by ID number; the family is the record of that person's household (as
``health.demo`` and the admin record it: one family a household). The person must be in the
registry, in a household, and in the uploader's part of the district. A blank cell keeps what
the family record holds; the category is needed only for a new family.

The rules are those of ``health.actions.special_family_save`` (the model's ``full_clean``): a
known category, a certificate number of at most 40 characters, a real date. That action leaves
the resident's ``special_family_planning`` flag alone (the registry's own edit sets it), and so
does the import.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from health.models import SpecialFamily
from licang.imports.copy import with_history
from licang.imports.kinds import (
    Checked,
    Column,
    Row,
    RowsToWrite,
    Written,
    parse_date,
    parse_id_number,
)
from licang.imports.models import ImportBatch, Outcome
from licang.registry.imports import ScopedImportKind
from licang.registry.models import Community, Resident

Situation = SpecialFamily.Situation
# words staff write for the categories besides the model's own labels (a file format, not a rule)
SITUATION_WORDS = {
    "死亡": Situation.CHILD_DIED,
    "独生子女死亡家庭": Situation.CHILD_DIED,
    "失独": Situation.CHILD_DIED,
    "伤残": Situation.CHILD_DISABLED,
    "残疾": Situation.CHILD_DISABLED,
    "独生子女残疾": Situation.CHILD_DISABLED,
    "独生子女伤残家庭": Situation.CHILD_DISABLED,
}
FIELDS = ("situation", "certificate_number", "recognised_on")
CERTIFICATE_LIMIT = SpecialFamily._meta.get_field("certificate_number").max_length or 40
# Excel shows a long number typed into a General cell as 3.70213E+17, having dropped its last
# digits: say so rather than "wrong check digit"
STAGE = "health_specialfamily_stage"
STAGE_COLUMNS = {
    "family_id": "bigint", "household_id": "bigint", "id_number": "text",
    "situation_code": "text", "certificate_number": "text", "recognised_on": "date",
    "seen_situation": "text", "seen_certificate_number": "text", "seen_recognised_on": "date",
}  # fmt: skip


def _plain(text: str) -> str:
    return re.sub(r"\s", "", text or "").lower()


@dataclass
class Uploader:
    """The communities the uploader may import into, and the category words of the file."""

    in_scope: set[int] = field(default_factory=set)
    situations: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, user: Any) -> Uploader:
        words: dict[str, str] = {_plain(w): str(code) for w, code in SITUATION_WORDS.items()}
        for code, label in Situation.choices:
            words[_plain(code)] = str(code)
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    words[_plain(str(label))] = str(code)
        return cls(
            in_scope=set(Community.objects.visible_to(user).values_list("pk", flat=True)),
            situations=words,
        )


def _id_number(row: Row, reasons: list[tuple[str, str]], today: datetime.date) -> str:
    try:
        number = parse_id_number(row.cells.get("id_number", ""), today=today)
    except ValidationError as exc:
        reasons.append(("id_number", " ".join(exc.messages)))
        return ""
    if number is None:
        reasons.append(("id_number", _("The ID number is missing.")))
        return ""
    return number.value


def _situation(row: Row, words: dict[str, str], reasons: list[tuple[str, str]]) -> str:
    raw = row.cells.get("situation", "").strip()
    if not raw:
        return ""
    code = words.get(_plain(raw))
    if code is None:
        reasons.append(
            (
                "situation",
                _("Unknown category “%(value)s”; write one of: %(choices)s.")
                % {"value": raw, "choices": "、".join(str(label) for label in Situation.labels)},
            )
        )
        return ""
    return code


def _date(row: Row, reasons: list[tuple[str, str]]) -> datetime.date | None:
    raw = row.cells.get("recognised_on", "").strip()
    try:
        return parse_date(raw)
    except ValueError:
        reasons.append(
            (
                "recognised_on",
                _("Write the date as 2024-05-01, not “%(value)s”.") % {"value": raw},
            )
        )
        return None


def _certificate(row: Row, reasons: list[tuple[str, str]]) -> str:
    value = row.cells.get("certificate_number", "").strip()
    if len(value) > CERTIFICATE_LIMIT:
        reasons.append(
            (
                "certificate_number",
                _("The certificate number is longer than %(limit)d characters.")
                % {"limit": CERTIFICATE_LIMIT},
            )
        )
    return value


@dataclass
class Parsed:
    row: Row
    reasons: list[tuple[str, str]]
    id_number: str
    situation: str
    certificate_number: str
    recognised_on: datetime.date | None


class SpecialFamilyKind(ScopedImportKind):
    code = "special_families"
    name = gettext_lazy("special family-planning families")
    permissions = ("health.add_specialfamily", "health.change_specialfamily")
    columns = (
        Column(
            "id_number",
            "身份证号",
            gettext_lazy("ID number"),
            ("公民身份号码", "身份证号码", "身份证", "证件号码", "id number", "id"),
            True,
            mask="id_number",
        ),
        Column("name", "姓名", pgettext_lazy("person", "name"), ("名字", "居民姓名", "父母姓名")),
        Column(
            "situation",
            "家庭类别",
            gettext_lazy("category"),
            ("特殊家庭类别", "家庭类型", "类别", "情形", "situation"),
            True,
        ),
        Column(
            "certificate_number",
            "证明编号",
            gettext_lazy("certificate number"),
            ("证书编号", "证书号", "证号", "证明号", "扶助证编号", "certificate no"),
        ),
        Column(
            "recognised_on",
            "认定日期",
            gettext_lazy("recognised on"),
            ("确认日期", "认定时间", "recognized on"),
        ),
    )

    def context(self, batch: ImportBatch) -> Uploader:
        return Uploader.load(batch.uploaded_by)

    def validate(self, rows: Sequence[Row], context: Uploader) -> list[Checked]:
        today = timezone.localdate()
        parsed = []
        for row in rows:
            reasons: list[tuple[str, str]] = []
            parsed.append(
                Parsed(
                    row,
                    reasons,
                    _id_number(row, reasons, today),
                    _situation(row, context.situations, reasons),
                    _certificate(row, reasons),
                    _date(row, reasons),
                )
            )
        people = {
            r["id_number"]: r
            for r in Resident.objects.filter(
                id_number__any={p.id_number for p in parsed if p.id_number}
            ).values("id_number", "name", "community_id", "household_id", "household__community_id")
        }
        families: dict[int, list[dict[str, Any]]] = {}
        for family in SpecialFamily.objects.filter(
            household_id__any={p["household_id"] for p in people.values() if p["household_id"]}
        ).values("id", "household_id", *FIELDS):
            families.setdefault(family["household_id"], []).append(family)
        return [self._check(context, p, people.get(p.id_number), families) for p in parsed]

    def _check(
        self,
        context: Uploader,
        p: Parsed,
        person: Mapping[str, Any] | None,
        families: dict[int, list[dict[str, Any]]],
    ) -> Checked:
        reasons = p.reasons
        household = person["household_id"] if person else None
        # one family a household: two parents of it in one file are the same record twice
        key = f"household:{household}" if household else (p.id_number and f"person:{p.id_number}")
        name = p.row.cells.get("name", "").strip()
        if p.id_number and person is None:
            reasons.append(
                (
                    "id_number",
                    _("Nobody in the registry has this ID number; import the residents first."),
                )
            )
        elif person is not None and not (
            {person["community_id"], person["household__community_id"]} - {None} <= context.in_scope
        ):
            reasons.append(
                (
                    "id_number",
                    _(
                        "This person is registered in a community outside your part of the "
                        "district."
                    ),
                )
            )
        elif person is not None and name and person["name"] != name:
            reasons.append(
                (
                    "name",
                    _(
                        "The registry has this ID number under another name (%(name)s); "
                        "check the row."
                    )
                    % {"name": person["name"][:1] + "*" * (len(person["name"]) - 1)},
                )
            )
        elif person is not None and household is None:
            reasons.append(
                (
                    "id_number",
                    _(
                        "This person belongs to no household in the registry; a special family "
                        "is recorded for a household."
                    ),
                )
            )
        found = families.get(household, []) if household else []
        if len(found) > 1:
            reasons.append(
                (
                    "id_number",
                    _(
                        "The registry holds several special-family records for this person's "
                        "household; correct them in the admin first."
                    ),
                )
            )
        before = found[0] if len(found) == 1 else None
        if before is None and not reasons and not p.situation:
            reasons.append(("situation", _("A new special family needs its category.")))
        if reasons:
            return Checked.refused(p.row, reasons, key)
        assert person is not None
        situation: str = p.situation or (before["situation"] if before else "")
        certificate: str = p.certificate_number or (before["certificate_number"] if before else "")
        on: datetime.date | None = p.recognised_on or (before["recognised_on"] if before else None)
        values = {"situation": situation, "certificate_number": certificate, "recognised_on": on}
        data: dict[str, Any] = {
            "id_number": p.id_number,
            "name": name or person["name"],
            "situation": str(Situation(situation).label),
            "certificate_number": certificate,
            "recognised_on": on.isoformat() if on else None,
            "situation_code": situation,
            "household_id": household,
        }
        if before is None:
            return Checked(Outcome.CREATE, key, data)
        changes = [f for f in FIELDS if before[f] != values[f]]
        if not changes:
            return Checked(Outcome.UNCHANGED, key, data)
        data["family_id"] = before["id"]
        data["seen_situation"] = before["situation"]
        data["seen_certificate_number"] = before["certificate_number"]
        seen_on = before["recognised_on"]
        data["seen_recognised_on"] = seen_on.isoformat() if seen_on else None
        return Checked(Outcome.UPDATE, key, data, changes=changes)

    def write(
        self,
        cursor: Any,
        rows: RowsToWrite,
        context: Uploader,
        progress: Callable[[int], None],
    ) -> Written:
        progress(rows.stage(cursor, STAGE, STAGE_COLUMNS))
        # no constraint can hold "one family a household" (the column is nullable and old
        # records may repeat), so a family saved in the admin between the check below and the
        # insert would make two: other writers of the table wait until this write commits
        cursor.execute("LOCK TABLE health_specialfamily IN SHARE ROW EXCLUSIVE MODE")
        # the person must still be of the household the dry run saw
        same_household = (
            "EXISTS (SELECT 1 FROM registry_resident r "
            "WHERE r.id_number = s.id_number AND r.household_id = s.household_id)"
        )
        # the history of each row is written by the statement itself (see ``with_history``)
        with pgtrigger.ignore(
            "health.SpecialFamily:insert_insert", "health.SpecialFamily:update_update"
        ):
            cursor.execute(
                with_history(
                    SpecialFamily,
                    "insert",
                    "INSERT INTO health_specialfamily (public_id, household_id, situation, "
                    "certificate_number, recognised_on, created_at) "
                    "SELECT gen_random_uuid(), s.household_id, s.situation_code, "
                    "s.certificate_number, s.recognised_on, %s "
                    f"FROM {STAGE} s WHERE s.action = 'create' AND {same_household} "
                    "AND NOT EXISTS (SELECT 1 FROM health_specialfamily f "
                    "WHERE f.household_id = s.household_id) RETURNING *",
                ),
                [timezone.now()],  # the portal's clock, not the database server's
            )
            created = cursor.rowcount
            # compare-and-set: a family edited since the dry run is not overwritten
            cursor.execute(
                with_history(
                    SpecialFamily,
                    "update",
                    "UPDATE health_specialfamily f SET situation = s.situation_code, "
                    "certificate_number = s.certificate_number, recognised_on = s.recognised_on "
                    f"FROM {STAGE} s WHERE s.action = 'update' AND f.id = s.family_id "
                    f"AND f.household_id = s.household_id AND {same_household} "
                    "AND f.situation = s.seen_situation "
                    "AND f.certificate_number = s.seen_certificate_number "
                    "AND f.recognised_on IS NOT DISTINCT FROM s.seen_recognised_on "
                    "RETURNING f.*",
                )
            )
            updated = cursor.rowcount
        return Written(created=created, updated=updated)


KINDS = [SpecialFamilyKind()]
