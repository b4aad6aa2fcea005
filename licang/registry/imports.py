"""Spreadsheet import kinds of the registry: households and residents (``licang.imports``).

Residents are matched by ID number, households by community and household number. A blank cell
keeps what the registry holds; a row of another part of the district than the uploader's is
refused, as is a known ID number under another name (a conflict staff must look at).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pgtrigger
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from licang.imports.copy import with_history
from licang.imports.kinds import (
    Checked,
    Column,
    ImportKind,
    Row,
    RowsToWrite,
    Written,
    parse_bool,
    parse_id_number,
)
from licang.imports.models import ImportBatch, Outcome
from licang.phones import normalise_phone, validate_mobile_phone
from licang.registry import access
from licang.registry.models import Community, Household, Resident
from licang.registry.names import pinyin_keys

COMMUNITY = Column(
    "community",
    "社区",
    gettext_lazy("community"),
    ("社区名称", "所属社区", "居委会"),
    required=True,
)
SUBDISTRICT = Column("subdistrict", "街道", gettext_lazy("subdistrict"), ("所属街道", "街道办事处"))


@dataclass
class Places:
    """The district's communities by name, and the ones the uploader may import into."""

    by_name: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    subdistricts: dict[int, set[str]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    in_scope: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, user: Any) -> Places:
        places = cls()
        for pk, zh, en, sub_id, sub_zh, sub_en, sub_code in Community.objects.values_list(
            "pk",
            "name_zh_hans",
            "name_en",
            "subdistrict_id",
            "subdistrict__name_zh_hans",
            "subdistrict__name_en",
            "subdistrict__code",
        ):
            for name in {zh, en} - {None, ""}:
                places.by_name.setdefault(_plain(name), []).append((pk, sub_id))
            places.subdistricts.setdefault(sub_id, set()).update(
                _plain(n) for n in (sub_zh, sub_en, sub_code) if n
            )
            places.names[pk] = zh or en or ""
        places.in_scope = set(Community.objects.visible_to(user).values_list("pk", flat=True))
        return places

    def community(self, row: Row, reasons: list[tuple[str, str]]) -> int | None:
        """The row's community, or ``None`` with the reason added."""
        name = row.cells.get("community", "")
        subdistrict = _plain(row.cells.get("subdistrict", ""))
        found = self.by_name.get(_plain(name), [])
        if subdistrict:
            found = [(pk, sub) for pk, sub in found if subdistrict in self.subdistricts[sub]]
        if not name:
            reasons.append(("community", _("The community is missing.")))
            return None
        if not found:
            reasons.append(("community", _("Unknown community “%(name)s”.") % {"name": name}))
            return None
        if len(found) > 1:
            reasons.append(
                (
                    "community",
                    _("Several subdistricts have a community “%(name)s”; fill in the subdistrict.")
                    % {"name": name},
                )
            )
            return None
        pk = found[0][0]
        if pk not in self.in_scope:
            reasons.append(
                (
                    "community",
                    _("The community “%(name)s” is outside your part of the district.")
                    % {"name": name},
                )
            )
            return None
        return pk


def _plain(text: str) -> str:
    return re.sub(r"\s", "", text or "").lower()


class ScopedImportKind(ImportKind):
    """A kind whose records belong to the registry's communities: staff with a part of the
    district and every one of ``permissions`` (``app_label.codename``) may import it, and the
    report shows personal numbers in full to those who may see them (``access``)."""

    permissions: tuple[str, ...] = ()

    def may_import(self, user: Any) -> bool:
        return (
            bool(self.permissions)
            and not access.scope_of(user).nothing
            and all(user.has_perm(permission) for permission in self.permissions)
        )

    def sees_full_identity(self, user: Any) -> bool:
        return access.can_see_full_identity(user)


# the labels of the length checks, translated only when a row is refused (not once a row)
NAME = gettext_lazy("The name")
HOUSEHOLD_NUMBER = gettext_lazy("The household number")
ADDRESS = gettext_lazy("The address")
# the same names come again and again in a file of 100,000 residents
_pinyin_keys = lru_cache(maxsize=100_000)(pinyin_keys)


