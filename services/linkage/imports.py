"""Spreadsheet import of the linkage's volunteers (``licang.imports``).

A row is a registered resident, found by ID number, who must live in the uploader's part of the
district; or someone else, found by the mobile phone (one volunteer a phone, as the directory's
unique constraint holds). A blank cell keeps what the directory holds; the communities listed
replace the volunteer's communities in the uploader's part of the district and leave the others.
The rules are ``actions.volunteer_save``'s: a mainland mobile, skills and weekdays from their
choices, a name of at most 50 characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pgtrigger
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from licang.imports.copy import with_history
from licang.imports.kinds import (
    Checked,
    Column,
    Row,
    RowsToWrite,
    Written,
    parse_bool,
    parse_id_number,
)
from licang.imports.models import ImportBatch, Outcome
from licang.phones import normalise_phone, validate_mobile_phone
from licang.registry.imports import Places, ScopedImportKind
from licang.registry.models import Resident
from services.centers.hours import Weekday
from services.linkage.models import Category, SocialOrganisation, Volunteer

Reasons = list[tuple[str, str]]
ID_WORDS = ("公民身份号码", "身份证号码", "身份证", "证件号码", "id number")
PHONE_WORDS = ("手机", "手机号码", "联系电话", "电话", "phone")
EMAIL_LENGTH = Volunteer._meta.get_field("email").max_length or 254
EMAIL_WORDS = ("邮箱", "电子邮件", "电子邮箱地址", "email", "e-mail")
DAY_WORDS = ("可服务时间", "服务时间", "空闲时间", "每周空闲时间")
AGREE = ("同意被联系", "是否同意联系", "consents to contact")
ORGANISATION_WORDS = ("所属社会组织", "社会组织", "志愿者组织", "组织")
LIST = re.compile(r"[、，,;；/|｜\n]+")
SKILL_WORDS = {
    "care": ("照料", "护理", "生活照料", "养老照护"),
    "companionship": ("陪伴聊天", "探访", "聊天", "精神慰藉"),
    "repairs": ("维修服务", "修理", "家电维修"),
    "study": ("学习辅导", "课业辅导", "辅导", "教育"),
    "material": ("物资", "物资援助", "物资帮扶"),
    "employment": ("就业帮扶", "就业指导"),
    "health": ("健康服务", "医疗", "义诊"),
    "other": ("其它",),
}
_DAY_OF = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6, "七": 6}
_DAY_OF |= {str(i + 1): i for i in range(7)}
_DAY_OF |= {n: i for i, n in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
_WEEK = {"工作日": range(5), "周末": (5, 6), "双休日": (5, 6), "每天": range(7), "每日": range(7)}
_DAYS = re.compile(
    r"^每?(?:周|星期|礼拜)?([一二三四五六日天七1-7]+|[a-z]{3})(?:[a-z]*day)?"
    r"(?:(?:至|到|-|~|～|—)(?:周|星期|礼拜)?([一二三四五六日天七1-7]|[a-z]{3})(?:[a-z]*day)?)?"
    r"(?:上午|下午|晚上|全天)?$"
)
# the directory's fields a row sets (``communities`` apart), with their staging types
FIELDS = {
    "name": "text",
    "phone": "text",
    "email": "text",
    "resident_id": "bigint",
    "organisation_id": "bigint",
    "skills": "varchar(20)[]",
    "available_on": "smallint[]",
    "consents_to_contact": "boolean",
    "is_active": "boolean",
}
# the column of the report each field's change is shown under
CHANGE_COLUMN = {"resident_id": "id_number", "organisation_id": "organisation"}
# what a new volunteer holds where its cells are blank (the model's defaults)
NEW: dict[str, Any] = {"email": "", "resident_id": None, "organisation_id": None, "skills": []}
NEW |= {"available_on": [], "consents_to_contact": False, "is_active": True, "communities": []}


def _plain(text: str) -> str:
    return re.sub(r"\s", "", text or "").lower()


def _masked_name(name: str) -> str:
    return name[:1] + "*" * (len(name) - 1)


@dataclass
class Lookups:
    """What a dry run needs for the whole file; ``claimed`` holds the phones and volunteers the
    rows so far stand for (the framework's duplicate check sees one key a row)."""

    places: Places
    skills: dict[str, str]
    organisations: dict[str, int]
    organisation_names: dict[int, str]
    claimed: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, user: Any) -> Lookups:
        skills: dict[str, str] = {}
        for category in Category:
            words = {category.value, *SKILL_WORDS.get(category.value, ())}
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    words.add(str(category.label))
            skills |= {_plain(word): category.value for word in words}
        organisations: dict[str, int] = {}
        names: dict[int, str] = {}
        for pk, zh, en in SocialOrganisation.objects.values_list("pk", "name_zh_hans", "name_en"):
            organisations |= {_plain(n): pk for n in (zh, en) if n}
            names[pk] = zh or en or ""
        return cls(Places.load(user), skills, organisations, names)


