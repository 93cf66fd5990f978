"""Parse one newsletter issue from its plain-text form (see FORMAT.md).

Plain Python with no Django import, so it can be tested and reused without a
database. The text is an e-mail rendered to text with every hyperlink removed;
removing a link removed its whole line, so the parser reads the *gaps* (runs of
blank lines) as well as the words:

>>> issue = parse_issue("Deep Learning Weekly Issue #7\\n\\nSubtitle\\n\\nIndustry\\n\\nA\\n\\nB")
>>> issue.number, issue.subtitle, issue.sections[0].items[0].title
(7, 'Subtitle', 'A')

Where FORMAT.md is silent, this module reads it so (tests/test_parsing_rules.py):
- the title line is case-insensitive, with an ASCII number from 1 to 999,999,999;
- a header is never a subtitle, and a header ends the intro like a hole does; the
  intro also ends at a paragraph that ends with a capitalised "Until next week!";
- a section with no item yet cannot end, so a hole right after a header (or after
  the intro) is not a stripped header; when no canonical name fits, the even run
  stays in its section;
- an odd run that does not start with a hole (right after a header) keeps pairing
  from its first paragraph, so its last title has no blurb;
- footnotes never start a run, never count in its parity, and are skipped when a
  paper paragraph looks at "the paragraph after it"; a run of stars ("**") counts
  as one marker;
- the implied Industry section is left out when it has no paragraph; an explicit
  header with nothing under it is an empty section;
- control characters are dropped, except those Python counts as whitespace,
  which fold like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DEFAULT_MAX_BYTES = 2 * 1024 * 1024

INDUSTRY = "Industry"
MOBILE_EDGE = "Mobile & Edge"
LEARNING = "Learning"
LIBRARIES = "Libraries & Code"
PAPERS = "Papers & Publications"
CANONICAL_SECTIONS = (INDUSTRY, MOBILE_EDGE, LEARNING, LIBRARIES, PAPERS)
HEADER_ALIASES = {name.lower(): name for name in CANONICAL_SECTIONS} | {
    "mobile + edge": MOBILE_EDGE,
}

KIND_ARTICLE, KIND_REPO, KIND_PAPER = "article", "repo", "paper"

# [0-9], not \d: \d also matches other scripts' digits, which are not an issue number.
TITLE_LINE = re.compile(
    r"deep\s+learning\s+weekly\s*:?\s*issue\s*#?\s*([0-9]{1,9})", re.IGNORECASE
)
GITHUB_TITLE = re.compile(
    r"\[github\]\s*([A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+)", re.IGNORECASE
)
REPO_PREFIX = re.compile(r"([A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+): ")
SPONSORED_MARK = re.compile(r"\s*\(sponsored content\)\s*$", re.IGNORECASE)
LINE_BREAK = re.compile(r"\r\n|\r|\n")
WHITESPACE = re.compile(r"\s+")
# C0/C1 controls carry no meaning in a rendered e-mail, and search snippets may use
# some as highlight markers, so they never reach storage. Those Python counts as
# whitespace (\v \f \x1c-\x1f \x85) are left for the whitespace fold instead, so
# "a\fb" reads "a b" as FORMAT.md's "every run of whitespace" asks.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")

INTRO_START = "hey folks,"
INTRO_END = "until next week"
ABSTRACT_PREFIX = "abstract:"
TRAILER_PREFIX = "a guest post by"
FOOTNOTE_PREFIX = "*"


class ParseError(ValueError):
    """The text is not an issue; the message says why in one line."""


@dataclass
class ParsedItem:
    title: str
    blurb: str = ""
    abstract: str = ""
    kind: str = KIND_ARTICLE
    sponsored: bool = False
    note: str = ""
    url: str = ""

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "blurb": self.blurb,
            "abstract": self.abstract,
            "kind": self.kind,
            "sponsored": self.sponsored,
            "note": self.note,
            "url": self.url,
        }


@dataclass
class ParsedSection:
    name: str
    items: list[ParsedItem] = field(default_factory=list)
    # True when the header was stripped from the text and its name was inferred.
    header_inferred: bool = False

    def to_dict(self) -> dict:
        return {"name": self.name, "items": [item.to_dict() for item in self.items]}


@dataclass
class ParsedIssue:
    number: int
    title: str
    subtitle: str = ""
    intro: str = ""
    sections: list[ParsedSection] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The JSON shape of FORMAT.md, keys in its order."""
        return {
            "number": self.number,
            "title": self.title,
            "subtitle": self.subtitle,
            "intro": self.intro,
            "sections": [section.to_dict() for section in self.sections],
        }

    @property
    def items(self) -> list[ParsedItem]:
        return [item for section in self.sections for item in section.items]


