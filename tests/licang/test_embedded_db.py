"""The embedded PostgreSQL server: long checkout paths, two processes at once, clear failures,
and a server that stops with the last process using it, however that process ends.

Every test runs real processes on a data folder of its own and is bounded in time.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from licang import embedded_db

ROOT = Path(__file__).resolve().parents[2]
STARTUP = 120  # seconds: a first start runs initdb
# a stop takes only its own folder's lock, then pg_ctl has up to embedded_db.STOP_TIMEOUT; on a
# machine busy with a second suite (CI runs two side by side) the process's exit itself can be slow
SHUTDOWN = 90

SCRIPT = """
import sys
from pathlib import Path
import psycopg
from licang import embedded_db
server = embedded_db.start(Path(sys.argv[1]))
embedded_db.ensure_database(server, "probe")
params = {"host": server.socket_dir, "port": server.port, "user": server.user}
with psycopg.connect(dbname="probe", **params) as c:
    print(c.execute("select current_database()").fetchone()[0], server.socket_dir, flush=True)
if len(sys.argv) > 2:  # hold: keep using the server until killed or told to leave on stdin
    sys.stdin.readline()
"""


def start(data_dir: Path, *, hold: bool = False) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(data_dir), *(["hold"] if hold else [])],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def start_holding(data_dir: Path) -> subprocess.Popen:
    """A process that has connected to the server and keeps using it."""
    process = start(data_dir, hold=True)
    assert process.stdout is not None
    line = process.stdout.readline()  # bounded: the process exits (EOF) if it cannot start
    assert line.startswith("probe"), process.communicate(timeout=SHUTDOWN)[1]
    return process


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_from_a_terminal() -> None:
    """Ctrl-C's default action, as a terminal gives its programs: a shell without job control
    starts a background command (CI runs one suite with ``&``) with SIGINT ignored, and a child
    inherits that, so Ctrl-C would never reach runserver."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_runserver(data_dir: Path, *, reload: bool) -> tuple[subprocess.Popen, int]:
    """``manage.py runserver`` on the embedded server, in a session of its own (a terminal)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="licang.settings", DEBUG="1", EMBEDDED_PG_DIR=str(data_dir))
    port = free_port()
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*command, *([] if reload else ["--noreload"])],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=as_from_a_terminal,
    )
    return process, port


def serves(port: int) -> bool:
    try:
        # /healthz runs a query: the server process has started the database
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def wait_until(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def postgres_processes(data_dir: Path) -> list[psutil.Process]:
    """Every PostgreSQL process whose command line names this data folder."""
    folder = str(data_dir.resolve())
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == "postgres" and folder in (process.info["cmdline"] or []):
            found.append(process)
    return found


def watchdogs(data_dir: Path) -> list[psutil.Process]:
    folder = str(data_dir.resolve())
    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = process.info["cmdline"] or []
        if embedded_db.WATCHDOG_MARK in cmdline and folder in cmdline:
            found.append(process)
    return found


def nothing_runs_on(data_dir: Path, timeout: float = SHUTDOWN) -> bool:
    """No PostgreSQL process and no watchdog of this data folder is left (after a moment)."""
    return wait_until(lambda: not postgres_processes(data_dir) and not watchdogs(data_dir), timeout)


def record(data_dir: Path) -> str:
    return (data_dir / embedded_db.RECORD_NAME).read_text()


@pytest.fixture
def checkout() -> Iterator[Path]:
    # Not pytest's tmp_path: run as root, the wheel runs PostgreSQL as another user, and every
    # pytest session that starts (another engineer's, say) makes pytest's temporary root private
    # again, so that a running server loses its own files.
    folder = Path(tempfile.mkdtemp(prefix="licang-embedded-test-"))
    yield folder
    for data in folder.glob("**/postgres"):
        embedded_db.stop(data)  # a failed test leaves no server behind
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def data_dir(checkout: Path) -> Path:
    return checkout / "postgres"


@pytest.fixture
def long_dir(checkout: Path) -> Path:
    # a unix socket path may not exceed about 107 bytes; this data folder alone is longer
    deep = checkout / ("a-checkout-folder-with-a-long-name-" * 3) / "project" / ".data"
    deep.mkdir(parents=True)
    return deep / "postgres"


def test_it_starts_in_a_checkout_whose_path_is_too_long_for_a_socket(long_dir: Path):
    assert len(str(long_dir / ".s.PGSQL.5432")) > 107
    process = start(long_dir)
    out, err = process.communicate(timeout=STARTUP)
    assert process.returncode == 0, err
    database, socket_dir = out.split()
    assert database == "probe"
    assert len(socket_dir) < 100
    assert nothing_runs_on(long_dir)


def test_two_processes_starting_it_at_once_share_one_server(data_dir: Path):
    first, second = start(data_dir), start(data_dir)
    results = [(*p.communicate(timeout=STARTUP), p.returncode) for p in (first, second)]
    assert [code for _, _, code in results] == [0, 0], [err for _, err, _ in results]
    assert results[0][0].split() == results[1][0].split()
    assert nothing_runs_on(data_dir)


def test_a_server_that_cannot_start_says_why_how_to_recover_and_how_to_use_database_url(
    checkout: Path,
):
    blocked = checkout / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    process = start(blocked / "postgres")
    _, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "could not start" in err
    assert "make stop" in err
    assert "DATABASE_URL=postgres://" in err


def interrupt_the_terminal(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the whole foreground group


def terminate_the_process(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)  # a process manager, or `kill`


def terminate_the_reloaders_child(process: subprocess.Popen) -> None:
    # what `make run` does on Ctrl-C or SIGTERM; the reloader exits with its child
    for child in psutil.Process(process.pid).children():
        child.send_signal(signal.SIGTERM)


def terminate_the_reloader(process: subprocess.Popen) -> None:
    # a process manager's SIGTERM: Django's reloader then kills its serving child outright
    process.send_signal(signal.SIGTERM)


@pytest.mark.parametrize(
    ("reload", "stop_it"),
    [
        (True, interrupt_the_terminal),
        (False, interrupt_the_terminal),
        (False, terminate_the_process),
        (True, terminate_the_reloaders_child),
        (True, terminate_the_reloader),
    ],
    ids=["ctrl-c", "ctrl-c-no-reload", "sigterm", "sigterm-as-make-run", "sigterm-to-the-reloader"],
)
def test_a_web_server_stopped_by_a_signal_stops_the_database(
    data_dir: Path, reload: bool, stop_it: Callable[[subprocess.Popen], None]
):
    process, port = start_runserver(data_dir, reload=reload)
    try:
        assert wait_until(lambda: serves(port), STARTUP), "runserver did not serve /healthz"
        assert postgres_processes(data_dir)
        stop_it(process)
        process.wait(timeout=SHUTDOWN)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert nothing_runs_on(data_dir)
    assert json.loads(record(data_dir)) == []


def test_it_starts_again_three_times_in_a_row_after_being_stopped_by_signals(data_dir: Path):
    for stop_it in (terminate_the_process, interrupt_the_terminal, terminate_the_process):
        process, port = start_runserver(data_dir, reload=False)
        try:
            assert wait_until(lambda p=port: serves(p), STARTUP), "runserver did not serve"
            stop_it(process)
            process.wait(timeout=SHUTDOWN)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
        assert nothing_runs_on(data_dir)


def test_it_stays_up_while_another_process_uses_it_and_stops_with_the_last(data_dir: Path):
    first, second = start_holding(data_dir), start_holding(data_dir)
    first.send_signal(signal.SIGTERM)
    first.wait(timeout=SHUTDOWN)
    assert postgres_processes(data_dir)
    assert json.loads(record(data_dir)) == [second.pid]
    second.communicate("leave\n", timeout=SHUTDOWN)
    assert second.returncode == 0
    assert nothing_runs_on(data_dir)


def test_a_process_killed_outright_does_not_keep_it_running_after_the_last_live_one(
    data_dir: Path,
):
    crashed, survivor = start_holding(data_dir), start_holding(data_dir)
    crashed.kill()  # SIGKILL: no code of the process runs, its pid stays in the record
    crashed.wait(timeout=SHUTDOWN)
    survivor.send_signal(signal.SIGTERM)
    survivor.wait(timeout=SHUTDOWN)
    assert nothing_runs_on(data_dir)


def a_dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait(timeout=SHUTDOWN)
    return process.pid


@pytest.mark.parametrize(
    "contents",
    ["", "[", "{not json", "null", '{"pids": [1]}', "DEAD"],
    ids=["empty", "truncated", "garbage", "null", "not-a-list", "a-dead-process"],
)
def test_a_corrupt_or_stale_record_is_repaired_on_the_next_start(data_dir: Path, contents: str):
    first = start(data_dir)
    first.communicate(timeout=STARTUP)
    assert first.returncode == 0
    (data_dir / embedded_db.RECORD_NAME).write_text(
        json.dumps([a_dead_pid()]) if contents == "DEAD" else contents
    )
    again = start(data_dir)
    _, err = again.communicate(timeout=STARTUP)
    assert again.returncode == 0, err
    assert nothing_runs_on(data_dir)
    assert json.loads(record(data_dir)) == []


def test_the_watchdog_stops_it_when_its_only_user_is_killed_outright(data_dir: Path):
    user = start_holding(data_dir)
    assert len(watchdogs(data_dir)) == 1
    user.kill()
    user.wait(timeout=SHUTDOWN)
    assert nothing_runs_on(data_dir, timeout=10)


def test_a_server_left_with_neither_users_nor_watchdog_is_joined_and_then_stopped(data_dir: Path):
    orphaning = start_holding(data_dir)
    for watchdog in watchdogs(data_dir):
        watchdog.kill()
    orphaning.kill()
    orphaning.wait(timeout=SHUTDOWN)
    assert postgres_processes(data_dir)  # nothing could stop it: nothing that knew of it ran code
    joining = start(data_dir)
    _, err = joining.communicate(timeout=STARTUP)
    assert joining.returncode == 0, err
    assert nothing_runs_on(data_dir)


def run_stop(data_dir: Path, command: list[str]) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="licang.settings", DEBUG="1", EMBEDDED_PG_DIR=str(data_dir))
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=SHUTDOWN * 2
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_stop_db_stops_the_server_even_while_a_process_uses_it(data_dir: Path):
    user = start_holding(data_dir)
    try:
        out = run_stop(data_dir, [sys.executable, "manage.py", "stop_db"])
        assert "Stopped the embedded PostgreSQL server" in out
        assert str(user.pid) in out
        assert nothing_runs_on(data_dir)
    finally:
        user.kill()
        user.wait(timeout=SHUTDOWN)
    out = run_stop(data_dir, [sys.executable, "manage.py", "stop_db"])
    assert "is not running" in out


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_stop_stops_the_server(data_dir: Path):
    user = start_holding(data_dir)
    try:
        out = run_stop(data_dir, ["make", "--no-print-directory", "stop"])
        assert "Stopped the embedded PostgreSQL server" in out
        assert nothing_runs_on(data_dir)
    finally:
        user.kill()
        user.wait(timeout=SHUTDOWN)
