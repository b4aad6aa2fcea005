"""The admin's autocomplete widgets, rendering a value that is no id as no choice.

Django's widgets look the selected values up to show their labels; a value that cannot be an id
of the target (``?community=abc`` on an add page, a tampered form) raised ``ValueError`` there,
a server error instead of the form's own "select a valid choice".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.admin import widgets
from django.core.exceptions import ValidationError


def _usable(widget: Any, value: Sequence[str]) -> list[str]:
    target = widget.field.target_field
    kept = []
    for item in value:
        if "\x00" in str(item):
            continue
        try:
            target.to_python(item)
        except ValidationError:
            continue
        kept.append(item)
    return kept


class AutocompleteSelect(widgets.AutocompleteSelect):
    def optgroups(self, name: str, value: Sequence[str], attr: Any = None) -> Any:
        return super().optgroups(name, _usable(self, value), attr)


class AutocompleteSelectMultiple(widgets.AutocompleteSelectMultiple):
    def optgroups(self, name: str, value: Sequence[str], attr: Any = None) -> Any:
        return super().optgroups(name, _usable(self, value), attr)