@dataclass
class Parsed:
    row: Row
    reasons: Reasons
    name: str
    id_number: str
    phone: str
    values: dict[str, Any]  # the fields the row fills in; a blank cell is left out
    communities: list[int] | None


def _list(row: Row, key: str) -> list[str] | None:
    raw = row.cells.get(key, "").strip()
    return [w.strip() for w in LIST.split(raw) if w.strip()] if raw else None


def _id_number(raw: str, reasons: Reasons) -> str:
    try:
        number = parse_id_number(raw, today=timezone.localdate())
    except ValidationError as exc:
        reasons.append(("id_number", " ".join(exc.messages)))
        return ""
    return number.value if number is not None else ""


def _days(words: list[str], reasons: Reasons) -> list[int]:
    days: set[int] = set()
    for word in words:
        plain = _plain(word)
        first, last = found.groups() if (found := _DAYS.match(plain)) else ("?", None)
        if plain in _WEEK:
            days.update(_WEEK[plain])
        elif last and first in _DAY_OF and _DAY_OF[first] <= _DAY_OF[last]:
            days.update(range(_DAY_OF[first], _DAY_OF[last] + 1))
        elif not last and (first in _DAY_OF or all(c in _DAY_OF for c in first)):
            days.update(_DAY_OF[c] for c in ([first] if first in _DAY_OF else first))  # 周一三五
        else:
            message = _(
                "Unknown day “%(value)s”; write days such as 周一、周三, 周一至周五 or 周末."
            )
            reasons.append(("available_on", message % {"value": word}))
    return sorted(days)


def _flag(row: Row, key: str, reasons: Reasons) -> bool | None:
    raw = row.cells.get(key, "").strip()
    value = parse_bool(raw) if raw else None
    if raw and value is None:
        reasons.append((key, _("Write 是 or 否, not “%(value)s”.") % {"value": raw}))
    return value


def _parse(row: Row, lookups: Lookups) -> Parsed:
    reasons: Reasons = []
    values: dict[str, Any] = {}
    name = row.cells.get("name", "").strip()
    if not name:
        reasons.append(("name", _("The name is missing.")))
    elif len(name) > 50:
        reasons.append(("name", _("The name is longer than 50 characters.")))
    number = _id_number(row.cells.get("id_number", ""), reasons)
    phone = normalise_phone(row.cells.get("phone", ""))
    if phone:
        try:
            validate_mobile_phone(phone)
        except ValidationError as exc:
            reasons.append(("phone", " ".join(exc.messages)))
    if email := row.cells.get("email", "").strip():
        try:
            if len(email) > EMAIL_LENGTH:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            message = _("“%(value)s” is not an e-mail address.") % {"value": email}
            reasons.append(("email", message))
        values["email"] = email
    if (skills := _list(row, "skills")) is not None:
        unknown = [s for s in skills if _plain(s) not in lookups.skills]
        for word in unknown:
            choices = "、".join(str(c.label) for c in Category)
            message = _("Unknown skill “%(value)s”; use %(choices)s.")
            reasons.append(("skills", message % {"value": word, "choices": choices}))
        chosen = {lookups.skills.get(_plain(s)) for s in skills}
        values["skills"] = [c.value for c in Category if c.value in chosen]
    if (days := _list(row, "available_on")) is not None:
        values["available_on"] = _days(days, reasons)
    for key in ("consents_to_contact", "is_active"):
        if (flag := _flag(row, key, reasons)) is not None:
            values[key] = flag
    if organisation := row.cells.get("organisation", "").strip():
        values["organisation_id"] = lookups.organisations.get(_plain(organisation))
        if values["organisation_id"] is None:
            message = _("Unknown organisation “%(name)s”.") % {"name": organisation}
            reasons.append(("organisation", message))
    communities = None
    if (names := _list(row, "communities")) is not None:
        communities = sorted({c for n in names if (c := _community(n, lookups, reasons))})
    return Parsed(row, reasons, name, number, phone, values, communities)


