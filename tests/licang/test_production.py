"""Production settings serve pages after the README's deployment steps, and refuse to start before.

The steps run as a deployment runs them: real processes with the production settings (DEBUG off,
the manifest static storage) on the test database, static files collected into a folder of the
test's own, and a real WSGI server loading ``licang.wsgi``, as gunicorn does.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120

SERVE = """
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server
from licang.wsgi import application

class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

make_server("127.0.0.1", int(sys.argv[1]), application, handler_class=Quiet).serve_forever()
"""

pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    """The test database, as DATABASE_URL (a unix socket on the embedded server)."""
    params = connection.get_connection_params()
    host = quote(str(params.get("host") or "127.0.0.1"), safe="")
    port = params.get("port") or 5432
    password = f":{quote(params['password'])}" if params.get("password") else ""
    user = params.get("user") or "postgres"
    return f"postgres://{user}{password}@{host}:{port}/{connection.settings_dict['NAME']}"


@pytest.fixture
def production_env(tmp_path: Path) -> dict[str, str]:
    # only what a server's supervisor would pass: the suite's own environment (tests/settings.py's
    # defaults, the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE) is not production's
    kept = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "XDG_RUNTIME_DIR", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k in kept}
    env.update(
        DJANGO_SETTINGS_MODULE="licang.settings",
        SECRET_KEY="a-production-like-secret-key-for-the-deployment-test-0123456789",
        DATABASE_URL=database_url(),
        ALLOWED_HOSTS="127.0.0.1",
        TRUSTED_PROXIES="127.0.0.1",  # the test's requests stand for the HTTPS proxy's
        STATIC_ROOT=str(tmp_path / "static"),
    )
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def serve(production_env: dict[str, str]) -> Iterator[Callable[[], tuple[subprocess.Popen, int]]]:
    processes: list[subprocess.Popen] = []

    def start() -> tuple[subprocess.Popen, int]:
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(port)],
            cwd=ROOT,
            env=production_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        processes.append(process)
        return process, port

    yield start
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=TIMEOUT)


def get(port: int, path: str) -> tuple[int, str]:
    # as behind the HTTPS proxy the README describes: production redirects plain HTTP to HTTPS
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def wait_for(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not listen")


def test_the_documented_deployment_steps_serve_pages_admin_api_docs_and_static_files(
    production_env: dict[str, str], serve
):
    for step in (["collectstatic", "--no-input"], ["migrate", "--no-input"]):
        result = manage(production_env, *step)
        assert result.returncode == 0, result.stderr
    check = manage(production_env, "check", "--deploy", "--fail-level", "ERROR")
    assert check.returncode == 0, check.stderr
    assert "licang.E00" not in check.stdout + check.stderr

    process, port = serve()
    wait_for(process, port)
    pages = {path: get(port, path) for path in ("/", "/admin/login/", "/api/docs/")}
    assert {path: status for path, (status, _) in pages.items()} == {
        "/": 200,
        "/admin/login/": 200,
        "/api/docs/": 200,
    }
    # the pages link static files by their hashed names, and the server serves those
    login_page = pages["/admin/login/"][1]
    stylesheet = re.search(r'href="(/static/admin/css/[^"]+\.[0-9a-f]{12}\.css)"', login_page)
    assert stylesheet, "the admin login links no hashed stylesheet"
    assert get(port, stylesheet.group(1))[0] == 200


def test_check_deploy_says_static_files_are_not_collected_and_how_to_collect_them(
    production_env: dict[str, str],
):
    check = manage(production_env, "check", "--deploy", "--fail-level", "ERROR")
    assert check.returncode != 0
    assert "licang.E001" in check.stderr
    assert "manage.py collectstatic --no-input" in check.stderr


def test_the_server_refuses_to_start_before_static_files_are_collected(serve):
    process, _ = serve()
    _, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode != 0
    assert "Static files have not been collected" in err
    assert "manage.py collectstatic --no-input" in err