def _text(row: Row, key: str, limit: int, label: Promise, reasons: list[tuple[str, str]]) -> str:
    value = row.cells.get(key, "").strip()
    if len(value) > limit:
        reasons.append(
            (
                key,
                _("%(label)s is longer than %(limit)d characters.")
                % {"label": label, "limit": limit},
            )
        )
    return value


def _flag(row: Row, key: str, reasons: list[tuple[str, str]]) -> bool | None:
    """The flag, ``None`` when blank (keep the registry's)."""
    raw = row.cells.get(key, "").strip()
    if not raw:
        return None
    value = parse_bool(raw)
    if value is None:
        reasons.append((key, _("Write 是 or 否, not “%(value)s”.") % {"value": raw}))
    return value


# --- households -------------------------------------------------------------------------------


class HouseholdKind(ScopedImportKind):
    code = "households"
    name = gettext_lazy("households")
    permissions = ("registry.add_household", "registry.change_household")
    columns = (
        Column(
            "number", "户号", gettext_lazy("household number"), ("户编号", "household no"), True
        ),
        COMMUNITY,
        SUBDISTRICT,
        Column("address", "地址", gettext_lazy("address"), ("住址", "家庭住址", "门牌地址")),
    )

    def context(self, batch: ImportBatch) -> Places:
        return Places.load(batch.uploaded_by)

    def validate(self, rows: Sequence[Row], context: Places) -> list[Checked]:
        found: list[tuple[Row, list[tuple[str, str]], int | None, str, str]] = []
        for row in rows:
            reasons: list[tuple[str, str]] = []
            number = _text(row, "number", 30, HOUSEHOLD_NUMBER, reasons)
            if not number:
                reasons.append(("number", _("The household number is missing.")))
            address = _text(row, "address", 200, ADDRESS, reasons)
            community = context.community(row, reasons)
            found.append((row, reasons, community, number, address))
        existing = {
            (h["community_id"], h["number"]): h
            for h in Household.objects.filter(
                number__any={number for *_x, number, _a in found if number}
            )
            .order_by()
            .values("community_id", "number", "address")
        }
        checked = []
        for row, reasons, community, number, address in found:
            key = f"{community}:{number}" if community and number else ""
            if reasons:
                checked.append(Checked.refused(row, reasons, key))
                continue
            before = existing.get((community, number))  # type: ignore[arg-type]
            data = {
                "number": number,
                "community": context.names[community],  # type: ignore[index]
                "subdistrict": row.cells.get("subdistrict", ""),
                "address": address or (before["address"] if before else ""),
                "community_id": community,
            }
            if before is None:
                if not address:
                    checked.append(
                        Checked.refused(
                            row, [("address", _("A new household needs an address."))], key
                        )
                    )
                    continue
                checked.append(Checked(Outcome.CREATE, key, data))
            elif before["address"] == data["address"]:
                checked.append(Checked(Outcome.UNCHANGED, key, data))
            else:
                data["seen_address"] = before["address"]
                checked.append(Checked(Outcome.UPDATE, key, data, changes=["address"]))
        return checked

    def write(
        self,
        cursor: Any,
        rows: RowsToWrite,
        context: Places,
        progress: Callable[[int], None],
    ) -> Written:
        columns = {"community_id": "bigint", "number": "text", "address": "text"}
        columns["seen_address"] = "text"
        progress(rows.stage(cursor, "imports_household_stage", columns))
        cursor.execute(
            "INSERT INTO registry_household (public_id, community_id, number, address, created_at) "
            "SELECT gen_random_uuid(), community_id, number, address, %s "
            "FROM imports_household_stage WHERE action = 'create' "
            "ON CONFLICT (community_id, number) DO NOTHING",
            [timezone.now()],  # the portal's clock, as every other write (not the server's)
        )
        created = cursor.rowcount
        # compare-and-set: a household whose address changed since the dry run is not overwritten
        cursor.execute(
            "UPDATE registry_household h SET address = s.address FROM imports_household_stage s "
            "WHERE s.action = 'update' AND h.community_id = s.community_id "
            "AND h.number = s.number AND h.address = s.seen_address"
        )
        return Written(created=created, updated=cursor.rowcount)


# --- residents --------------------------------------------------------------------------------

