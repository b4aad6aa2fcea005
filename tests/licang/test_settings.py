"""Production-safe settings: checked in a fresh interpreter with a controlled environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIGURATION = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
}


def run_settings(
    env: dict[str, str], code: str = "import licang.settings"
) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in CONFIGURATION}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_missing_secret_key_stops_start_up_with_a_clear_message():
    result = run_settings({})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_allows_a_development_key():
    result = run_settings({"DEBUG": "1"})
    assert result.returncode == 0, result.stderr


def test_without_debug_cookies_are_secure_and_https_is_enforced():
    code = (
        "import licang.settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS > 0, s.ALLOWED_HOSTS)"
    )
    result = run_settings({"SECRET_KEY": "x" * 50}, code)
    assert result.stdout.strip() == "False True True True True []"


def test_database_url_selects_that_server():
    code = (
        "import licang.settings as s; d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['HOST'], d['NAME'])"
    )
    result = run_settings(
        {"DEBUG": "1", "DATABASE_URL": "postgres://u@db.example:5432/licang"}, code
    )
    assert result.stdout.strip() == "django.db.backends.postgresql db.example licang"


def test_without_database_url_the_embedded_server_is_used():
    code = "import licang.settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = run_settings({"DEBUG": "1"}, code)
    assert result.stdout.strip() == "licang.db.embedded"


def test_a_database_url_that_is_not_postgresql_is_refused():
    result = run_settings({"DEBUG": "1", "DATABASE_URL": "sqlite:///x.db"})
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_manage_py_in_a_checkout_on_the_embedded_database_needs_no_set_up():
    code = (
        "import os; os.environ['LICANG_MANAGE_PY'] = '1'; "
        "import licang.settings as s; print(len(s.SECRET_KEY) > 40)"
    )
    result = run_settings({}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_manage_py_against_a_server_still_needs_a_secret_key():
    code = "import os; os.environ['LICANG_MANAGE_PY'] = '1'; import licang.settings"
    result = run_settings({"DATABASE_URL": "postgres://u@db.example/licang"}, code)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_connections_are_kept_on_the_embedded_server_and_on_database_url():
    code = (
        "import licang.settings as s; d = s.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    embedded = run_settings({"DEBUG": "1"}, code)
    external = run_settings({"DEBUG": "1", "DATABASE_URL": "postgres://u@db:5432/licang"}, code)
    assert embedded.stdout.split() == ["60", "True"], embedded.stderr
    assert external.stdout.split() == ["60", "True"], external.stderr