def _community(name: str, lookups: Lookups, reasons: Reasons) -> int | None:
    found = [pk for pk, _sub in lookups.places.by_name.get(_plain(name), [])]
    mine = [pk for pk in found if pk in lookups.places.in_scope]
    if len(mine) == 1:
        return mine[0]
    if not found:
        message = _("Unknown community “%(name)s”.")
    elif not mine:
        message = _("The community “%(name)s” is outside your part of the district.")
    else:
        message = _("Several subdistricts have a community “%(name)s”; choose it in the admin.")
    reasons.append(("communities", message % {"name": name}))
    return None


class VolunteerKind(ScopedImportKind):
    code = "volunteers"
    name = gettext_lazy("linkage volunteers")
    permissions = ("linkage.add_volunteer", "linkage.change_volunteer")
    columns = (
        Column("name", "姓名", pgettext_lazy("person", "name"), ("名字", "志愿者姓名"), True),
        Column("id_number", "身份证号", gettext_lazy("ID number"), ID_WORDS, mask="id_number"),
        Column("phone", "手机号", gettext_lazy("mobile phone"), PHONE_WORDS, mask="phone"),
        Column("email", "电子邮箱", gettext_lazy("e-mail"), EMAIL_WORDS, mask="email"),
        Column("skills", "技能", gettext_lazy("skills"), ("特长", "专长", "服务技能", "服务类别")),
        Column("communities", "服务社区", gettext_lazy("communities"), ("社区", "所属社区")),
        Column("available_on", "每周可服务时间", gettext_lazy("available on"), DAY_WORDS),
        Column("consents_to_contact", "同意联系", gettext_lazy("consents to be contacted"), AGREE),
        Column("organisation", "所属组织", gettext_lazy("organisation"), ORGANISATION_WORDS),
        Column("is_active", "在册", gettext_lazy("active"), ("是否在册", "有效", "是否有效")),
    )

    def context(self, batch: ImportBatch) -> Lookups:
        return Lookups.load(batch.uploaded_by)

    def validate(self, rows: Sequence[Row], context: Lookups) -> list[Checked]:
        parsed = [_parse(row, context) for row in rows]
        residents: dict[str, dict[str, Any]] = {
            r["id_number"]: dict(r)
            for r in Resident.objects.filter(
                id_number__any={p.id_number for p in parsed if p.id_number}
            ).values("pk", "id_number", "name", "phone", "community_id")
        }
        found = Volunteer.objects.filter(
            Q(phone__any={p.phone for p in parsed if p.phone})
            | Q(resident_id__any=[r["pk"] for r in residents.values()])
        ).values("pk", *FIELDS)
        volunteers = {v["pk"]: {**v, "communities": []} for v in found}
        for volunteer, community in Volunteer.communities.through.objects.filter(
            volunteer_id__any=volunteers
        ).values_list("volunteer_id", "community_id"):
            volunteers[volunteer]["communities"].append(community)
        by_phone = {v["phone"]: v for v in volunteers.values()}
        by_resident = {  # a resident with several volunteers: the first one
            v["resident_id"]: v for v in sorted(volunteers.values(), key=lambda v: -v["pk"])
        }
        return [self._check(context, residents, by_phone, by_resident, p) for p in parsed]

    def _check(
        self,
        lookups: Lookups,
        residents: dict[str, dict[str, Any]],
        by_phone: dict[str, dict[str, Any]],
        by_resident: dict[int | None, dict[str, Any]],
        p: Parsed,
    ) -> Checked:
        reasons, row, before = p.reasons, p.row, None
        resident = residents.get(p.id_number) if p.id_number else None
        if p.id_number and resident is None:
            message = _(
                "No registered resident has this ID number; register them first or leave the "
                "ID number blank."
            )
            reasons.append(("id_number", message))
        elif resident is not None and resident["community_id"] not in lookups.places.in_scope:
            message = _(
                "This person is registered in a community outside your part of the district."
            )
            reasons.append(("id_number", message))
        elif resident is not None and p.name and resident["name"] != p.name:
            message = _(
                "The registry has this ID number under another name (%(name)s); check the row."
            )
            reasons.append(("name", message % {"name": _masked_name(resident["name"])}))
        elif resident is not None:
            before = by_resident.get(resident["pk"])
        phone = p.phone or (before or resident or {}).get("phone", "")
        if not phone:
            reasons.append(("phone", _("The mobile phone is missing.")))
        owner = by_phone.get(phone) if phone else None
        taken = _("This mobile phone belongs to another volunteer (%(name)s); check the row.")
        if owner is not None and before is not None and owner["pk"] != before["pk"]:
            reasons.append(("phone", taken % {"name": _masked_name(owner["name"])}))
        elif owner is not None and before is None and not reasons:
            if resident and owner["resident_id"] not in (None, resident["pk"]):
                message = _(
                    "The volunteer with this mobile phone is another registered resident; "
                    "check the row."
                )
                reasons.append(("id_number", message))
            elif owner["name"] != p.name:
                reasons.append(("phone", taken % {"name": _masked_name(owner["name"])}))
            before = owner
        key = f"id:{p.id_number}" if p.id_number else (f"phone:{phone}" if phone else "")
        self._claim(lookups, row, key, phone, before, reasons)
        if not before and not reasons and not p.communities:
            reasons.append(("communities", _("A new volunteer needs at least one community.")))
        if reasons:
            return Checked.refused(row, reasons, key)
        return self._outcome(lookups, p, key, phone, resident, before)

    def _claim(
        self, lookups: Lookups, row: Row, key: str, phone: str, before: Any, reasons: Reasons
    ) -> None:
        """Refuse a second row of the same phone or volunteer under another key (a second row
        of the same key is the framework's duplicate)."""
        if not key or lookups.claimed.setdefault(key, row.number) != row.number:
            return
        claims = [f"phone:{phone}"] if phone else []
        claims += [f"volunteer:{before['pk']}"] if before else []
        for claim in claims:
            first = lookups.claimed.setdefault(claim, row.number)
            if first != row.number and not any(f == "phone" for f, _m in reasons):
                message = _("Duplicate in the file: the same volunteer as row %(row)d.")
                reasons.append(("phone", message % {"row": first}))

    def _outcome(
        self,
        lookups: Lookups,
        p: Parsed,
        key: str,
        phone: str,
        resident: dict[str, Any] | None,
        before: dict[str, Any] | None,
    ) -> Checked:
        start = before or NEW
        final = {
            **{f: start[f] for f in FIELDS if f in start},
            **p.values,
            "name": p.name,
            "phone": phone,
            "resident_id": resident["pk"] if resident else start["resident_id"],
        }
        communities = start["communities"]
        if p.communities is not None:
            kept = [c for c in communities if c not in lookups.places.in_scope]
            communities = sorted({*kept, *p.communities})
        final["communities"] = communities
        names = lookups.places.names
        data: dict[str, Any] = {
            "name": p.name,
            "id_number": p.id_number,
            "phone": phone,
            "email": final["email"],
            "skills": "、".join(str(Category(s).label) for s in final["skills"]),
            "communities": "、".join(names.get(c, "") for c in communities),
            "available_on": "、".join(str(Weekday(d).label) for d in final["available_on"]),
            "consents_to_contact": final["consents_to_contact"],
            "organisation": lookups.organisation_names.get(final["organisation_id"], ""),
            "is_active": final["is_active"],
            "write": final,
        }
        if before is None:
            return Checked(Outcome.CREATE, key, data)
        changes = [
            f
            for f in (*FIELDS, "communities")
            if (sorted(before[f]) if isinstance(before[f], list) else before[f])
            != (sorted(final[f]) if isinstance(final[f], list) else final[f])
        ]
        if not changes:
            return Checked(Outcome.UNCHANGED, key, data)
        # what the dry run saw, for the write's compare-and-set
        final["volunteer_id"] = before["pk"]
        final |= {f"seen_{f}": before[f] for f in (*FIELDS, "communities")}
        final["seen_communities"] = sorted(before["communities"])
        return Checked(
            Outcome.UPDATE, key, data, changes=[CHANGE_COLUMN.get(c, c) for c in changes]
        )

    def write(
        self,
        cursor: Any,
        rows: RowsToWrite,
        context: Lookups,
        progress: Callable[[int], None],
    ) -> Written:
        types = {"volunteer_id": "bigint", **FIELDS, "communities": "bigint[]"}
        types |= {f"seen_{c}": t for c, t in types.items() if c != "volunteer_id"}
        progress(rows.stage(cursor, "imports_volunteer_stage", types, within="write"))
        table = Volunteer._meta.db_table
        through = Volunteer.communities.through._meta.db_table
        names = ", ".join(FIELDS)
        assign = ", ".join(f"{c} = s.{c}" for c in FIELDS)
        current = ", ".join(f"v.{c}" for c in FIELDS)
        seen = ", ".join(f"s.seen_{c}" for c in FIELDS)
        with pgtrigger.ignore("linkage.Volunteer:insert_insert", "linkage.Volunteer:update_update"):
            # a resident who became a volunteer meanwhile is not created twice: the counts then
            # differ from the dry run's and nothing is written
            cursor.execute(
                with_history(
                    Volunteer,
                    "insert",
                    f"INSERT INTO {table} (public_id, {names}, created_at) "
                    f"SELECT gen_random_uuid(), {names}, %s FROM imports_volunteer_stage s "
                    f"WHERE action = 'create' AND NOT EXISTS (SELECT FROM {table} o WHERE "
                    "o.resident_id = s.resident_id) ON CONFLICT (phone) DO NOTHING RETURNING *",
                ),
                [timezone.now()],  # the portal's clock, as every other write
            )
            created = cursor.rowcount
            # lock the volunteers first, so that the compare-and-set below reads the communities
            # committed by an edit that finished meanwhile (``volunteer_save`` saves the row first)
            cursor.execute(
                f"SELECT FROM {table} v JOIN imports_volunteer_stage s ON s.volunteer_id = v.id "
                "WHERE s.action = 'update' ORDER BY v.id FOR UPDATE OF v"
            )
            # compare-and-set on every field and the communities: a volunteer edited since the
            # dry run is not overwritten (a change of communities alone writes an event too, with
            # the batch as its context: the history holds no communities)
            cursor.execute(
                with_history(
                    Volunteer,
                    "update",
                    f"UPDATE {table} v SET {assign} FROM imports_volunteer_stage s "
                    "WHERE s.action = 'update' AND v.id = s.volunteer_id "
                    f"AND ({current}) IS NOT DISTINCT FROM ({seen}) AND ARRAY(SELECT community_id "
                    f"FROM {through} WHERE volunteer_id = v.id ORDER BY 1) = s.seen_communities "
                    "RETURNING v.*",
                )
            )
            updated = cursor.rowcount
        cursor.execute(
            f"DELETE FROM {through} c USING imports_volunteer_stage s WHERE s.action = 'update' "
            "AND c.volunteer_id = s.volunteer_id AND NOT (c.community_id = ANY (s.communities))"
        )
        # after the writes every staged row's phone is its volunteer's
        cursor.execute(
            f"INSERT INTO {through} (volunteer_id, community_id) "
            f"SELECT v.id, c.id FROM imports_volunteer_stage s JOIN {table} v ON v.phone = s.phone "
            "CROSS JOIN unnest(s.communities) AS c(id) ON CONFLICT DO NOTHING"
        )
        return Written(created=created, updated=updated)


KINDS = [VolunteerKind()]
