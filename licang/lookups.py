"""``field__any=values``: ``field = ANY(%s)`` with the values as one array parameter.

``field__in`` writes one placeholder per value; the bulk paths (an import's 5,000-row chunk looks
up 5,000 ID numbers at once) then spend more time building and sending the query than PostgreSQL
spends answering it. ``__any`` sends one array, and the same index serves it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Field, ForeignKey, Lookup


class AnyOf(Lookup):  # type: ignore[type-arg]
    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[Any]:
        values: Iterable[Any] = self.rhs
        return [self.lhs.output_field.get_prep_value(v) for v in values]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]


Field.register_lookup(AnyOf)
ForeignKey.register_lookup(AnyOf)  # ``community_id__any`` (relations have lookups of their own)