@dataclass(frozen=True)
class Paragraph:
    text: str
    gap: int  # blank lines before it; 2 or more marks a hole in the text

    @property
    def is_hole(self) -> bool:
        return self.gap >= 2

    @property
    def is_footnote(self) -> bool:
        return self.text.startswith(FOOTNOTE_PREFIX)

    @property
    def header(self) -> str | None:
        return HEADER_ALIASES.get(self.text.lower())


def decode(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Bytes of a file to text, refusing what FORMAT.md calls bad input."""
    if len(data) > max_bytes:
        raise ParseError(f"file is over the size limit of {max_bytes:,} bytes")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Its NUL bytes would otherwise call it binary, which sends the reader astray.
        raise ParseError("not UTF-8 (it is UTF-16: save it as UTF-8)")
    if b"\x00" in data:
        raise ParseError("binary file (it contains a NUL byte)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8 (invalid byte at offset {exc.start})") from None
    return text.removeprefix("\ufeff")


def parse_bytes(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedIssue:
    return parse_issue(decode(data, max_bytes))


def parse_issue(text: str) -> ParsedIssue:
    """Parse the text of one issue; raise ParseError when it is not one."""
    if "\x00" in text:
        raise ParseError("binary file (it contains a NUL byte)")
    if SURROGATE.search(text):
        # Only a str handed in directly can hold one (UTF-8 bytes never decode to it),
        # and neither PostgreSQL nor the source hash could take it.
        raise ParseError("not valid Unicode text (it contains a lone surrogate)")
    paragraphs = split_paragraphs(text.removeprefix("\ufeff"))
    if not paragraphs:
        raise ParseError("empty file")
    match = TITLE_LINE.fullmatch(paragraphs[0].text)
    if not match:
        first = paragraphs[0].text[:60]
        raise ParseError(f"no title line: expected 'Deep Learning Weekly Issue #N', got {first!r}")
    number = int(match.group(1))
    if number < 1:
        raise ParseError("issue number must be 1 or more")
    issue = ParsedIssue(number=number, title=paragraphs[0].text)

    rest = paragraphs[1:]
    if rest and not _starts_intro(rest[0]) and rest[0].header is None:
        issue.subtitle = rest.pop(0).text
    intro, rest = _split_intro(rest)
    issue.intro = "\n\n".join(p.text for p in intro)
    if rest and rest[-1].text.lower().startswith(TRAILER_PREFIX):
        rest = rest[:-1]
    issue.sections = _parse_sections(rest)
    return issue


def split_paragraphs(text: str) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    lines: list[str] = []
    blanks = 0
    for line in LINE_BREAK.split(text):
        line = CONTROL_CHARS.sub("", line)
        if line.strip():
            lines.append(line)
            continue
        if lines:
            paragraphs.append(Paragraph(_fold(" ".join(lines)), blanks))
            lines, blanks = [], 0
        blanks += 1
    if lines:
        paragraphs.append(Paragraph(_fold(" ".join(lines)), blanks))
    return paragraphs


def _fold(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


def _starts_intro(paragraph: Paragraph) -> bool:
    return paragraph.text.lower().startswith(INTRO_START)


def _ends_intro(paragraph: Paragraph) -> bool:
    # Its own paragraph in every seed; a sign-off run into the paragraph before it
    # ("Happy reading. Until next week!") ends the intro just the same, but only
    # capitalised as a sign-off, so "the sale runs until next week!" does not.
    return paragraph.text.lower().startswith(INTRO_END) or paragraph.text.endswith(
        "Until next week!"
    )


def _split_intro(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[Paragraph]]:
    """The intro runs from 'Hey folks,' to 'Until next week!', or to the first hole."""
    if not paragraphs or not _starts_intro(paragraphs[0]):
        return [], paragraphs
    end = 1
    if not _ends_intro(paragraphs[0]):
        for end, paragraph in enumerate(paragraphs[1:], start=1):
            if paragraph.is_hole or paragraph.header:
                break
            if _ends_intro(paragraph):
                end += 1
                break
        else:
            end = len(paragraphs)
    return paragraphs[:end], paragraphs[end:]


def _parse_sections(paragraphs: list[Paragraph]) -> list[ParsedSection]:
    """Split the body into sections by explicit headers, then read each one."""
    chunks: list[tuple[str, list[Paragraph]]] = [(INDUSTRY, [])]
    for paragraph in paragraphs:
        if paragraph.header:
            chunks.append((paragraph.header, []))
        else:
            chunks[-1][1].append(paragraph)
    if not chunks[0][1]:
        # The implied Industry holds nothing: the body is empty, or it starts with an
        # explicit header (which then names the first section itself).
        chunks.pop(0)

    # Every explicit header counts as used from the start, so an inferred name never
    # repeats one written further down. One set for the whole issue keeps this linear
    # even for a file of nothing but headers.
    used = {name for name, _ in chunks}
    sections: list[ParsedSection] = []
    for index, (name, body) in enumerate(chunks):
        following = chunks[index + 1][0] if index + 1 < len(chunks) else None
        sections.extend(_read_section(name, body, following, used))
    return sections


def _read_section(
    name: str, body: list[Paragraph], following: str | None, used: set[str]
) -> list[ParsedSection]:
    """One explicit section, which may split into more where headers were stripped.

    `following` is the next explicit header (None at the end); `used` holds every
    section name taken so far, and gets the names inferred here.
    """
    section = ParsedSection(name)
    sections = [section]
    if name == PAPERS:
        section.items = _read_papers(body)
        return sections
    next_index = CANONICAL_SECTIONS.index(following) if following else len(CANONICAL_SECTIONS)
    for run in _runs(body):
        entries = [p for p in run if not p.is_footnote]
        starts_hole = run[0].is_hole and not run[0].is_footnote
        # A section that has no item yet cannot end: a hole right after a header (or
        # after the intro) is a stripped line, not a stripped header.
        if starts_hole and section.items and len(entries) % 2 == 0:
            inferred = _name_between(section.name, next_index, used)
            if inferred:
                used.add(inferred)
                section = ParsedSection(inferred, header_inferred=True)
                sections.append(section)
                if inferred == PAPERS:
                    section.items = _read_papers(_rest_from(body, run))
                    return sections
        # Only a hole can stand for a stripped title. An odd run that follows a header
        # directly (gap 1) starts with a title, so its last title lacks a blurb instead.
        titleless_first = starts_hole and len(entries) % 2 == 1
        section.items.extend(_read_pairs(run, titleless_first=titleless_first))
    return sections


def _rest_from(body: list[Paragraph], run: list[Paragraph]) -> list[Paragraph]:
    start = next(i for i, p in enumerate(body) if p is run[0])
    return body[start:]


def _name_between(previous: str, next_index: int, used: set[str]) -> str | None:
    start = CANONICAL_SECTIONS.index(previous) + 1
    for candidate in CANONICAL_SECTIONS[start:next_index]:
        if candidate not in used:
            return candidate
    return None


def _runs(body: list[Paragraph]) -> list[list[Paragraph]]:
    """Cut a section body at every hole: each run starts at a hole (or the start)."""
    runs: list[list[Paragraph]] = []
    for paragraph in body:
        if not runs or (paragraph.is_hole and not paragraph.is_footnote):
            runs.append([])
        runs[-1].append(paragraph)
    return runs


def _read_pairs(run: list[Paragraph], titleless_first: bool) -> list[ParsedItem]:
    """Title then blurb, pair by pair; an odd run lost the title of its first item."""
    items: list[ParsedItem] = []
    pending: str | None = None
    for paragraph in run:
        if paragraph.is_footnote and items and pending is None:
            _add_footnote(items[-1], paragraph.text)
        elif titleless_first and not items and pending is None:
            items.append(ParsedItem(title="", blurb=paragraph.text))
        elif pending is None:
            pending = paragraph.text
        else:
            items.append(ParsedItem(title=pending, blurb=paragraph.text))
            pending = None
    if pending is not None:
        items.append(ParsedItem(title=pending))
    return [_finish(item) for item in items]


def _read_papers(body: list[Paragraph]) -> list[ParsedItem]:
    """A title, then abstract paragraphs until the next title.

    A paragraph is the next title when the one after it starts with 'Abstract:'
    or has a hole before it (the stripped author line).
    """
    items: list[ParsedItem] = []
    abstracts: list[list[str]] = []
    # A footnote is no paper's text, so "the paragraph after" skips footnotes: one
    # after an abstract must not turn that abstract into a title.
    afters: list[Paragraph | None] = [None] * len(body)
    following: Paragraph | None = None
    for index in range(len(body) - 1, -1, -1):
        afters[index] = following
        if not body[index].is_footnote:
            following = body[index]
    for paragraph, after in zip(body, afters, strict=True):
        if paragraph.is_footnote and items:
            _add_footnote(items[-1], paragraph.text)
        elif not items or (
            after is not None
            and not paragraph.text.lower().startswith(ABSTRACT_PREFIX)
            and (after.text.lower().startswith(ABSTRACT_PREFIX) or after.is_hole)
        ):
            items.append(ParsedItem(title=paragraph.text, kind=KIND_PAPER))
            abstracts.append([])
        else:
            text = paragraph.text
            if text.lower().startswith(ABSTRACT_PREFIX):
                text = text[len(ABSTRACT_PREFIX) :].strip()
            abstracts[-1].append(text)
    for item, parts in zip(items, abstracts, strict=True):
        item.abstract = "\n\n".join(part for part in parts if part)
    return [_finish(item) for item in items]


def _add_footnote(item: ParsedItem, text: str) -> None:
    # A second footnote in an issue is often marked "**": all the stars go.
    note = text.lstrip(FOOTNOTE_PREFIX).strip()
    item.note = f"{item.note}\n\n{note}" if item.note else note
    item.title = item.title.rstrip(FOOTNOTE_PREFIX).rstrip()
    if "sponsored" in note.lower():
        item.sponsored = True


def _finish(item: ParsedItem) -> ParsedItem:
    """Apply the per-item rules: sponsored marker, repository kind and url."""
    for attribute in ("blurb", "abstract"):
        text = getattr(item, attribute)
        marked = SPONSORED_MARK.search(text)
        if marked:
            setattr(item, attribute, text[: marked.start()])
            item.sponsored = True
    if item.kind == KIND_PAPER:
        return item
    github = GITHUB_TITLE.fullmatch(item.title)
    if github:
        item.title = github.group(1)
    repo = github or REPO_PREFIX.match(item.title)
    if repo:
        item.kind = KIND_REPO
        item.url = f"https://github.com/{repo.group(1)}"
    return item
