"""The embedded PostgreSQL end to end: gunicorn workers share it, and an outage
gives a fast 503 and heals by itself once the server is back.

This test starts its own embedded server in a temporary data directory (what a
newcomer gets with no DATABASE_URL), so it can stop and restart it freely.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from archive.embedded_db import embedded_database_url, stop_embedded_server

ROOT = Path(__file__).resolve().parent.parent
ISSUE = """Deep Learning Weekly Issue #77

Embedded servers and other comforts

Industry

A database in a wheel

A PostgreSQL server that installs with pip.
"""

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), time.monotonic() - started


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("embedded")
    env = {
        "PATH": os.environ["PATH"],
        "ARCHIVE_DATA_DIR": str(data_dir),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "AXES_ENABLED": "0",
    }
    issue_file = data_dir / "issue.txt"
    issue_file.write_text(ISSUE)
    python = sys.executable
    for command in (["migrate", "--noinput"], ["import_issues", str(issue_file)]):
        subprocess.run(
            [python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(python).with_name("gunicorn")),
            "archive.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            get(url)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    yield url, data_dir
    server.terminate()
    server.wait(timeout=10)
    stop_embedded_server(data_dir)


def test_gunicorn_workers_share_one_embedded_server(site):
    url, data_dir = site

    statuses = [get(url)[:2] for _ in range(6)]

    assert all(
        status == 200 and "Deep Learning Weekly Issue #77" in body for status, body in statuses
    )
    assert (data_dir / "pgdata" / "postmaster.pid").exists()


def test_an_outage_answers_503_fast_and_the_site_heals_itself(site):
    url, data_dir = site
    assert get(url)[0] == 200

    assert stop_embedded_server(data_dir)
    outage = [get(url) for _ in range(3)]
    embedded_database_url(data_dir)  # what a restart of the server looks like
    after = [get(url)[0] for _ in range(6)]

    assert [status for status, _, _ in outage] == [503, 503, 503]
    assert all("temporarily unavailable" in body for _, body, _ in outage)
    # Fast: no waiting on a dead server (the connect timeout is 3 s; a missing
    # socket fails at once). The bound is loose for a loaded CI machine.
    assert max(seconds for _, _, seconds in outage) < 5
    # Each worker notices its dead connection at its next request's health check
    # and reconnects; at most that first request per worker may still fail.
    assert after[-4:] == [200, 200, 200, 200]
    assert after.count(503) <= 2
