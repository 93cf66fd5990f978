"""Properties of the parser over generated input: it answers every text with an issue
or a ParseError, line endings never matter, and a parse is always well formed."""

import json
import re
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from issues.parsing import (
    CANONICAL_SECTIONS,
    KIND_ARTICLE,
    KIND_PAPER,
    KIND_REPO,
    ParsedIssue,
    ParseError,
    parse_bytes,
    parse_issue,
)

# Deterministic and bounded, so the suite is fast and a failure is reproducible.
PROPERTY = settings(
    derandomize=True,
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Lines that mean something to the parser, so generated texts reach every rule
# rather than stopping at "no title line".
MEANINGFUL_LINES = [
    "Deep Learning Weekly Issue #12",
    "Deep Learning Weekly: Issue 7",
    "Hey folks,",
    "Until next week!",
    "Industry",
    "Mobile + Edge",
    "mobile & edge",
    "Learning",
    "Libraries & Code",
    "Papers & Publications",
    "Abstract: a transformer for graphs.",
    "[Github] acme/rocket",
    "acme/rocket: rockets in PyTorch",
    "A blurb about diffusion. (Sponsored Content)",
    "*Sponsored by Acme.",
    "Title with a star*",
    "A guest post by Ada",
    "A plain title",
    "A plain blurb about quantization.",
    " \t\u00a0",
    "\ufeff",
]

line_text = st.one_of(
    st.sampled_from(MEANINGFUL_LINES),
    st.text(
        st.characters(blacklist_characters="\r\n\x00", blacklist_categories=["Cs"]), max_size=30
    ),
)
# Blank lines between non-blank ones decide gaps, so they get drawn often.
issue_like_lines = st.lists(st.one_of(line_text, st.just(""), st.just("")), max_size=80).map(
    lambda lines: ["Deep Learning Weekly Issue #42", "", *lines]
)

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def outcome(parse, data):
    """The parse as a comparable value: its JSON dict, or the ParseError message."""
    try:
        parsed = parse(data)
    except ParseError as exc:
        return ("error", str(exc))
    assert isinstance(parsed, ParsedIssue)
    return ("issue", parsed.to_dict())


def assert_well_formed(parsed: dict) -> None:
    json.dumps(parsed, ensure_ascii=False)
    assert parsed["number"] >= 1
    texts = [parsed["title"], parsed["subtitle"], *parsed["intro"].split("\n\n")]
    for section in parsed["sections"]:
        assert section["name"] in CANONICAL_SECTIONS
        for item in section["items"]:
            assert set(item) == {
                "title",
                "blurb",
                "abstract",
                "kind",
                "sponsored",
                "note",
                "url",
            }
            if section["name"] == "Papers & Publications":
                assert item["kind"] == KIND_PAPER and item["url"] == "" and item["blurb"] == ""
            else:
                assert item["kind"] in (KIND_ARTICLE, KIND_REPO) and item["abstract"] == ""
            if item["kind"] == KIND_REPO:
                assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", item["url"])
            else:
                assert item["url"] == ""
            texts += [item["title"], item["blurb"], item["note"], *item["abstract"].split("\n\n")]
    for text in texts:
        # Folded: no line breaks, controls or untrimmed ends survive into a field.
        assert text == text.strip()
        assert not CONTROL.search(text)
        assert "  " not in text


@PROPERTY
@given(st.text())
def test_any_text_is_an_issue_or_a_parse_error(text):
    kind, value = outcome(parse_issue, text)

    if kind == "issue":
        assert_well_formed(value)


@PROPERTY
@given(issue_like_lines.map("\n".join))
def test_issue_like_text_is_always_a_well_formed_issue(text):
    kind, value = outcome(parse_issue, text)

    assert kind == "issue"
    assert_well_formed(value)


@PROPERTY
@given(issue_like_lines, st.sampled_from(["\r\n", "\r"]))
def test_line_endings_never_change_the_parse(lines, ending):
    unix = outcome(parse_issue, "\n".join(lines))

    assert outcome(parse_issue, ending.join(lines)) == unix
    assert outcome(parse_issue, ending.join(lines) + ending) == unix


@PROPERTY
@given(issue_like_lines, st.sampled_from(["\n", "\r\n", "\r"]))
def test_mixed_line_endings_parse_like_one_kind(lines, ending):
    # Cycle the three endings through the text. In this order a "\r" is never followed
    # by a "\n" (which would make one "\r\n" of two breaks), so the breaks are the same.
    endings = ["\r", "\r\n", "\n"]
    mixed = "".join(line + endings[index % 3] for index, line in enumerate(lines))

    assert outcome(parse_issue, mixed) == outcome(parse_issue, ending.join(lines) + ending)


@PROPERTY
@given(st.binary(max_size=2000))
def test_any_bytes_are_an_issue_or_a_parse_error(data):
    kind, value = outcome(parse_bytes, data)

    if kind == "issue":
        assert_well_formed(value)


@PROPERTY
@given(issue_like_lines)
def test_bytes_and_text_parse_the_same(lines):
    text = "\n".join(lines)

    assert outcome(parse_bytes, text.encode("utf-8")) == outcome(parse_issue, text)
    assert outcome(parse_bytes, b"\xef\xbb\xbf" + text.encode("utf-8")) == outcome(
        parse_issue, text
    )


@PROPERTY
@given(issue_like_lines, st.integers(min_value=0, max_value=4000))
def test_the_size_limit_is_exact(lines, limit):
    data = "\n".join(lines).encode("utf-8")
    kind, value = outcome(lambda raw: parse_bytes(raw, max_bytes=limit), data)

    if len(data) > limit:
        assert (kind, value) == ("error", f"file is over the size limit of {limit:,} bytes")
    else:
        assert kind == "issue"


def test_pathological_inputs_parse_in_linear_time():
    # Shapes that would be quadratic in a naive parser: every paragraph a header
    # (26,000 of them here), every paragraph after a hole, one enormous line,
    # papers with no abstracts, footnotes everywhere. Half a MiB keeps it quick.
    size = 512 * 1024
    shapes = {
        "headers": ("", "Industry\n\nLearning\n\n"),
        "holes": ("", "Title\n\n\nBlurb\n\n\n"),
        "one line": ("", "word "),
        "papers": ("Papers & Publications\n\n", "Paper\n\n"),
        "stripped authors": ("Papers & Publications\n\n", "Paper\n\n\nAbstract\n\n"),
        "footnotes": ("", "T\n\nB\n\n*Sponsored\n\n"),
    }
    for name, (prefix, unit) in shapes.items():
        text = "Deep Learning Weekly Issue #1\n\n" + prefix + unit * (size // len(unit))
        start = time.perf_counter()
        parse_issue(text)
        elapsed = time.perf_counter() - start
        # About 0.3 s each on the 2-core machine; the quadratic one took minutes.
        assert elapsed < 5, f"{name}: {elapsed:.1f} s"
