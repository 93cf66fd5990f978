"""`import_issues --jobs N`: a folder imported by N processes, reported and stored as by one."""

import os
import shutil

import pytest
from django.core.management.base import CommandError
from django.db import connection

from issues.management.commands import import_issues
from issues.models import Issue, Item, ItemTag, Word
from tests.search_helpers import issue_text
from tests.test_import_command import BAD_DIR, GOOD_DIR, REFUSE_ISSUE_602, run, summary


@pytest.fixture
def folder(tmp_path):
    """Eight good issues (two of the fixtures, six small ones) and two bad files, by name."""
    for name in ("601_edge_and_repos.txt", "602_footnote_and_holes.txt"):
        shutil.copy(GOOD_DIR / name, tmp_path / name)
    for number in range(700, 706):
        sections = {
            "Industry": [(f"Robots at work {number}", f"A robot arm sorts parcels, #{number}.")],
            "Papers & Publications": [("Sparse attention", "We study sparse attention.")],
        }
        (tmp_path / f"{number}.txt").write_text(issue_text(number, sections))
    shutil.copy(BAD_DIR / "empty.txt", tmp_path / "650_empty.txt")
    shutil.copy(BAD_DIR / "no_title.txt", tmp_path / "703_no_title.txt")
    return tmp_path


def stored() -> dict:
    return {
        "issues": sorted(Issue.objects.values_list("number", "source_sha256")),
        "items": sorted(Item.objects.values_list("issue__number", "title", "kind", "url")),
        "tags": sorted(ItemTag.objects.values_list("item__title", "tag__slug", "source")),
        "words": dict(Word.objects.values_list("word", "ndoc")),
    }


@pytest.mark.django_db(transaction=True)
def test_two_processes_store_and_report_what_one_does(folder):
    in_parallel = run(folder, "--jobs", "2", "-v", "2")
    parallel_rows = stored()
    Issue.objects.all().delete()
    Word.objects.all().delete()

    one_by_one = run(folder, "--jobs", "1", "-v", "2")

    assert in_parallel == one_by_one
    code, out, err = in_parallel
    assert code == 1
    assert out.splitlines()[-1] == summary(created=8, failed=2).strip()
    assert err.splitlines() == [
        f"{folder / '650_empty.txt'}: empty file",
        f"{folder / '703_no_title.txt'}: no title line: expected 'Deep Learning Weekly "
        "Issue #N', got 'The Weekly Robot Digest'",
    ]
    # Reported in the folder's order, whichever process finished first.
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == [
        str(path)
        for path in sorted(folder.glob("*.txt"))
        if path.name not in {"650_empty.txt", "703_no_title.txt"}
    ]
    assert parallel_rows == stored()
    assert Word.objects.get(word="robots").ndoc == 6


@pytest.mark.django_db(transaction=True)
def test_a_second_run_finds_every_issue_unchanged(folder):
    run(folder, "--jobs", "2")

    assert run(folder, "--jobs", "2")[1] == summary(unchanged=8, failed=2)


@pytest.mark.django_db
def test_inside_a_transaction_the_files_are_imported_in_it_one_by_one(folder, monkeypatch):
    def no_processes(*args):
        raise AssertionError("forked inside the caller's transaction")

    monkeypatch.setattr(import_issues, "_imported_in_processes", no_processes)

    assert run(folder, "--jobs", "2")[1] == summary(created=8, failed=2)
    assert Issue.objects.count() == 8


def die(*args):
    os._exit(1)


@pytest.mark.django_db(transaction=True)
def test_files_a_dead_process_held_are_reported_as_not_stored(folder, monkeypatch):
    monkeypatch.setattr(import_issues, "_imported_for_parent", die)

    code, out, err = run(folder, "--jobs", "2")

    assert (code, out) == (1, summary(failed=10))
    assert err.splitlines() == [
        f"{path}: the import process stopped before reporting this file"
        for path in sorted(folder.glob("*.txt"))
    ]
    assert Issue.objects.count() == 0


@pytest.mark.django_db
def test_jobs_must_be_at_least_one(folder):
    with pytest.raises(CommandError, match="--jobs must be at least 1"):
        run(folder, "--jobs", "0")


@pytest.mark.django_db(transaction=True)
def test_a_database_error_in_a_process_is_one_line(folder):
    with connection.cursor() as cursor:
        cursor.execute(REFUSE_ISSUE_602)
    try:
        code, out, err = run(folder, "--jobs", "2")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER refuse_602 ON issues_issue; DROP FUNCTION refuse_602()")

    assert (code, out) == (1, summary(created=7, failed=3))
    assert (
        f"{folder / '602_footnote_and_holes.txt'}: issue #602 could not be stored: "
        "no room for #602"
    ) in err.splitlines()
    assert sorted(Issue.objects.values_list("number", flat=True)) == [601, *range(700, 706)]
