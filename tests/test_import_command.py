"""`python manage.py import_issues PATH [PATH ...]` end to end, on real PostgreSQL."""

import io
import shutil
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from issues.models import Issue, IssueRevision, Item, ItemTag, Section, Word
from tests.conftest import FIXTURES_DIR, requires_seeds, seed_files

GOOD_DIR = FIXTURES_DIR / "good"
BAD_DIR = FIXTURES_DIR / "bad"
GOOD = [GOOD_DIR / name for name in ("601_edge_and_repos.txt", "602_footnote_and_holes.txt")]
BAD_REASONS = {
    "binary.txt": "binary file (it contains a NUL byte)",
    "empty.txt": "empty file",
    "latin1.txt": "not UTF-8 (invalid byte at offset 36)",
    "no_title.txt": (
        "no title line: expected 'Deep Learning Weekly Issue #N', got 'The Weekly Robot Digest'"
    ),
    "whitespace_only.txt": "empty file",
}


REFUSE_ISSUE_602 = """
CREATE FUNCTION refuse_602() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.number = 602 THEN RAISE EXCEPTION 'no room for #602'; END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER refuse_602 BEFORE INSERT ON issues_issue FOR EACH ROW EXECUTE FUNCTION refuse_602();
"""
REFUSE_NEW_WORDS = """
CREATE FUNCTION refuse_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'no new words today'; END $$;
CREATE TRIGGER refuse_words BEFORE INSERT ON issues_word
    FOR EACH ROW EXECUTE FUNCTION refuse_words();
"""


