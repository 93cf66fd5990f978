"""Settings come from the environment and refuse unsafe production values."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {
        "PATH": os.environ["PATH"],
        "ARCHIVE_DATA_DIR": str(tmp_path),
        # A server that need not exist: these checks never connect.
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/none",
    } | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    result = manage("check", tmp_path=tmp_path, DEBUG="0")

    assert result.returncode == 1
    assert result.stderr.startswith("Configuration error: SECRET_KEY is missing or too weak")
    assert "Traceback" not in result.stderr


def test_it_refuses_a_known_insecure_key(tmp_path):
    result = manage(
        "check", tmp_path=tmp_path, DEBUG="0", SECRET_KEY="django-insecure-" + "x" * 40
    )

    assert result.returncode == 1
    assert "SECRET_KEY is missing or too weak" in result.stderr


def test_it_reads_the_key_kept_in_the_data_dir(tmp_path):
    (tmp_path / "secret_key").write_text(secrets.token_urlsafe(50))

    result = manage("check", tmp_path=tmp_path, DEBUG="0")

    assert result.returncode == 0, result.stderr


def test_it_refuses_a_boolean_it_cannot_read(tmp_path):
    result = manage("check", tmp_path=tmp_path, DEBUG="maybe")

    assert result.returncode == 1
    assert "DEBUG must be a boolean" in result.stderr


def test_the_deployment_checklist_passes_with_production_values(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        HTTPS="1",
        ALLOWED_HOSTS="archive.example.com",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


LOG_A_WARNING_AND_AN_ERROR = (
    "import logging; "
    "logging.getLogger('django.request').warning('Not Found: /nowhere'); "
    "logging.getLogger('django.request').error('Internal Server Error: /broken')"
)


def test_log_level_error_keeps_djangos_404_warnings_out_and_errors_in(tmp_path):
    result = manage(
        "shell", "-c", LOG_A_WARNING_AND_AN_ERROR, tmp_path=tmp_path, DEBUG="1", LOG_LEVEL="error"
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == ["Internal Server Error: /broken"]


def test_by_default_warnings_are_logged_once_each(tmp_path):
    result = manage("shell", "-c", LOG_A_WARNING_AND_AN_ERROR, tmp_path=tmp_path, DEBUG="1")

    assert result.stderr.splitlines() == ["Not Found: /nowhere", "Internal Server Error: /broken"]


def test_it_refuses_a_log_level_it_does_not_know(tmp_path):
    result = manage("check", tmp_path=tmp_path, DEBUG="1", LOG_LEVEL="loud")

    assert result.returncode == 1
    assert result.stderr.startswith("Configuration error: LOG_LEVEL must be DEBUG, INFO,")
    assert "Traceback" not in result.stderr
