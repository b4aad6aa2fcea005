"""The staff home: the cards each program shows on the admin's index, and the order of its menu.

A program contributes through its own ``<app>/staff_home.py``, found by name in every project app
as ``licang.views`` finds ``public.py`` (the plumbing imports no program):

- ``cards(user) -> list[Card]``: the figures and queues of ``user``'s scope, each card linking to
  the admin changelist filtered to exactly the rows it counts. A program shows only the cards of
  data ``user`` may see (its own permissions and access rules decide) and reads each in a fixed
  number of queries, counts over indexed filters, whatever the size of its tables;
- ``menu_order(user) -> list[str]`` (the registry's, which knows the roles): the app labels of
  the admin's menu in the order of what ``user``'s role does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

MODULE = "staff_home"


@dataclass(frozen=True)
class Card:
    """One figure of the staff home: what it counts, the number, and the list of those rows."""

    key: str  # stable, for the page's classes and the tests: "desk-overdue"
    title: Any  # translated text (a lazy string)
    figure: int
    url: str  # the admin changelist, filtered to the rows counted (``changelist_url``)
    note: Any = ""  # a line under the figure: "of 90 seats", "the oldest since 3 March"
    alert: bool = False  # the figure asks for attention now (overdue requests)


@dataclass(frozen=True)
class Section:
    """The cards of one program, under its name."""

    app_label: str
    title: Any
    cards: list[Card] = field(default_factory=list)


def changelist_url(model: Any, **filters: Any) -> str:
    """The admin changelist of ``model`` filtered by ``filters`` (lookups the changelist allows:
    its list filters' parameters, or lookups on the model's own fields)."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


@cache
def staff_home_modules() -> list[tuple[str, ModuleType]]:
    """(app label, module) of each project app's ``staff_home`` module, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.{MODULE}"
        if config.path.startswith(str(settings.BASE_DIR)) and find_spec(name):
            found.append((config.label, import_module(name)))
    return found


def menu_order(request: HttpRequest) -> list[str]:
    """The app labels of the menu in the order of what the user's role does (remembered for the
    request: the index and the side bar both ask)."""
    cached = getattr(request, "_licang_menu_order", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    order: list[str] = []
    for _label, module in staff_home_modules():
        if hasattr(module, "menu_order"):
            order = list(module.menu_order(request.user))
            break
    request._licang_menu_order = order  # type: ignore[attr-defined]
    return order


def in_menu_order(items: Sequence[Any], order: Sequence[str], label: Any) -> list[Any]:
    """``items`` sorted by their app label's place in ``order``; the apps ``order`` does not name
    follow, as they came (Django's alphabetical order)."""
    rank = {app_label: place for place, app_label in enumerate(order)}
    return sorted(items, key=lambda item: rank.get(label(item), len(rank)))


def sections_for(request: HttpRequest) -> list[Section]:
    """Each program's cards for the user, in the order of the user's menu; programs that show
    the user nothing are left out."""
    sections = []
    for app_label, module in staff_home_modules():
        cards = module.cards(request.user) if hasattr(module, "cards") else []
        if cards:
            title = apps.get_app_config(app_label).verbose_name
            sections.append(Section(app_label=app_label, title=title, cards=list(cards)))
    return in_menu_order(sections, menu_order(request), lambda section: section.app_label)
