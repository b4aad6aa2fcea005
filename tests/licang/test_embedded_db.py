"""The embedded PostgreSQL server: long checkout paths, two processes at once, clear failures."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from pathlib import Path
import psycopg
from licang import embedded_db
server = embedded_db.start(Path(sys.argv[1]))
embedded_db.ensure_database(server, "probe")
params = {"host": server.socket_dir, "port": server.port, "user": server.user}
with psycopg.connect(dbname="probe", **params) as c:
    print(c.execute("select current_database()").fetchone()[0], server.socket_dir)
"""


def start(data_dir: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(data_dir)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def long_dir(tmp_path: Path) -> Path:
    # a unix socket path may not exceed about 107 bytes; this data folder alone is longer
    deep = tmp_path / ("a-checkout-folder-with-a-long-name-" * 3) / "project" / ".data"
    deep.mkdir(parents=True)
    return deep / "postgres"


def test_it_starts_in_a_checkout_whose_path_is_too_long_for_a_socket(long_dir: Path):
    assert len(str(long_dir / ".s.PGSQL.5432")) > 107
    process = start(long_dir)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    database, socket_dir = out.split()
    assert database == "probe"
    assert len(socket_dir) < 100


def test_two_processes_starting_it_at_once_share_one_server(tmp_path: Path):
    data_dir = tmp_path / "postgres"
    first, second = start(data_dir), start(data_dir)
    results = [(*p.communicate(timeout=120), p.returncode) for p in (first, second)]
    assert [code for _, _, code in results] == [0, 0], [err for _, err, _ in results]
    assert results[0][0].split() == results[1][0].split()


def test_a_server_that_cannot_start_says_why_and_how_to_use_database_url(tmp_path: Path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    process = start(blocked / "postgres")
    _, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "could not start" in err
    assert "DATABASE_URL=postgres://" in err
