"""`python manage.py parse_issue FILE`: the FORMAT.md JSON on stdout, or `FILE: reason`."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import FIXTURES_DIR, requires_seeds, seed_files

GOOD = sorted((FIXTURES_DIR / "good").glob("*.txt"))
PROJECT = Path(__file__).resolve().parent.parent


def run(*args) -> tuple[int, str, str]:
    """The command in-process: (exit code, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("parse_issue", *map(str, args), stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def run_process(*args, stdin: bytes = b"", **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "parse_issue", *map(str, args)],
        cwd=PROJECT,
        input=stdin,
        capture_output=True,
        env=os.environ | env,
        timeout=60,
        check=False,
    )


def expected_json(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def test_the_fixtures_are_there():
    assert [path.name for path in GOOD] == [
        "601_edge_and_repos.txt",
        "602_footnote_and_holes.txt",
        "603_bom_crlf.txt",
    ]


@pytest.mark.parametrize("path", GOOD, ids=lambda path: path.stem)
def test_it_prints_the_json_of_a_good_file_and_exits_0(path):
    code, out, err = run(path)

    assert (code, err) == (0, "")
    assert json.loads(out) == expected_json(path)


def test_the_json_keeps_non_ascii_characters_literally():
    code, out, _ = run(FIXTURES_DIR / "good" / "601_edge_and_repos.txt")

    assert code == 0
    assert '"title": "Robot baristas reach Zürich"' in out
    assert "espresso — and" in out
    assert "\\u" not in out


def test_the_keys_come_in_format_md_order():
    _, out, _ = run(FIXTURES_DIR / "good" / "601_edge_and_repos.txt")
    parsed = json.loads(out)

    assert list(parsed) == ["number", "title", "subtitle", "intro", "sections"]
    assert list(parsed["sections"][0]) == ["name", "items"]
    assert list(parsed["sections"][0]["items"][0]) == [
        "title",
        "blurb",
        "abstract",
        "kind",
        "sponsored",
        "note",
        "url",
    ]


@requires_seeds
@pytest.mark.parametrize("path", seed_files(), ids=lambda path: path.stem)
def test_each_seed_prints_its_json(path):
    code, out, err = run(path)

    assert (code, err) == (0, "")
    assert json.loads(out) == expected_json(path)


def test_the_output_is_utf8_bytes_even_under_a_latin1_locale():
    result = run_process(
        FIXTURES_DIR / "good" / "601_edge_and_repos.txt", PYTHONIOENCODING="latin-1"
    )

    assert result.returncode == 0, result.stderr
    assert '"title": "Robot baristas reach Zürich"'.encode() in result.stdout
    assert json.loads(result.stdout.decode("utf-8"))["number"] == 601


def test_it_reads_standard_input_for_a_dash():
    data = (FIXTURES_DIR / "good" / "602_footnote_and_holes.txt").read_bytes()

    result = run_process("-", stdin=data)

    assert (result.returncode, result.stderr) == (0, b"")
    assert json.loads(result.stdout) == expected_json(
        FIXTURES_DIR / "good" / "602_footnote_and_holes.txt"
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty file"),
        ("whitespace_only.txt", "empty file"),
        ("binary.txt", "binary file (it contains a NUL byte)"),
        ("latin1.txt", "not UTF-8 (invalid byte at offset 36)"),
        (
            "no_title.txt",
            "no title line: expected 'Deep Learning Weekly Issue #N', "
            "got 'The Weekly Robot Digest'",
        ),
    ],
)
def test_a_bad_file_prints_one_line_naming_it_and_exits_1(name, reason):
    path = FIXTURES_DIR / "bad" / name

    assert run(path) == (1, "", f"{path}: {reason}\n")


def test_an_oversized_file_is_refused_at_the_default_limit(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Deep Learning Weekly Issue #700\n\n" + b"x" * (2 * 1024 * 1024))

    assert run(path) == (1, "", f"{path}: file is over the size limit of 2,097,152 bytes\n")


def test_max_bytes_sets_the_limit(tmp_path):
    path = tmp_path / "small.txt"
    data = b"Deep Learning Weekly Issue #701\n\nA subtitle\n"
    path.write_bytes(data)

    assert run(path, "--max-bytes", len(data) - 1) == (
        1,
        "",
        f"{path}: file is over the size limit of {len(data) - 1:,} bytes\n",
    )
    assert run(path, "--max-bytes", len(data))[0] == 0


def test_a_missing_file_and_a_directory_get_one_line(tmp_path):
    missing = tmp_path / "nope.txt"

    assert run(missing) == (1, "", f"{missing}: No such file or directory\n")
    assert run(tmp_path) == (1, "", f"{tmp_path}: Is a directory\n")


def test_a_bad_file_in_a_real_process_prints_no_traceback():
    path = FIXTURES_DIR / "bad" / "binary.txt"

    result = run_process(path)

    assert result.returncode == 1
    assert result.stdout == b""
    assert result.stderr.decode() == f"{path}: binary file (it contains a NUL byte)\n"
