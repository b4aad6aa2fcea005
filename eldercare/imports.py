"""Spreadsheet import of elders' meal enrolments (``licang.imports``).

A row names an elder by ID number (already in the registry, in the uploader's part of the
district), their home meal point by its code (or a name only one point has), their dietary
restrictions, whether meals are brought to them and the enrolment's start date. An elder without
a current enrolment is enrolled under the rules of ``eldercare.actions.enrolment_create`` (aged
``MealRule.elder_age`` or over on the start date, by the ID number; home delivery only from a
point that delivers); an elder with one has it updated as ``enrolment_save`` would. A blank cell
keeps what the enrolment holds. Hardship is not imported: staff check it against the documents.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pgtrigger
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy, pgettext_lazy

from eldercare import pricing
from eldercare.models import Enrolment, MealPoint, MealRule, Tag, tag_labels
from licang.imports.copy import with_history
from licang.imports.kinds import (
    Checked,
    Column,
    Row,
    RowsToWrite,
    Written,
    parse_bool,
    parse_date,
    parse_id_number,
)
from licang.imports.models import ImportBatch, Outcome
from licang.registry.imports import ScopedImportKind
from licang.registry.models import Resident

_SEPARATORS = re.compile(r"[、,，;；/／|]+")
_NONE = {"无", "没有", "-", "—", "none", "no"}
# what staff write besides the tags' names in Chinese and English
_SYNONYMS = {"软食": Tag.SOFT, "少盐": Tag.LOW_SALT, "少糖": Tag.LOW_SUGAR, "吃素": Tag.VEGETARIAN}
# what staff edit on an enrolment, by column type: an update is written only where none of
# them changed since the dry run
EDITABLE = {
    "point_id": "bigint", "dietary_restrictions": "varchar(12)[]", "hardship": "text",
    "needs_delivery": "boolean", "enrolled_on": "date", "status": "text",
}  # fmt: skip
# the rows to write, staged by COPY: the values to write and what the dry run saw of an update
STAGE = {
    "enrolment_id": "bigint", "resident_id": "bigint", "point_id": "bigint",
    "restrictions": "varchar(12)[]", "needs_delivery": "boolean", "enrolled_on": "date",
    **{f"seen_{name}": kind for name, kind in EDITABLE.items()},
}  # fmt: skip
# translated when a row is refused, in the batch's language
REFUSALS = {
    "no_id_number": gettext_lazy("The ID number is missing."),
    "unregistered": gettext_lazy(
        "No resident has this ID number; register the person in the registry first."
    ),
    "out_of_scope": gettext_lazy(
        "This person is registered in a community outside your part of the district."
    ),
    "other_name": gettext_lazy(
        "The registry has this ID number under another name (%(name)s); check the row."
    ),
    "unknown_point": gettext_lazy("Unknown meal point “%(value)s”."),
    "ambiguous_point": gettext_lazy(
        "Several meal points are called “%(value)s”; write the point's code."
    ),
    "no_point": gettext_lazy("A new enrolment needs a meal point."),
    "unknown_restriction": gettext_lazy(
        "Unknown dietary restriction “%(value)s”; write any of %(choices)s."
    ),
    "not_yes_or_no": gettext_lazy("Write 是 or 否, not “%(value)s”."),
    "not_a_date": gettext_lazy("“%(value)s” is not a date; write it as 2026-06-15."),
    "no_start": gettext_lazy("A new enrolment needs a start date."),
    # the enrol action's own words (``eldercare.actions.enrolment``)
    "no_delivery": gettext_lazy("This point does not deliver: choose a point that does."),
    "no_rule": gettext_lazy("No meal rule is set for %(year)d yet."),
    "not_an_elder": gettext_lazy(
        "The meal program is for residents aged %(age)d and over; by the ID number this person "
        "is %(actual)d."
    ),
}


@dataclass(frozen=True)
class Point:
    pk: int
    code: str
    delivers: bool


@dataclass
class Lookups:
    """What the dry run and the write need for the whole file: the uploader, the points, the
    words of the dietary restrictions and the meal rules of the years read so far."""

    user: Any
    enrolled_by: int | None
    by_code: dict[str, Point] = field(default_factory=dict)
    by_name: dict[str, list[Point]] = field(default_factory=dict)
    by_pk: dict[int, Point] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)
    rules: dict[int, MealRule | None] = field(default_factory=dict)

    @classmethod
    def load(cls, batch: ImportBatch) -> Lookups:
        lookups = cls(batch.uploaded_by, batch.confirmed_by_id or batch.uploaded_by_id)
        for pk, code, zh, en, radius in MealPoint.objects.values_list(
            "pk", "code", "name_zh_hans", "name_en", "delivery_radius_m"
        ):
            point = Point(pk, code, radius > 0)
            lookups.by_code[code.lower()] = lookups.by_pk[pk] = point
            for name in {zh, en} - {None, ""}:
                lookups.by_name.setdefault(_plain(name), []).append(point)
        for tag in Tag:
            lookups.words[tag.value] = tag.value
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    lookups.words[_plain(str(tag.label))] = tag.value
        lookups.words.update({word: tag.value for word, tag in _SYNONYMS.items()})
        return lookups

    def rule(self, year: int) -> MealRule | None:
        if year not in self.rules:
            self.rules[year] = pricing.rule_for(datetime.date(year, 1, 1))
        return self.rules[year]


def _refuse(reasons: list[tuple[str, str]], column: str, refusal: str, **params: Any) -> None:
    message = str(REFUSALS[refusal])
    reasons.append((column, message % params if params else message))


def _plain(text: str) -> str:
    return re.sub(r"\s", "", text or "").lower()


@dataclass
class Parsed:
    """A row's cells read, before the registry is consulted."""

    row: Row
    reasons: list[tuple[str, str]]
    number: str
    name: str
    point: Point | None
    restrictions: list[str] | None  # None: blank, keep the enrolment's
    delivery: bool | None
    enrolled_on: datetime.date | None


