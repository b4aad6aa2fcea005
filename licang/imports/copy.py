"""PostgreSQL COPY from Python rows (psycopg 3), for the bulk paths of the imports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def copy_rows(
    cursor: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """COPY ``rows`` into ``table``; ``cursor`` is a Django cursor. Returns how many were sent.

    ``table`` and ``columns`` are identifiers written by the code, never by a file.
    """
    count = 0
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def with_history(model: Any, label: str, statement: str) -> str:
    """``statement`` (an INSERT or UPDATE of ``model``'s table ending in ``RETURNING *``) wrapped
    so that its rows' pghistory events are written in the same statement, with the current
    ``pghistory.context``: the events the row trigger would write, in one INSERT.

    Run it inside ``pgtrigger.ignore`` of that trigger (``history_trigger``): a row trigger that
    runs SQL re-scans the statement's queue of deferred foreign-key checks for every row, which
    made a 100,000-row insert quadratic (over two minutes instead of seconds).
    """
    event = model.pgh_event_model  # the one event model of pghistory.track
    tracked = [f.column for f in event._meta.concrete_fields if not f.column.startswith("pgh_")]
    names = ", ".join(f'"{c}"' for c in tracked)
    values = ", ".join(f'changed."{c}"' for c in tracked)
    return (
        "WITH context AS MATERIALIZED (SELECT _pgh_attach_context() AS id), "
        f"changed AS ({statement}) "
        f'INSERT INTO "{event._meta.db_table}" '
        f"(pgh_created_at, pgh_label, pgh_obj_id, pgh_context_id, {names}) "
        f"SELECT now(), '{label}', changed.id, context.id, {values} FROM changed, context"
    )
