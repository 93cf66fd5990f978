"""Imports under faults: racing processes, a kill mid-import, a failure mid-way."""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection, connections

from issues import importing
from issues.importing import ImportRefused, Outcome, import_text
from issues.models import Issue, Item, Section

ROOT = Path(__file__).resolve().parent.parent
ISSUE = """Deep Learning Weekly Issue #640

Racing importers

Industry

Two writers, one issue

Only one of them may create it.

Libraries & Code

[Github] example/locks

Advisory locks for everyone.
"""


def database_url() -> str:
    """The test database's URL for a child process, on the same server (the embedded
    one's socket too)."""
    url = urlsplit(settings.DATABASE_URL)
    return url._replace(path="/" + connection.settings_dict["NAME"]).geturl()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_imports_give_one_issue_and_a_clean_answer():
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(import_text(ISSUE).outcome)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(results) == [Outcome.CREATED, Outcome.UNCHANGED]
    assert Issue.objects.filter(number=640).count() == 1
    assert Item.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_process_killed_mid_import_leaves_no_partial_issue(tmp_path):
    # The child stores the sections and items, then stops before committing.
    script = tmp_path / "import_and_hang.py"
    script.write_text(
        "import sys, time, django\n"
        "django.setup()\n"
        "from issues import importing\n"
        "def hang(issue):\n"
        "    print('stored, not committed', flush=True)\n"
        "    time.sleep(60)\n"
        "importing.count_words_of = hang\n"
        "importing.import_text(sys.stdin.read())\n"
    )
    env = os.environ | {
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "PYTHONPATH": str(ROOT),
    }
    child = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    child.stdin.write(ISSUE)
    child.stdin.close()

    assert child.stdout.readline().strip() == "stored, not committed"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)

    assert Issue.objects.count() == 0
    assert Section.objects.count() == 0
    assert Item.objects.count() == 0
    assert import_text(ISSUE).outcome == Outcome.CREATED


@pytest.mark.django_db
def test_a_failure_mid_import_rolls_everything_back(monkeypatch):
    def fail(issue):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1/0")

    monkeypatch.setattr(importing, "count_words_of", fail)

    with pytest.raises(ImportRefused, match="issue #640 could not be stored: division by zero"):
        import_text(ISSUE)

    assert (Issue.objects.count(), Section.objects.count(), Item.objects.count()) == (0, 0, 0)
