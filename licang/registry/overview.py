"""The resident page: what every program knows of one resident, on one admin page.

The registry knows no program. Each program contributes its part through a function of its own
``selectors.py``, found by module name as the home page finds each app's ``public.py``::

    def resident_overview(resident: Resident, viewer: Any, *, today: date) -> Section | None

It returns ``None`` when ``viewer`` may see nothing of the program (no view permission of its
role, see the roles migrations), and otherwise a ``Section`` of fully built lists: the template
reads attributes of plain objects and runs no query. Each list is one query, capped at ``LIMIT``
rows (the newest), with the total counted in the same query (``latest``); so the page runs a fixed
number of queries however long the resident's history.

What a role may not see is left out, not greyed: a list the viewer has no view permission for is
not built at all, and its rows are read through the program's own ``visible_to(viewer)``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Count, Window
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from licang.registry import access
from licang.registry.models import Resident

# The newest rows each list shows; the rest are one click away in the program's filtered list.
LIMIT = 10
# A household's members listed on the page (households are small: this only bounds the query).
MEMBERS_LIMIT = 20

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Entry:
    """One record of a program: what it is, its state, its date and its admin page."""

    title: str
    state: str
    date: datetime.date | datetime.datetime | None
    url: str = ""
    detail: str = ""
    # "warning" for what needs attention (an overdue request, a refused claim)
    tone: str = ""


@dataclass(frozen=True)
class EntryList:
    """The newest records of one kind, and how many there are in all."""

    key: str
    title: str
    entries: list[Entry]
    total: int
    # the program's full list of this resident's records, filtered ("" when it cannot be)
    more_url: str = ""

    @property
    def more(self) -> int:
        return max(self.total - len(self.entries), 0)


@dataclass(frozen=True)
class Opportunity:
    """Something the resident could use but does not yet, and why they qualify."""

    program: str
    reason: str
    url: str = ""
    # what the link does ("Enrol"); the template says "Details" without one
    action: str = ""


@dataclass(frozen=True)
class Section:
    """A program's part of the page."""

    key: str
    title: str
    lists: list[EntryList] = field(default_factory=list)
    # label, value pairs: what the program holds of the person in one line (their meal point)
    facts: list[tuple[str, str]] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)


@dataclass(frozen=True)
class Page:
    resident: Resident
    id_number: str
    phone: str
    age: int
    registry: Section
    sections: list[Section]

    @property
    def opportunities(self) -> list[Opportunity]:
        return [o for section in self.sections for o in section.opportunities]

    @property
    def sections_with_registry(self) -> list[Section]:
        return [self.registry, *self.sections]


# --- what programs use to build their sections ------------------------------------------------


def may_view(viewer: Any, model: type[models.Model]) -> bool:
    """Whether ``viewer``'s role may view ``model`` in the admin (its roles migration)."""
    opts = model._meta
    return bool(viewer.has_perm(f"{opts.app_label}.view_{opts.model_name}"))


def may_add(viewer: Any, model: type[models.Model]) -> bool:
    opts = model._meta
    return bool(viewer.has_perm(f"{opts.app_label}.add_{opts.model_name}"))


def latest(queryset: models.QuerySet[M], *, limit: int = LIMIT) -> tuple[list[M], int]:
    """The first ``limit`` rows of ``queryset`` (in its order) and how many rows it has, in one
    query: the total is a window count over the whole filtered set, computed before the LIMIT."""
    rows = list(queryset.annotate(overview_total=Window(Count("pk")))[:limit])
    total = rows[0].overview_total if rows else 0  # type: ignore[attr-defined]
    return rows, total


def change_url(obj: models.Model) -> str:
    """The admin page of ``obj`` ("" when its model has none)."""
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def list_url(model: type[models.Model], **filters: Any) -> str:
    """The admin list of ``model`` filtered by ``filters`` (lookups the changelist accepts)."""
    opts = model._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(filters)}" if filters else url


def add_url(model: type[models.Model], **initial: Any) -> str:
    opts = model._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(initial)}" if initial else url


def entry_list(
    key: str,
    title: str,
    rows: Iterable[Any],
    total: int,
    entry: Any,
    *,
    more_url: str = "",
) -> EntryList:
    """An ``EntryList`` of ``rows`` turned into entries by ``entry(row)``; the full list's link
    only when there is more than the page shows."""
    entries = [entry(row) for row in rows]
    return EntryList(key, title, entries, total, more_url if total > len(entries) else "")


# --- the page ---------------------------------------------------------------------------------


@cache
def _contributors() -> list[ModuleType]:
    """Each project app's ``selectors`` module that has ``resident_overview``, in
    ``INSTALLED_APPS`` order."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.selectors"
        if config.path.startswith(str(settings.BASE_DIR)) and find_spec(name):
            module = import_module(name)
            if hasattr(module, "resident_overview"):
                found.append(module)
    return found


def visible_resident(viewer: Any, pk: Any) -> Resident | None:
    """The resident ``pk`` if ``viewer`` may see them (``access``); ``None`` otherwise, whether
    they exist or not. One query: the resident with their community and household."""
    try:
        return (
            Resident.objects.visible_to(viewer)
            .select_related("community__subdistrict", "household")
            .filter(pk=pk)
            .first()
        )
    except (ValueError, TypeError):
        return None


def resident_page(resident: Resident, viewer: Any, *, today: datetime.date) -> Page:
    """Everything the programs know of ``resident`` that ``viewer`` may see.

    Queries: the household's members (1, with a household) and each program's lists (see each
    program's ``resident_overview``), none of them growing with the history.
    """
    full = access.can_see_full_identity(viewer)
    sections = []
    for module in _contributors():
        section = module.resident_overview(resident, viewer, today=today)
        if section is not None:
            sections.append(section)
    return Page(
        resident=resident,
        id_number=resident.id_number if full else resident.masked_id_number,
        phone=(resident.phone if full else resident.masked_phone) or "—",
        age=resident.age_on(today),
        registry=_registry_section(resident, viewer, today=today),
        sections=sections,
    )


def _registry_section(resident: Resident, viewer: Any, *, today: datetime.date) -> Section:
    community = resident.community
    facts = [
        (str(_("subdistrict")), community.subdistrict.name),
        (str(_("community")), community.name),
    ]
    flags = [
        label
        for flag, label in [
            (resident.registered_in_licang, _("household registration in Licang")),
            (resident.special_family_planning, _("special family-planning family")),
            (resident.child_in_difficulty, _("child in difficulty")),
            (resident.limited_mobility, _("limited mobility")),
        ]
        if flag
    ]
    facts.append((str(_("flags")), "、".join(str(f) for f in flags) or "—"))
    lists = []
    household = resident.household
    if household is not None:
        facts.append((str(_("household")), f"{household.number} · {household.address}"))
        members, total = latest(
            Resident.objects.visible_to(viewer)
            .filter(household=household)
            .exclude(pk=resident.pk)
            .order_by("birth_date", "pk"),
            limit=MEMBERS_LIMIT,
        )
        lists.append(
            entry_list(
                "members",
                _("Household members"),
                members,
                total,
                lambda member: Entry(
                    title=member.name,
                    state=str(member.get_sex_display()),
                    date=None,
                    url=reverse("admin:registry_resident_overview", args=[member.pk]),
                    detail=_("aged %(age)d") % {"age": member.age_on(today)},
                ),
                more_url=list_url(Resident, household__id__exact=household.pk),
            )
        )
    return Section("registry", _("Household and community"), lists=lists, facts=facts)
