"""Finding each program's ``public`` module and turning its ``statistics()`` into a stored section.

``licang`` never imports a program: the modules are found by name, in ``INSTALLED_APPS`` order.
"""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

CHART_KINDS = ("line", "bar")


def public_modules() -> list[tuple[str, ModuleType]]:
    """``(app label, public module)`` of each project app that has one."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.public"
        if config.path.startswith(str(settings.BASE_DIR)) and find_spec(name):
            found.append((config.label, import_module(name)))
    return found


def statistics_modules() -> list[tuple[str, ModuleType]]:
    return [(label, m) for label, m in public_modules() if hasattr(m, "statistics")]


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def compute(module: ModuleType, language: str) -> dict[str, Any]:
    """The module's section in ``language``, as plain JSON (lazy texts rendered, numbers of the
    charts as numbers, the rest of the figures as the page prints them)."""
    with translation.override(language):
        section = module.statistics()
        charts = [_chart(chart) for chart in section.get("charts", [])]
        stored: dict[str, Any] = json.loads(json.dumps(section, cls=DjangoJSONEncoder))
        stored["charts"] = json.loads(json.dumps(charts, cls=DjangoJSONEncoder))
    return stored


def _chart(chart: dict[str, Any]) -> dict[str, Any]:
    if chart["kind"] not in CHART_KINDS:
        raise ValueError(f"chart {chart['key']!r}: kind must be one of {CHART_KINDS}")
    x = [str(label) for label in chart["x"]]
    series = []
    for s in chart["series"]:
        values = [_number(v) for v in s["values"]]
        if len(values) != len(x):
            raise ValueError(f"chart {chart['key']!r}: series {s['name']!r} is not as long as x")
        series.append({"name": str(s["name"]), "values": values})
    return {
        "key": chart["key"],
        "title": str(chart["title"]),
        "kind": chart["kind"],
        "x_title": str(chart.get("x_title", "")),
        "x": x,
        "series": series,
        "unit": str(chart.get("unit", "")),
    }


def _number(value: Any) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int | float):
        return value
    raise ValueError(f"chart values are numbers or None, not {value!r}")