FLAGS = (
    "registered_in_licang",
    "special_family_planning",
    "child_in_difficulty",
    "limited_mobility",
)
# the staged columns of a row to write, with their types (``RowsToWrite.stage``)
STAGE_TYPES = {
    "name": "text",
    "id_number": "text",
    "birth_date": "date",
    "sex": "text",
    "phone": "text",
    "community_id": "bigint",
    "household_id": "bigint",
    **dict.fromkeys(FLAGS, "boolean"),
    "name_pinyin": "text",
    "name_initials": "text",
    "seen_updated_at": "timestamptz",
}
STAGE_COLUMNS = list(STAGE_TYPES)


def _id_number(row: Row, reasons: list[tuple[str, str]], today: datetime.date) -> Any:
    try:
        number = parse_id_number(row.cells.get("id_number", ""), today=today)
    except ValidationError as exc:
        reasons.append(("id_number", " ".join(exc.messages)))
        return None
    if number is None:
        reasons.append(("id_number", _("The ID number is missing.")))
    return number


class ResidentKind(ScopedImportKind):
    code = "residents"
    name = gettext_lazy("residents")
    permissions = ("registry.add_resident", "registry.change_resident")
    columns = (
        Column("name", "姓名", pgettext_lazy("person", "name"), ("名字", "居民姓名"), True),
        Column(
            "id_number",
            "身份证号",
            gettext_lazy("ID number"),
            ("公民身份号码", "身份证号码", "身份证", "证件号码", "id number", "id"),
            True,
            mask="id_number",
        ),
        Column(
            "phone",
            "手机号",
            gettext_lazy("mobile phone"),
            ("手机", "手机号码", "联系电话", "电话", "phone"),
            mask="phone",
        ),
        COMMUNITY,
        SUBDISTRICT,
        Column("household", "户号", gettext_lazy("household number"), ("户编号", "household no")),
        Column(
            "registered_in_licang",
            "户籍在李沧",
            gettext_lazy("household registration in Licang"),
            ("李沧户籍", "本区户籍", "户籍"),
        ),
        Column(
            "special_family_planning",
            "计生特殊家庭",
            gettext_lazy("special family-planning family"),
            ("计划生育特殊家庭", "特殊家庭"),
        ),
        Column("child_in_difficulty", "困境儿童", gettext_lazy("child in difficulty")),
        Column(
            "limited_mobility", "行动不便", gettext_lazy("limited mobility"), ("失能", "行动困难")
        ),
    )

    def context(self, batch: ImportBatch) -> Places:
        return Places.load(batch.uploaded_by)

    def validate(self, rows: Sequence[Row], context: Places) -> list[Checked]:
        today = timezone.localdate()
        parsed = []
        for row in rows:
            reasons: list[tuple[str, str]] = []
            name = _text(row, "name", 50, NAME, reasons)
            if not name:
                reasons.append(("name", _("The name is missing.")))
            number = _id_number(row, reasons, today)
            phone = normalise_phone(row.cells.get("phone", ""))
            if phone:
                try:
                    validate_mobile_phone(phone)
                except ValidationError as exc:
                    reasons.append(("phone", " ".join(exc.messages)))
            community = context.community(row, reasons)
            flags = {flag: _flag(row, flag, reasons) for flag in FLAGS}
            parsed.append((row, reasons, name, number, phone, community, flags))
        keys = [p[3].value for p in parsed if p[3] is not None]
        existing = {
            r["id_number"]: r
            # unordered: the registry's order joins the communities and sorts every chunk
            for r in Resident.objects.filter(id_number__any=keys)
            .order_by()
            .values(
                "id_number", "name", "phone", "community_id", "household_id", "updated_at", *FLAGS
            )
        }
        households = {
            (community, number): pk
            for pk, community, number in Household.objects.filter(
                number__any={p[0].cells["household"] for p in parsed if p[0].cells.get("household")}
            )
            .order_by()
            .values_list("pk", "community_id", "number")
        }
        return [self._check(context, existing, households, *p) for p in parsed]

    def _check(
        self,
        context: Places,
        existing: dict[str, dict[str, Any]],
        households: dict[tuple[int, str], int],
        row: Row,
        reasons: list[tuple[str, str]],
        name: str,
        number: Any,
        phone: str,
        community: int | None,
        flags: dict[str, bool | None],
    ) -> Checked:
        key = number.value if number is not None else ""
        before = existing.get(key)
        if before is not None and before["community_id"] not in context.in_scope:
            reasons.append(
                (
                    "id_number",
                    _(
                        "This person is registered in a community outside your part of the "
                        "district."
                    ),
                )
            )
        elif before is not None and name and before["name"] != name:
            reasons.append(
                (
                    "name",
                    _(
                        "The registry has this ID number under another name (%(name)s); "
                        "check the row."
                    )
                    % {"name": before["name"][:1] + "*" * (len(before["name"]) - 1)},
                )
            )
        household_number = row.cells.get("household", "").strip()
        household = None
        if household_number and community is not None:
            household = households.get((community, household_number))
            if household is None:
                reasons.append(
                    (
                        "household",
                        _(
                            "No household “%(number)s” in this community; "
                            "import the households first."
                        )
                        % {"number": household_number},
                    )
                )
        if reasons:
            return Checked.refused(row, reasons, key)
        assert number is not None and community is not None
        final_flags = {
            flag: (value if value is not None else (before[flag] if before else False))
            for flag, value in flags.items()
        }
        data: dict[str, Any] = {
            "name": name,
            "id_number": number.value,
            "phone": phone or (before["phone"] if before else ""),
            "community": context.names[community],
            "subdistrict": row.cells.get("subdistrict", ""),
            "household": household_number,
            **final_flags,
            "community_id": community,
            "household_id": household or (before["household_id"] if before else None),
        }
        if before is None:
            data["birth_date"] = number.birth_date.isoformat()
            data["sex"] = number.sex
            data["name_pinyin"], data["name_initials"] = _pinyin_keys(name)
            return Checked(Outcome.CREATE, key, data)
        changes = [
            field_name
            for field_name in ("phone", "community_id", "household_id", *FLAGS)
            if before[field_name] != data[field_name]
        ]
        if not changes:
            return Checked(Outcome.UNCHANGED, key, data)
        data["seen_updated_at"] = before["updated_at"].isoformat()
        return Checked(
            Outcome.UPDATE,
            key,
            data,
            changes=[c.removesuffix("_id") for c in changes],
        )

    def write(
        self,
        cursor: Any,
        rows: RowsToWrite,
        context: Places,
        progress: Callable[[int], None],
    ) -> Written:
        progress(rows.stage(cursor, "imports_resident_stage", STAGE_TYPES))
        assignments = ", ".join(
            f"{c} = s.{c}" for c in ("phone", "community_id", "household_id", *FLAGS)
        )
        columns = ", ".join(STAGE_COLUMNS[:-1])
        # the history of each row is written by the statement itself, not the row triggers (see
        # ``with_history``); the context (batch, confirming user) is the write's; the times are
        # the portal's clock, as in every other write (not the database server's); positional
        # parameters, as pghistory's context adds its own
        now = timezone.now()
        with pgtrigger.ignore("registry.Resident:insert_insert", "registry.Resident:update_update"):
            cursor.execute(
                with_history(
                    Resident,
                    "insert",
                    f"INSERT INTO registry_resident (public_id, {columns}, created_at, updated_at) "
                    f"SELECT gen_random_uuid(), {columns}, %s, %s "
                    "FROM imports_resident_stage WHERE action = 'create' "
                    "ON CONFLICT (id_number) DO NOTHING RETURNING *",
                ),
                [now, now],
            )
            created = cursor.rowcount
            # compare-and-set on updated_at: a resident edited since the dry run is not
            # overwritten
            cursor.execute(
                with_history(
                    Resident,
                    "update",
                    f"UPDATE registry_resident r SET {assignments}, updated_at = %s "
                    "FROM imports_resident_stage s WHERE s.action = 'update' "
                    "AND r.id_number = s.id_number AND r.updated_at = s.seen_updated_at "
                    "RETURNING r.*",
                ),
                [now],
            )
            updated = cursor.rowcount
        return Written(created=created, updated=updated)


KINDS = [HouseholdKind(), ResidentKind()]