def run(*args, stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    """The command in-process: (exit code, stdout, stderr)."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    out, err = StringIO(), StringIO()
    try:
        call_command("import_issues", *map(str, args), stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def summary(created=0, updated=0, unchanged=0, failed=0) -> str:
    return f"created {created}, updated {updated}, unchanged {unchanged}, failed {failed}\n"


def row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Issue, IssueRevision, Section, Item, ItemTag, Word)
    }


def numbers() -> list[int]:
    return list(Issue.objects.order_by("number").values_list("number", flat=True))


@pytest.mark.django_db
class TestSources:
    def test_files(self):
        assert run(*GOOD) == (0, summary(created=2), "")
        assert numbers() == [601, 602]
        counts = row_counts()
        assert [counts[name] for name in ("Issue", "IssueRevision", "Section", "Item")] == [
            2,
            0,
            8,
            14,
        ]

    def test_a_directory_is_searched_for_txt_files(self, tmp_path):
        shutil.copytree(GOOD_DIR, tmp_path / "issues")
        (tmp_path / "issues" / "nested").mkdir()
        shutil.copy(GOOD[0], tmp_path / "issues" / "nested" / "copy.txt")
        # Not a .txt: never read, so its garbage is no failure.
        (tmp_path / "issues" / "notes.md").write_bytes(b"\x00 not an issue")

        # The nested copy is the same text as 601: unchanged, not a conflict.
        assert run(tmp_path / "issues") == (0, summary(created=3, unchanged=1), "")
        assert numbers() == [601, 602, 603]

    def test_standard_input_for_a_dash(self, monkeypatch):
        data = GOOD[1].read_bytes()

        assert run("-", stdin=data, monkeypatch=monkeypatch) == (0, summary(created=1), "")
        assert Issue.objects.get().source_text == data.decode("utf-8")

    def test_bad_standard_input_is_named_stdin(self, monkeypatch):
        assert run("-", stdin=b"\xc3(", monkeypatch=monkeypatch) == (
            1,
            summary(failed=1),
            "<stdin>: not UTF-8 (invalid byte at offset 0)\n",
        )

    def test_the_source_text_is_stored_as_decoded(self):
        path = GOOD_DIR / "603_bom_crlf.txt"

        run(path)

        issue = Issue.objects.get()
        assert issue.source_text == path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        assert issue.subtitle == "Windows line endings and a BOM"

    def test_verbosity_2_reports_each_file(self):
        code, out, _ = run(*GOOD, "-v", "2")

        assert code == 0
        assert out == (
            f"{GOOD[0]}: issue #601 created\n{GOOD[1]}: issue #602 created\n" + summary(created=2)
        )

    def test_a_progress_bar_only_on_a_terminal(self, tmp_path, monkeypatch):
        for number in range(800, 820):
            (tmp_path / f"{number}.txt").write_text(f"Deep Learning Weekly Issue #{number}\n")

        assert run(tmp_path)[2] == ""  # not a terminal: no bar

        monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
        code, out, err = run(tmp_path)

        assert (code, out) == (0, summary(unchanged=20))
        assert err.endswith(f"\r[{'#' * 30}] 20/20\n")
        assert err.count("\r[") == 20


@pytest.mark.django_db
class TestDryRun:
    def test_nothing_is_written(self):
        assert run("--dry-run", GOOD_DIR) == (
            0,
            "dry run: would have " + summary(created=3),
            "",
        )
        assert set(row_counts().values()) == {0}

    def test_an_update_is_only_reported(self, tmp_path):
        run(GOOD[0])
        before = row_counts()
        changed = tmp_path / "601.txt"
        changed.write_text(GOOD[0].read_text().replace("at scale.", "at a larger scale."))

        assert run("--dry-run", "--update", changed) == (
            0,
            "dry run: would have " + summary(updated=1),
            "",
        )
        assert row_counts() == before
        assert Issue.objects.get().source_text == GOOD[0].read_text()

    def test_bad_files_still_fail(self):
        code, out, err = run("--dry-run", BAD_DIR / "empty.txt", GOOD[0])

        assert (code, out, err) == (
            1,
            "dry run: would have " + summary(created=1, failed=1),
            f"{BAD_DIR / 'empty.txt'}: empty file\n",
        )
        assert Issue.objects.count() == 0


@requires_seeds
@pytest.mark.django_db
def test_importing_the_seeds_twice_is_idempotent():
    seeds = seed_files()

    assert run(*seeds) == (0, summary(created=5), "")
    first = row_counts()
    stamps = sorted(Item.objects.values_list("pk", "updated_at"))

    assert run(*seeds) == (0, summary(unchanged=5), "")
    assert row_counts() == first
    assert sorted(Item.objects.values_list("pk", "updated_at")) == stamps
    assert first["Issue"] == 5 and first["IssueRevision"] == 0
    assert first["Item"] == sum(
        len(section.items) for path in seeds for section in _parse(path).sections
    )


def _parse(path):
    from issues.parsing import parse_bytes

    return parse_bytes(path.read_bytes())


@pytest.mark.django_db
class TestChangedText:
    TITLELESS = "A startup raises funding to label medical images with active learning."

    def changed(self, tmp_path):
        path = tmp_path / "602.txt"
        path.write_text(
            GOOD[1].read_text().replace("A shorter issue this week", "A short issue this week")
        )
        return path

    def test_without_update_it_is_refused_in_one_line(self, tmp_path):
        run(GOOD[1])
        before = row_counts()
        path = self.changed(tmp_path)

        assert run(path, GOOD[0]) == (
            1,
            summary(created=1, failed=1),
            f"{path}: issue #602 already exists with different text; import it with update "
            "to replace it (the current text is kept as a revision)\n",
        )
        assert Issue.objects.get(number=602).source_text == GOOD[1].read_text()
        assert row_counts()["IssueRevision"] == before["IssueRevision"] == 0
        assert numbers() == [601, 602]

    def test_update_keeps_the_old_text_and_what_staff_filled_in(self, tmp_path):
        run(GOOD[1])
        titleless = Item.objects.get(blurb=self.TITLELESS)
        titleless.title = "Startup labels medical images with active learning"
        titleless.url = "https://example.com/labels"
        titleless.save()
        weather = Item.objects.get(title="Diffusion models for weather")
        weather.url = "https://example.com/weather"
        weather.save()
        path = self.changed(tmp_path)

        assert run("--update", path) == (0, summary(updated=1), "")

        issue = Issue.objects.get()
        assert issue.intro.startswith("Hey folks,\n\nA short issue this week")
        assert list(issue.revisions.values_list("source_text", flat=True)) == [GOOD[1].read_text()]
        titleless = Item.objects.get(blurb=self.TITLELESS)
        assert (titleless.title, titleless.url) == (
            "Startup labels medical images with active learning",
            "https://example.com/labels",
        )
        assert Item.objects.get(title="Diffusion models for weather").url == (
            "https://example.com/weather"
        )
        assert Item.objects.filter(issue=issue).count() == 6

    def test_update_of_the_same_text_is_unchanged(self):
        run(GOOD[1])

        assert run("--update", GOOD[1]) == (0, summary(unchanged=1), "")
        assert IssueRevision.objects.count() == 0

    def test_every_update_adds_a_revision(self, tmp_path):
        run(GOOD[1])
        first = self.changed(tmp_path)
        run("--update", first)
        second = tmp_path / "602b.txt"
        second.write_text(first.read_text().replace("everywhere", "almost everywhere"))

        assert run("--update", second) == (0, summary(updated=1), "")
        assert list(
            IssueRevision.objects.order_by("pk").values_list("source_text", flat=True)
        ) == [GOOD[1].read_text(), first.read_text()]


@pytest.mark.django_db
class TestBadFiles:
    @pytest.mark.parametrize("name", sorted(BAD_REASONS))
    def test_each_bad_file_gets_one_line_and_exit_1(self, name):
        path = BAD_DIR / name

        assert run(path) == (1, summary(failed=1), f"{path}: {BAD_REASONS[name]}\n")
        assert set(row_counts().values()) == {0}

    def test_good_files_in_the_same_run_are_stored(self, tmp_path):
        oversized = tmp_path / "oversized.txt"
        oversized.write_text(
            "Deep Learning Weekly Issue #699\n\nToo big\n\n" + "A long blurb. " * 400
        )
        missing = tmp_path / "missing.txt"

        code, out, err = run(
            "--max-bytes", 4096, BAD_DIR, GOOD_DIR, oversized, missing, BAD_DIR / "empty.txt"
        )

        assert (code, out) == (1, summary(created=3, failed=8))
        assert err.splitlines() == [
            *(f"{BAD_DIR / name}: {reason}" for name, reason in sorted(BAD_REASONS.items())),
            f"{oversized}: file is over the size limit of 4,096 bytes",
            f"{missing}: No such file or directory",
            f"{BAD_DIR / 'empty.txt'}: empty file",
        ]
        assert numbers() == [601, 602, 603]
        assert not Issue.objects.filter(number__in=[611, 612, 699]).exists()

    def test_a_database_error_is_one_line_and_the_other_files_are_stored(self):
        # A real error from PostgreSQL, as a full disk or a timeout would raise one.
        with connection.cursor() as cursor:
            cursor.execute(REFUSE_ISSUE_602)

        code, out, err = run(*GOOD)

        assert (code, out) == (1, summary(created=1, failed=1))
        assert err == f"{GOOD[1]}: issue #602 could not be stored: no room for #602\n"
        assert numbers() == [601]

    def test_a_failed_word_count_after_a_bulk_import_is_one_line(self):
        with connection.cursor() as cursor:
            cursor.execute(REFUSE_NEW_WORDS)

        code, out, err = run(*GOOD)

        assert (code, out) == (1, summary(created=2))
        assert err == (
            "the issues are stored, but their words were not counted for spelling "
            "suggestions (no new words today): run manage.py rebuild_words\n"
        )
        assert numbers() == [601, 602]
        assert not Word.objects.exists()

    def test_the_default_size_limit_is_two_mebibytes(self, tmp_path):
        path = tmp_path / "huge.txt"
        path.write_bytes(b"Deep Learning Weekly Issue #700\n\n" + b"x" * (2 * 1024 * 1024))

        assert run(path) == (
            1,
            summary(failed=1),
            f"{path}: file is over the size limit of 2,097,152 bytes\n",
        )
        assert Issue.objects.count() == 0

    def test_a_file_at_the_limit_is_accepted(self, tmp_path):
        path = tmp_path / "exact.txt"
        path.write_bytes(GOOD[0].read_bytes())

        assert run("--max-bytes", path.stat().st_size, path) == (0, summary(created=1), "")