def _id_number(raw: str, reasons: list[tuple[str, str]], today: datetime.date) -> str:
    try:
        number = parse_id_number(raw, today=today)
    except ValidationError as exc:
        reasons.append(("id_number", " ".join(exc.messages)))
        return ""
    if number is None:
        _refuse(reasons, "id_number", "no_id_number")
        return ""
    return number.value


def _point(raw: str, lookups: Lookups, reasons: list[tuple[str, str]]) -> Point | None:
    """The point of a code (or of a name only one point has); ``None`` when blank or unknown."""
    if not raw:
        return None
    found = lookups.by_code.get(raw.lower())
    named = lookups.by_name.get(_plain(raw), [])
    if found is None and len(named) == 1:
        found = named[0]
    if found is None:
        _refuse(reasons, "point", "ambiguous_point" if named else "unknown_point", value=raw)
    return found


def _restrictions(raw: str, lookups: Lookups, reasons: list[tuple[str, str]]) -> list[str] | None:
    if not raw:
        return None
    # "低盐、软烂", "低盐 软烂" and "Low salt, Soft" alike: a piece is a name, else its words are
    words = []
    for piece in _SEPARATORS.split(raw):
        plain = _plain(piece)
        known = plain in lookups.words or plain in _NONE
        words.extend([plain] if known or not plain else [_plain(w) for w in piece.split()])
    words = [w for w in words if w]
    if all(w in _NONE for w in words):
        return []
    unknown = [w for w in words if w not in lookups.words and w not in _NONE]
    if unknown:
        value, choices = "、".join(unknown), "、".join(tag_labels(Tag.values))
        _refuse(
            reasons, "dietary_restrictions", "unknown_restriction", value=value, choices=choices
        )
        return None
    return sorted({lookups.words[w] for w in words if w not in _NONE})


def _flag(raw: str, reasons: list[tuple[str, str]]) -> bool | None:
    if not raw:
        return None
    value = parse_bool(raw)
    if value is None:
        _refuse(reasons, "needs_delivery", "not_yes_or_no", value=raw)
    return value


def _date(raw: str, reasons: list[tuple[str, str]]) -> datetime.date | None:
    try:
        return parse_date(raw)
    except ValueError:
        _refuse(reasons, "enrolled_on", "not_a_date", value=raw)
        return None


