"""Spreadsheet import kind of the property-certificate program: units and their owners
(``licang.imports``).

A unit is matched by its address in its estate (楼号, 单元, 房号: the unit's unique constraint);
a new unit opens its certificate case, as ``housing.actions.unit_save`` does. Several owners go
in one cell, their ID numbers separated by 、 (or a comma, a semicolon, a space), with their
shares in the 份额 cell in the same order; without shares one owner holds 100% and several
owners equal shares when those come out exact (two, four, five owners). The shares make 100 and
the owners named replace the unit's, as in ``unit_save``. A blank 类型, 面积 or 产权人 cell keeps
what the unit has; a new unit is a home unless the file says shop, and needs its area. An estate
holds at most the homes and shop units it was built with (``Estate.homes``, ``Estate.shops``,
out of which its progress is counted): a row that would take an estate past them is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any, NamedTuple

import pgtrigger
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from housing.models import Case, Estate, Unit, UnitOwner, new_case_number
from licang import idnumber
from licang.imports.copy import copy_rows, with_history
from licang.imports.kinds import (
    Checked,
    Column,
    Row,
    StaleDryRun,
    Written,
    parse_id_number,
)
from licang.imports.models import ImportBatch, Outcome
from licang.masking import mask_id_number
from licang.registry.imports import ScopedImportKind
from licang.registry.models import Resident

Reasons = list[tuple[str, str]]
Owners = list[tuple[str, Decimal]]
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
_SEPARATORS = re.compile(r"[、,，;；/\s]+")
_AREA_UNITS = re.compile(r"(平方米|平米|㎡|m²|m2)$", re.IGNORECASE)
KINDS_WRITTEN = {
    Unit.Kind.HOME: {"住宅", "住房", "住家", "居住", "home", "house"},
    Unit.Kind.SHOP: {"商铺", "商业", "网点", "门面", "商服", "门头房", "shop"},
}
PERMISSIONS = tuple(
    f"housing.{codename}"
    for codename in ("add_unit", "change_unit", "add_unitowner", "change_unitowner", "add_case")
)


def _plain(text: str) -> str:
    return re.sub(r"\s", "", text or "").lower()


def split_numbers(raw: str) -> list[str]:
    return [p for p in _SEPARATORS.split(raw.replace("'", "").strip()) if p]


@dataclass
class Estates:
    """The estates by name and code, those the uploader may import into, their counters and,
    as the dry run goes, how many units of each kind each will have."""

    user: Any
    by_name: dict[str, set[int]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    limits: dict[tuple[int, str], int] = field(default_factory=dict)
    in_scope: set[int] = field(default_factory=set)
    counts: dict[tuple[int, str], int] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)  # the keys met: a duplicate is not counted again

    @classmethod
    def load(cls, user: Any) -> Estates:
        estates = cls(user)
        for pk, code, zh, en, homes, shops in Estate.objects.values_list(
            "pk", "code", "name_zh_hans", "name_en", "homes", "shops"
        ):
            for name in {code, zh, en} - {None, ""}:
                estates.by_name.setdefault(_plain(name), set()).add(pk)
            estates.names[pk] = zh or en or code
            estates.limits[pk, Unit.Kind.HOME] = homes
            estates.limits[pk, Unit.Kind.SHOP] = shops
        estates.in_scope = set(Estate.objects.visible_to(user).values_list("pk", flat=True))
        for pk, kind, count in (
            Unit.objects.filter(estate__in=estates.in_scope)
            .values_list("estate_id", "kind")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            estates.counts[pk, kind] = count
        return estates

    def estate(self, row: Row, reasons: Reasons) -> int | None:
        name = row.cells.get("estate", "").strip()
        found = self.by_name.get(_plain(name), set())
        if not name:
            reasons.append(("estate", _("The estate is missing.")))
        elif not found:
            reasons.append(("estate", _("Unknown estate “%(name)s”.") % {"name": name}))
        elif len(found) > 1:
            message = _("Several estates are named “%(name)s”; write the estate's code instead.")
            reasons.append(("estate", message % {"name": name}))
        elif not found <= self.in_scope:
            message = _("The estate “%(name)s” is outside your part of the district.")
            reasons.append(("estate", message % {"name": name}))
        else:
            return next(iter(found))
        return None

    def take(self, estate: int, kind: str, before: str | None, reasons: Reasons) -> None:
        """Count a unit of ``kind`` (one that was ``before``) in ``estate``, or refuse the row
        that would take the estate past its number of units of that kind."""
        if kind == before:
            return
        count = self.counts.get((estate, kind), 0) + 1
        limit = self.limits[estate, kind]
        if count > limit:
            message = _(
                "The estate “%(estate)s” has %(limit)d units of the kind “%(kind)s”, and they are "
                "all recorded; check the estate's numbers of homes and shop units first."
            )
            values = {"estate": self.names[estate], "limit": limit, "kind": Unit.Kind(kind).label}
            reasons.append(("kind", message % values))
            return
        self.counts[estate, kind] = count
        if before is not None:
            self.counts[estate, before] -= 1


def _text(row: Row, key: str, reasons: Reasons, *, required: bool = False) -> str:
    value = row.cells.get(key, "").strip()
    if required and not value:
        reasons.append((key, _("The %(column)s is missing.") % {"column": COLUMNS[key].label}))
    if len(value) > 20:
        message = _("The %(column)s is longer than %(limit)d characters.")
        reasons.append((key, message % {"column": COLUMNS[key].label, "limit": 20}))
    return value


def _kind(row: Row, reasons: Reasons) -> str | None:
    raw = _plain(row.cells.get("kind", ""))
    if not raw:
        return None
    for kind, words in KINDS_WRITTEN.items():
        if raw in words:
            return kind
    reasons.append(("kind", _("Write 住宅 or 商铺, not “%(value)s”.") % {"value": raw}))
    return None


def _decimal(raw: str) -> Decimal | None:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return value if value.is_finite() and abs(value) < 10**9 else None


def _area(row: Row, reasons: Reasons) -> Decimal | None:
    raw = _AREA_UNITS.sub("", row.cells.get("floor_area", "").replace(" ", ""))
    if not raw:
        return None
    value = _decimal(raw)
    if value is None or value != value.quantize(CENT, rounding=ROUND_DOWN):
        message = _("Write the floor area in m² with at most two decimals, not “%(value)s”.")
        reasons.append(("floor_area", message % {"value": raw}))
    elif not Decimal(1) <= value < Decimal(1_000_000):
        reasons.append(("floor_area", _("The floor area must be between 1 and 999,999.99 m².")))
    else:
        return value.quantize(CENT)
    return None


def _owners(row: Row, reasons: Reasons) -> Owners | None:
    """The owners' ID numbers and shares, ``None`` when blank (keep the unit's)."""
    numbers = split_numbers(row.cells.get("owners", ""))
    shares_written = [s.rstrip("%％") for s in split_numbers(row.cells.get("shares", ""))]
    if not numbers:
        if shares_written:
            reasons.append(("owners", _("Shares are given but no owner.")))
        return None
    today = timezone.localdate()
    for position, number in enumerate(numbers, start=1):
        try:
            parse_id_number(number, today=today)
        except ValidationError as exc:
            message = _("The ID number of owner %(position)d: %(error)s")
            error = " ".join(exc.messages)
            reasons.append(("owners", message % {"position": position, "error": error}))
    numbers = [idnumber.normalise(n) for n in numbers]
    if len(set(numbers)) != len(numbers):
        reasons.append(("owners", _("An owner is named twice.")))
    if not shares_written:
        share = (HUNDRED / len(numbers)).quantize(CENT, rounding=ROUND_DOWN)
        if share * len(numbers) != HUNDRED:
            reasons.append(("shares", _("Give each owner's share (%) in the share column.")))
        return [(n, share) for n in numbers]
    shares = [s for s in map(_decimal, shares_written) if s is not None]
    if len(shares_written) != len(numbers):
        message = _("%(owners)d owners but %(shares)d shares; give one share for each owner.")
        values = {"owners": len(numbers), "shares": len(shares_written)}
        reasons.append(("shares", message % values))
    elif len(shares) != len(numbers) or any(
        s != s.quantize(CENT) or not CENT <= s <= HUNDRED for s in shares
    ):
        reasons.append(("shares", _("A share is a percentage between 0.01 and 100.")))
    elif sum(shares, Decimal(0)) != HUNDRED:
        reasons.append(("shares", _("The owners' shares must add up to 100%.")))
    return [(n, s.quantize(CENT)) for n, s in zip(numbers, shares, strict=False)]


class Parsed(NamedTuple):
    row: Row
    reasons: Reasons
    estate: int | None
    address: tuple[str, str, str]
    kind: str | None
    area: Decimal | None
    owners: Owners | None  # ``None``: keep the unit's


@dataclass
class Found:
    """What the registry holds for a chunk of rows: units by address, their owners (resident,
    share), and the residents by ID number."""

    units: dict[tuple[Any, ...], Any]  # the values of each unit
    owned: dict[int, list[tuple[int, Decimal]]] = field(default_factory=dict)
    residents: dict[str, int] = field(default_factory=dict)


def fingerprint(owners: Iterable[tuple[int, Decimal]]) -> str:
    """The owners of a unit as one text, the same as ``FINGERPRINT`` computes in SQL."""
    return ",".join(f"{resident}:{share:.2f}" for resident, share in sorted(owners))


KEY = (
    "u.estate_id = s.estate_id AND u.building = s.building AND u.entrance = s.entrance "
    "AND u.room = s.room"
)
FINGERPRINT = (
    "coalesce((SELECT string_agg(o.resident_id::text || ':' || o.share::text, ',' "
    "ORDER BY o.resident_id) FROM housing_unitowner o WHERE o.unit_id = u.id), '')"
)
STAGE = [
    "action", "estate_id", "building", "entrance", "room", "kind", "floor_area", "set_owners",
    "seen_kind", "seen_floor_area", "seen_owners", "case_number",
]  # fmt: skip


class PropertyUnitKind(ScopedImportKind):
    code = "property_units"
    name = gettext_lazy("property units")
    permissions = PERMISSIONS
    columns = (
        Column("estate", "小区", gettext_lazy("estate"), ("小区名称", "安置小区", "项目"), True),
        Column(
            "building", "楼号", gettext_lazy("building"), ("楼栋", "楼栋号", "楼", "幢号"), True
        ),
        Column("entrance", "单元", gettext_lazy("entrance"), ("单元号", "entrance no")),
        Column("room", "房号", gettext_lazy("room"), ("房间号", "室号", "门牌号", "room no"), True),
        Column("kind", "类型", gettext_lazy("kind"), ("房屋类型", "用途", "房屋用途")),
        Column("floor_area", "面积", gettext_lazy("floor area (m²)"), ("建筑面积", "房屋面积")),
        Column(
            "owners",
            "产权人身份证号",
            gettext_lazy("owners' ID numbers"),
            ("产权人身份证号码", "产权人证件号码", "产权人身份证", "业主身份证号", "owner id"),
        ),  # several numbers in a cell: masked one by one in ``cells_for_report``
        Column("shares", "份额", gettext_lazy("shares (%)"), ("产权份额", "产权比例", "share")),
    )

    def cells_for_report(self, data: dict[str, Any], user: Any) -> list[str]:
        shown = super().cells_for_report(data, user)
        if not self.sees_full_identity(user):
            index = [c.key for c in self.columns].index("owners")
            numbers = split_numbers(str(data.get("owners") or ""))
            shown[index] = "、".join(mask_id_number(n) for n in numbers)
        return shown

    def context(self, batch: ImportBatch) -> Estates:
        return Estates.load(batch.uploaded_by)

    def validate(self, rows: Sequence[Row], context: Estates) -> list[Checked]:
        parsed = []
        for row in rows:
            reasons: Reasons = []
            building, entrance, room = (
                _text(row, key, reasons, required=key != "entrance")
                for key in ("building", "entrance", "room")
            )
            estate = context.estate(row, reasons)
            kind, area, owners = _kind(row, reasons), _area(row, reasons), _owners(row, reasons)
            address = (building, entrance, room)
            parsed.append(Parsed(row, reasons, estate, address, kind, area, owners))
        units = Unit.objects.filter(
            estate__in={p.estate for p in parsed}, room__any={p.address[2] for p in parsed}
        ).values("pk", "estate_id", "building", "entrance", "room", "kind", "floor_area")
        found = Found({(u["estate_id"], u["building"], u["entrance"], u["room"]): u for u in units})
        for unit, resident, share in UnitOwner.objects.filter(
            unit__any=[u["pk"] for u in found.units.values()]
        ).values_list("unit_id", "resident_id", "share"):
            found.owned.setdefault(unit, []).append((resident, share))
        # a person outside the uploader's part of the district is as unknown as one not registered
        found.residents = dict(
            Resident.objects.visible_to(context.user)
            .filter(id_number__any={n for p in parsed for n, _s in p.owners or ()})
            .values_list("id_number", "pk")
        )
        return [self._check(context, found, p) for p in parsed]

    def _check(self, context: Estates, found: Found, parsed: Parsed) -> Checked:
        row, reasons, estate, address, kind, area, owners = parsed
        key = f"{estate}:{'/'.join(address)}" if estate and address[0] and address[2] else ""
        duplicate = bool(key) and key in context.seen  # refused by the framework: takes no unit
        context.seen.add(key)
        for position, (number, _share) in enumerate(owners or (), start=1):
            if number not in found.residents and not any(f == "owners" for f, _m in reasons):
                message = _(
                    "Owner %(position)d (%(number)s) is not in the registry of your part of the "
                    "district; register them as a resident first."
                )
                values = {"position": position, "number": mask_id_number(number)}
                reasons.append(("owners", message % values))
        before = found.units.get((estate, *address))
        if before is None and area is None and estate and not reasons:
            reasons.append(("floor_area", _("A new unit needs its floor area.")))
        final_kind = kind or (before["kind"] if before else Unit.Kind.HOME)
        if estate and not reasons and not duplicate:
            context.take(estate, final_kind, before["kind"] if before else None, reasons)
        if reasons:
            return Checked.refused(row, reasons, key)
        assert estate is not None
        area = area if area is not None else before["floor_area"]  # type: ignore[index]
        ids = [(found.residents[n], s) for n, s in owners] if owners is not None else None
        data: dict[str, Any] = {
            "estate": context.names[estate],
            "building": address[0],
            "entrance": address[1],
            "room": address[2],
            "kind": str(Unit.Kind(final_kind).label),
            "floor_area": f"{area:.2f}",
            "owners": "、".join(n for n, _s in owners or ()),
            "shares": "、".join(f"{s:.2f}" for _n, s in owners or ()),
            "estate_id": estate,
            "kind_code": final_kind,
            "owner_ids": [[r, f"{s:.2f}"] for r, s in ids or ()],
            "set_owners": bool(ids),
        }
        if before is None:
            return Checked(Outcome.CREATE, key, data)
        held = found.owned.get(before["pk"], [])
        data["set_owners"] = ids is not None and fingerprint(ids) != fingerprint(held)
        data["seen_kind"] = before["kind"]
        data["seen_floor_area"] = f"{before['floor_area']:.2f}"
        data["seen_owners"] = fingerprint(held)
        differs = {
            "kind": final_kind != before["kind"],
            "floor_area": data["floor_area"] != data["seen_floor_area"],
            "owners": data["set_owners"],
        }
        changes = [name for name, changed in differs.items() if changed]
        if not changes:
            return Checked(Outcome.UNCHANGED, key, data)
        return Checked(Outcome.UPDATE, key, data, changes=changes)

    def write(
        self,
        cursor: Any,
        rows: Iterable[list[tuple[str, dict[str, Any]]]],
        context: Estates,
        progress: Callable[[int], None],
    ) -> Written:
        cursor.execute(STAGE_TABLES)
        staged, expected = 0, {Outcome.CREATE: 0, Outcome.UPDATE: 0}
        for chunk in rows:
            for outcome, data in chunk:
                data["action"], data["kind"] = outcome, data["kind_code"]
                data["case_number"] = new_case_number() if outcome == Outcome.CREATE else None
                expected[Outcome(outcome)] += 1
            staged += copy_rows(
                cursor, "imports_unit_stage", STAGE, ([d.get(c) for c in STAGE] for _o, d in chunk)
            )
            copy_rows(
                cursor,
                "imports_unitowner_stage",
                ["estate_id", "building", "entrance", "room", "resident_id", "share"],
                (
                    (d["estate_id"], d["building"], d["entrance"], d["room"], resident, share)
                    for _o, d in chunk
                    if d["set_owners"]
                    for resident, share in d["owner_ids"]
                ),
            )
            progress(staged)
        # two imports into one estate wait for each other, so that the count below holds
        cursor.execute(
            "SELECT id FROM housing_estate WHERE id IN (SELECT estate_id FROM imports_unit_stage) "
            "ORDER BY id FOR NO KEY UPDATE"
        )
        cursor.execute(CLAIM)
        if cursor.fetchone()[0] != expected[Outcome.UPDATE]:
            raise StaleDryRun(_("a unit of the file was changed since the dry run."))
        # each statement writes its rows' history itself (``with_history``), not the row triggers
        now = timezone.now()
        with pgtrigger.ignore(*TRIGGERS):
            for model, label, statement in WRITES:
                # the portal's clock, not the database server's, for the times written
                cursor.execute(with_history(model, label, statement), [now] * statement.count("%s"))
                if (model, label) == (Unit, "insert") and cursor.rowcount != expected[
                    Outcome.CREATE
                ]:
                    raise StaleDryRun(_("a unit of the file was added since the dry run."))
        cursor.execute(OVER_COUNT)
        over = cursor.fetchone()
        if over:
            message = _("the estate “%(estate)s” would have more units than it has.")
            raise StaleDryRun(message % {"estate": context.names[over[0]]})
        return Written(created=expected[Outcome.CREATE], updated=expected[Outcome.UPDATE])


STAGE_TABLES = (
    "CREATE TEMP TABLE imports_unit_stage (action text, estate_id bigint, building text, "
    "entrance text, room text, kind text, floor_area numeric, set_owners boolean, "
    "seen_kind text, seen_floor_area numeric, seen_owners text, case_number text) ON COMMIT DROP; "
    "CREATE TEMP TABLE imports_unitowner_stage (estate_id bigint, building text, entrance text, "
    "room text, resident_id bigint, share numeric) ON COMMIT DROP"
)
# compare-and-set: a unit changed since the dry run (its kind, area or owners) fails the batch as
# stale; the row locks keep the others as they are until the commit
CLAIM = (
    "WITH claimed AS (SELECT u.id FROM imports_unit_stage s JOIN housing_unit u ON "
    f"{KEY} WHERE s.action = 'update' AND u.kind = s.seen_kind AND u.floor_area = "
    f"s.seen_floor_area AND {FINGERPRINT} = s.seen_owners FOR UPDATE OF u) "
    "SELECT count(*) FROM claimed"
)
# (model, history label, statement), in this order
WRITES: list[tuple[Any, str, str]] = [
    (
        Unit,
        "insert",
        "INSERT INTO housing_unit (estate_id, building, entrance, room, kind, floor_area) "
        "SELECT estate_id, building, entrance, room, kind, floor_area FROM imports_unit_stage "
        "WHERE action = 'create' ON CONFLICT DO NOTHING RETURNING *",
    ),
    (
        Unit,
        "update",
        "UPDATE housing_unit u SET kind = s.kind, floor_area = s.floor_area FROM "
        f"imports_unit_stage s WHERE s.action = 'update' AND {KEY} "
        "AND (u.kind, u.floor_area) IS DISTINCT FROM (s.kind, s.floor_area) RETURNING u.*",
    ),
    (  # a new unit opens its case, as in ``unit_save``
        Case,
        "insert",
        "INSERT INTO housing_case (case_number, unit_id, step, step_reached_at, on_hold, "
        "hold_reason, hold_note, opened_at) SELECT s.case_number, u.id, 'not_started', %s, "
        f"false, '', '', %s FROM imports_unit_stage s JOIN housing_unit u ON {KEY} "
        "WHERE s.action = 'create' RETURNING *",
    ),
    (  # the owners named replace the unit's, as in ``unit_save``
        UnitOwner,
        "delete",
        "DELETE FROM housing_unitowner o USING imports_unit_stage s, housing_unit u "
        f"WHERE s.set_owners AND {KEY} AND o.unit_id = u.id RETURNING o.*",
    ),
    (
        UnitOwner,
        "insert",
        "INSERT INTO housing_unitowner (unit_id, resident_id, share) SELECT u.id, "
        f"s.resident_id, s.share FROM imports_unitowner_stage s JOIN housing_unit u ON {KEY} "
        "RETURNING *",
    ),
]
TRIGGERS = [f"housing.{m.__name__}:{label}_{label}" for m, label, _s in WRITES]
# an estate and kind this batch added units to, with more of them than the estate has
OVER_COUNT = (
    "SELECT e.id FROM housing_estate e JOIN housing_unit u ON u.estate_id = e.id "
    "WHERE (e.id, u.kind) IN (SELECT estate_id, kind FROM imports_unit_stage "
    "WHERE action = 'create' OR kind <> seen_kind) GROUP BY e.id, u.kind "
    "HAVING count(*) > CASE u.kind WHEN 'shop' THEN max(e.shops) ELSE max(e.homes) END LIMIT 1"
)
COLUMNS = {column.key: column for column in PropertyUnitKind.columns}
KINDS = [PropertyUnitKind()]