class MealEnrolmentKind(ScopedImportKind):
    code = "meal_enrolments"
    name = gettext_lazy("meal enrolments")
    permissions = ("eldercare.add_enrolment", "eldercare.change_enrolment")
    columns = (
        Column(
            "id_number",
            "身份证号",
            gettext_lazy("ID number"),
            ("公民身份号码", "身份证号码", "身份证", "证件号码", "老人身份证号", "id number", "id"),
            required=True,
            mask="id_number",
        ),
        Column("name", "姓名", pgettext_lazy("person", "name"), ("老人姓名", "名字", "name")),
        Column(
            "point",
            "助餐点编号",
            gettext_lazy("meal point code"),
            ("助餐点", "助餐点编码", "助餐点代码", "就餐点", "就餐点编号", "meal point", "point"),
            required=True,
        ),
        Column(
            "dietary_restrictions",
            "饮食禁忌",
            gettext_lazy("dietary restrictions"),
            ("饮食要求", "饮食限制", "忌口", "膳食要求", "diet"),
        ),
        Column(
            "needs_delivery",
            "是否送餐",
            gettext_lazy("needs home delivery"),
            ("送餐", "需要送餐", "送餐上门", "delivery"),
        ),
        Column(
            "enrolled_on",
            "开始日期",
            gettext_lazy("start date"),
            ("登记日期", "入册日期", "助餐开始日期", "start date", "enrolled on"),
        ),
    )

    def context(self, batch: ImportBatch) -> Lookups:
        return Lookups.load(batch)

    def validate(self, rows: Sequence[Row], context: Lookups) -> list[Checked]:
        today = timezone.localdate()
        parsed = []
        for row in rows:
            reasons: list[tuple[str, str]] = []
            cells = {key: value.strip() for key, value in row.cells.items()}
            parsed.append(
                Parsed(
                    row,
                    reasons,
                    _id_number(cells.get("id_number", ""), reasons, today),
                    cells.get("name", ""),
                    _point(cells.get("point", ""), context, reasons),
                    _restrictions(cells.get("dietary_restrictions", ""), context, reasons),
                    _flag(cells.get("needs_delivery", ""), reasons),
                    _date(cells.get("enrolled_on", ""), reasons),
                )
            )
        numbers = {p.number for p in parsed if p.number}
        # three queries a chunk: the residents, those in the uploader's scope, their enrolments
        residents = {
            r.id_number: r
            for r in Resident.objects.filter(id_number__any=numbers).only(
                "id_number", "name", "birth_date", "community_id"
            )
        }
        in_scope = set(
            Resident.objects.visible_to(context.user)
            .filter(id_number__any=numbers)
            .values_list("pk", flat=True)
        )
        current = {
            e["resident_id"]: e
            for e in Enrolment.objects.current()
            .filter(resident__id_number__any=numbers)
            .values("id", "resident_id", *EDITABLE)
        }
        return [self._check(p, residents, in_scope, current, context) for p in parsed]

    def _check(
        self,
        p: Parsed,
        residents: dict[str, Resident],
        in_scope: set[int],
        current: dict[int, dict[str, Any]],
        context: Lookups,
    ) -> Checked:
        reasons = p.reasons
        resident = residents.get(p.number)
        if p.number and resident is None:
            _refuse(reasons, "id_number", "unregistered")
        elif resident is not None and resident.pk not in in_scope:
            _refuse(reasons, "id_number", "out_of_scope")
            resident = None  # nothing more is said of a person the uploader may not see
        elif resident is not None and p.name and p.name != resident.name:
            masked = resident.name[:1] + "*" * (len(resident.name) - 1)
            _refuse(reasons, "name", "other_name", name=masked)
        if resident is None:
            return Checked.refused(p.row, reasons, p.number)
        before = current.get(resident.pk)
        point = p.point or (context.by_pk[before["point_id"]] if before else None)
        enrolled_on = p.enrolled_on or (before["enrolled_on"] if before else None)
        delivery = p.delivery
        if delivery is None:
            delivery = bool(before and before["needs_delivery"])
        restrictions = p.restrictions
        if restrictions is None:
            restrictions = sorted(before["dietary_restrictions"]) if before else []
        if before is None:
            self._check_new(p, resident, point, enrolled_on, context)
        if delivery and point is not None and not point.delivers:
            _refuse(reasons, "needs_delivery", "no_delivery")
        if reasons:
            return Checked.refused(p.row, reasons, p.number)
        assert point is not None and enrolled_on is not None
        data: dict[str, Any] = {
            "id_number": p.number,
            "name": resident.name,
            "point": point.code,
            "dietary_restrictions": "、".join(tag_labels(restrictions)),
            "needs_delivery": delivery,
            "enrolled_on": enrolled_on.isoformat(),
            "resident_id": resident.pk,
            "point_id": point.pk,
            "restrictions": restrictions,
        }
        if before is None:
            return Checked(Outcome.CREATE, p.number, data)
        changes = [
            key
            for key, changed in (
                ("point", point.pk != before["point_id"]),
                ("dietary_restrictions", restrictions != sorted(before["dietary_restrictions"])),
                ("needs_delivery", delivery != before["needs_delivery"]),
                ("enrolled_on", enrolled_on != before["enrolled_on"]),
            )
            if changed
        ]
        if not changes:
            return Checked(Outcome.UNCHANGED, p.number, data)
        data["enrolment_id"] = before["id"]
        data.update({f"seen_{name}": before[name] for name in EDITABLE})
        return Checked(Outcome.UPDATE, p.number, data, changes=changes)

    def _check_new(
        self,
        p: Parsed,
        resident: Resident,
        point: Point | None,
        enrolled_on: datetime.date | None,
        context: Lookups,
    ) -> None:
        """The rules of ``enrolment_create``, with the rule of the start date's year."""
        if point is None and not p.row.cells.get("point", "").strip():
            _refuse(p.reasons, "point", "no_point")
        if enrolled_on is None:
            if not p.row.cells.get("enrolled_on", "").strip():
                _refuse(p.reasons, "enrolled_on", "no_start")
            return
        rule = context.rule(enrolled_on.year)
        if rule is None:
            _refuse(p.reasons, "enrolled_on", "no_rule", year=enrolled_on.year)
        elif not pricing.is_elder(resident, enrolled_on, rule):
            age, actual = rule.elder_age, resident.age_on(enrolled_on)
            _refuse(p.reasons, "id_number", "not_an_elder", age=age, actual=actual)

    def write(
        self,
        cursor: Any,
        rows: RowsToWrite,
        context: Lookups,
        progress: Callable[[int], None],
    ) -> Written:
        progress(rows.stage(cursor, "imports_enrolment_stage", STAGE))
        # a point that stopped delivering since the dry run writes none of its delivery rows, and
        # the batch fails as stale: the rule of the actions holds at the write too
        delivers = (
            "JOIN eldercare_mealpoint p ON p.id = s.point_id "
            "AND (NOT s.needs_delivery OR p.delivery_radius_m > 0)"
        )
        # the history of each row is written by the statement itself, not the row triggers (see
        # ``with_history``); the context (batch, confirming user) is the write's
        with pgtrigger.ignore(
            "eldercare.Enrolment:insert_insert", "eldercare.Enrolment:update_update"
        ):
            cursor.execute(
                with_history(
                    Enrolment,
                    "insert",
                    "INSERT INTO eldercare_enrolment (public_id, resident_id, point_id, "
                    "dietary_restrictions, hardship, needs_delivery, status, status_note, "
                    "enrolled_on, enrolled_by_id, created_at) "
                    "SELECT gen_random_uuid(), s.resident_id, s.point_id, "
                    "s.restrictions, '', s.needs_delivery, 'active', '', "
                    f"s.enrolled_on, %s, %s FROM imports_enrolment_stage s {delivers} "
                    # an elder enrolled meanwhile (one current enrolment each) is skipped
                    "WHERE s.action = 'create' ON CONFLICT DO NOTHING RETURNING *",
                ),
                [context.enrolled_by, timezone.now()],  # the portal's clock, not the server's
            )
            created = cursor.rowcount
            # compare-and-set on every field staff edit: an enrolment changed, suspended or ended
            # since the dry run is not overwritten
            cursor.execute(
                with_history(
                    Enrolment,
                    "update",
                    "UPDATE eldercare_enrolment e SET point_id = s.point_id, "
                    "dietary_restrictions = s.restrictions, needs_delivery = s.needs_delivery, "
                    f"enrolled_on = s.enrolled_on FROM imports_enrolment_stage s {delivers} "
                    "WHERE s.action = 'update' AND e.id = s.enrolment_id AND "
                    + " AND ".join(f"e.{name} = s.seen_{name}" for name in EDITABLE)
                    + " RETURNING e.*",
                )
            )
            updated = cursor.rowcount
        return Written(created=created, updated=updated)


KINDS = [MealEnrolmentKind()]
