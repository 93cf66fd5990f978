"""Store parsed issues: one transaction per issue, idempotent, nothing ever lost.

`import_text()` is the single way text becomes rows, used by the import_issues
command, the admin upload and the API, so they all follow the same rules.
"""

import functools
import hashlib
from dataclasses import dataclass
from enum import StrEnum

from django.db import DatabaseError, connection, transaction

from issues import cache
from issues.batch import batch_transaction
from issues.models import Issue, IssueRevision, Item, ItemTag, Section, Tag, TagSource
from issues.parsing import ParsedIssue, ParseError, parse_issue
from issues.tagging import Vocabulary

# PostgreSQL refuses a tsvector over 1 MiB; well before that an item is not a blurb.
MAX_ITEM_TEXT_BYTES = 256 * 1024


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


class ImportRefused(Exception):
    """The text parsed but cannot be stored; the message says why in one line."""


class IssueExists(ImportRefused):
    """The issue number exists with other text and no update was asked for."""


@dataclass
class ImportResult:
    outcome: Outcome
    number: int
    issue: Issue | None = None  # None on a dry run

    def __str__(self) -> str:
        return f"issue #{self.number} {self.outcome}"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def import_text(
    text: str, *, update: bool = False, dry_run: bool = False, bulk: bool = False
) -> ImportResult:
    """Parse and store one issue's text.

    Raises ParseError for text that is not an issue and ImportRefused for one
    that cannot be stored; in both cases nothing is written.

    A bulk import (bulk=True) of files that stay on disk skips the vocabulary,
    for one count_words_of() over all its issues at the end, and does not wait
    for each commit to reach the disk: an OS crash may lose the last few
    commits (re-running the import restores them), never half an issue.
    """
    count_words = not bulk
    parsed = parse_issue(text)
    check_storable(parsed)
    digest = sha256(text)
    try:
        with transaction.atomic():
            # Serialise imports of one issue number across processes, so two
            # concurrent imports give one issue and a clean answer for the other.
            with connection.cursor() as cursor:
                cursor.execute(
                    """SELECT pg_advisory_xact_lock(%s, %s), set_config('synchronous_commit',
                           CASE WHEN %s THEN 'off' ELSE current_setting('synchronous_commit') END,
                           true)""",
                    [0x1550E, parsed.number, bulk],
                )
            existing = Issue.objects.select_for_update().filter(number=parsed.number).first()
            if existing and existing.source_sha256 == digest:
                return ImportResult(Outcome.UNCHANGED, parsed.number, existing)
            if existing and not update:
                raise IssueExists(
                    f"issue #{parsed.number} already exists with different text; "
                    "import it with update to replace it (the current text is kept as a revision)"
                )
            if dry_run:
                outcome = Outcome.UPDATED if existing else Outcome.CREATED
                return ImportResult(outcome, parsed.number)
            if existing:
                issue = _replace(existing, parsed, text, digest, count_words)
                cache.bump_version()
                return ImportResult(Outcome.UPDATED, parsed.number, issue)
            issue = Issue.objects.create(
                number=parsed.number,
                title=parsed.title,
                subtitle=parsed.subtitle,
                intro=parsed.intro,
                source_text=text,
                source_sha256=digest,
            )
            _store_sections(issue, parsed, carried={}, count_words=count_words)
            cache.bump_version()
            return ImportResult(Outcome.CREATED, parsed.number, issue)
    except DatabaseError as exc:
        # Errors the checks above did not foresee (a constraint, a lost connection)
        # still get one line; the transaction has rolled everything back.
        raise ImportRefused(
            f"issue #{parsed.number} could not be stored: {_first_line(exc)}"
        ) from exc


def check_storable(parsed: ParsedIssue) -> None:
    for position, item in enumerate(parsed.items, start=1):
        size = sum(len(text.encode("utf-8")) for text in (item.title, item.blurb, item.abstract))
        if size > MAX_ITEM_TEXT_BYTES:
            raise ImportRefused(
                f"item {position} is {size:,} bytes of text, over the {MAX_ITEM_TEXT_BYTES:,} "
                "bytes an item may have to be indexed for search"
            )


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _replace(
    issue: Issue, parsed: ParsedIssue, text: str, digest: str, count_words: bool
) -> Issue:
    """Re-parse into an existing issue, keeping its old text and what staff added."""
    IssueRevision.objects.create(
        issue=issue, source_text=issue.source_text, source_sha256=issue.source_sha256
    )
    carried = _staff_additions(issue)
    _forget_words(issue)
    issue.sections.all().delete()
    issue.title = parsed.title
    issue.subtitle = parsed.subtitle
    issue.intro = parsed.intro
    issue.source_text = text
    issue.source_sha256 = digest
    issue.save()
    _store_sections(issue, parsed, carried, count_words)
    return issue


def _normal(text: str) -> str:
    return " ".join(text.split()).lower()


def _staff_additions(issue: Issue) -> dict[str, dict]:
    """Titles, urls and notes staff filled in, and tags staff added, by item.

    Each item is findable by its title and by its text, since an update may
    change either (and a stripped title is filled in only by staff).
    """
    carried: dict[str, dict] = {}
    for item in issue.items.prefetch_related("item_tags"):
        additions = {
            "title": item.title,
            "url": item.url,
            "note": item.note,
            "staff_tags": [
                it.tag_id for it in item.item_tags.all() if it.source == TagSource.STAFF
            ],
        }
        carried.setdefault("text:" + _normal(item.blurb or item.abstract), additions)
        if item.title:
            carried.setdefault("title:" + _normal(item.title), additions)
    return carried


def _previous(carried: dict[str, dict], item: Item) -> dict | None:
    by_title = carried.get("title:" + _normal(item.title)) if item.title else None
    return by_title or carried.get("text:" + _normal(item.blurb or item.abstract))


def _store_sections(
    issue: Issue, parsed: ParsedIssue, carried: dict[str, dict], count_words: bool
) -> None:
    sections = Section.objects.bulk_create(
        Section(issue=issue, name=section.name, position=position)
        for position, section in enumerate(parsed.sections, start=1)
    )
    items: list[Item] = []
    staff_tags: list[tuple[int, list[int]]] = []
    for section, parsed_section in zip(sections, parsed.sections, strict=True):
        for position, parsed_item in enumerate(parsed_section.items, start=1):
            item = Item(issue=issue, section=section, position=position, **parsed_item.to_dict())
            previous = _previous(carried, item)
            if previous:
                for field in ("title", "url", "note"):
                    if not getattr(item, field) and previous[field]:
                        setattr(item, field, previous[field])
                staff_tags.append((len(items), previous["staff_tags"]))
            items.append(item)
    # The links by the items' places: each item goes in with its tag ids (Item.tag_ids).
    links = [(index, tag_id, TagSource.STAFF) for index, ids in staff_tags for tag_id in ids]
    staff = {(index, tag_id) for index, tag_id, _ in links}
    matcher = vocabulary()
    links += [
        (index, tag_id, TagSource.AUTO)
        for index, item in enumerate(items)
        for tag_id in matcher.match_item(item)
        if (index, tag_id) not in staff
    ]
    tag_ids: list[list[int]] = [[] for _ in items]
    for index, tag_id, _ in links:
        tag_ids[index].append(tag_id)
    _insert_items(issue, items, [sorted(ids) for ids in tag_ids])
    _insert_links([(items[index].pk, tag_id, source) for index, tag_id, source in links])
    if count_words:
        count_words_of([issue.pk])


# An issue's items and tag links go in as one array per column: bulk_create's
# VALUES list costs more to build in Python, and to parse, than the rows cost
# to store. created_at and updated_at are the statement's time, as auto_now
# would set them. Items come back keyed by their unique (section, position).
_INSERT_ITEMS_SQL = """
INSERT INTO issues_item (issue_id, section_id, position, title, blurb, abstract, kind,
                         sponsored, note, url, tag_ids, created_at, updated_at)
SELECT %s, section_id, position, title, blurb, abstract, kind, sponsored, note, url,
       tag_ids::bigint[], statement_timestamp(), statement_timestamp()
FROM unnest(
    %s::bigint[], %s::smallint[], %s::text[], %s::text[], %s::text[], %s::text[],
    %s::boolean[], %s::text[], %s::text[], %s::text[]
) AS new (section_id, position, title, blurb, abstract, kind, sponsored, note, url, tag_ids)
RETURNING section_id, position, id
"""
_INSERT_LINKS_SQL = """
INSERT INTO issues_itemtag (item_id, tag_id, source, created_at)
SELECT *, statement_timestamp() FROM unnest(%s::bigint[], %s::bigint[], %s::text[])
"""
_ITEM_COLUMNS = ("section_id", "position", "title", "blurb", "abstract", "kind")
_ITEM_COLUMNS += ("sponsored", "note", "url")


def _insert_items(issue: Issue, items: list[Item], tag_ids: list[list[int]]) -> None:
    columns = [[getattr(item, name) for item in items] for name in _ITEM_COLUMNS]
    # Arrays of different lengths, so each goes as the text of an array.
    columns.append(["{" + ",".join(map(str, ids)) + "}" for ids in tag_ids])
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_ITEMS_SQL, [issue.pk, *columns])
        ids = {(section, position): pk for section, position, pk in cursor.fetchall()}
    for item in items:
        item.pk = ids[item.section_id, item.position]
        item._state.adding = False


def _insert_links(links: list[tuple[int, int, str]]) -> None:
    """Store (item id, tag id, source) links."""
    if not links:
        return
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_LINKS_SQL, [list(column) for column in zip(*links, strict=True)])


def vocabulary() -> Vocabulary:
    terms = tuple(Tag.objects.order_by("pk").values_list("pk", "match_terms"))
    return _compiled_vocabulary(terms)


@functools.lru_cache(maxsize=4)
def _compiled_vocabulary(terms: tuple[tuple[int, str], ...]) -> Vocabulary:
    # Compiling the vocabulary's regexes costs more than tagging an issue's items.
    return Vocabulary({pk: match_terms.splitlines() for pk, match_terms in terms})


def auto_tags(items, vocabulary: Vocabulary) -> list[tuple[int, int]]:
    """(item id, tag id) for each tag whose terms an item's text matches."""
    return [(item.pk, tag_id) for item in items for tag_id in vocabulary.match_item(item)]


# The vocabulary counts unstemmed words ('simple' configuration) so suggestions
# are words a reader would type, not stems.
_ISSUE_WORDS_SQL = """
    SELECT word, ndoc FROM ts_stat(format(
        'SELECT to_tsvector(''simple'', title || '' '' || blurb || '' '' || abstract)
         FROM issues_item WHERE issue_id = ANY(%%L)', %s::bigint[]))
    WHERE length(word) BETWEEN 3 AND 100 AND word ~ '^[[:alpha:]][[:alnum:]-]*$'
"""


def count_words_of(issue_ids: list[int]) -> None:
    """Add the words of these (new or re-parsed) issues to the vocabulary."""
    with connection.cursor() as cursor:
        cursor.execute(
            # In word order, so imports counting at once lock shared words in
            # the same order (and wait for each other instead of deadlocking).
            f"""INSERT INTO issues_word (word, ndoc) {_ISSUE_WORDS_SQL} ORDER BY word
                ON CONFLICT (word) DO UPDATE SET ndoc = issues_word.ndoc + EXCLUDED.ndoc""",
            [issue_ids],
        )


def _forget_words(issue: Issue) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE issues_word SET ndoc = GREATEST(issues_word.ndoc - counts.ndoc, 0)
                FROM ({_ISSUE_WORDS_SQL}) AS counts WHERE issues_word.word = counts.word""",  # noqa: S608 (a constant)
            [[issue.pk]],
        )


def rebuild_words() -> int:
    """Recount the whole vocabulary (after admin edits drift it); returns its size."""
    with batch_transaction() as cursor:
        cursor.execute("DELETE FROM issues_word")
        cursor.execute(
            """INSERT INTO issues_word (word, ndoc)
               SELECT word, ndoc FROM ts_stat(
                 'SELECT to_tsvector(''simple'', title || '' '' || blurb || '' '' || abstract)
                  FROM issues_item')
               WHERE length(word) BETWEEN 3 AND 100 AND word ~ '^[[:alpha:]][[:alnum:]-]*$'"""
        )
        return cursor.rowcount


def retag(items=None) -> tuple[int, int]:
    """Re-run automatic tagging; staff tags are never touched.

    Returns (added, removed) counts of automatic tag links.
    """
    queryset = Item.objects.all() if items is None else items
    vocab = vocabulary()
    added = removed = 0
    with transaction.atomic():
        for chunk in _chunks(queryset.only("pk", "title", "blurb", "abstract").order_by("pk")):
            existing = set(
                ItemTag.objects.filter(item__in=chunk).values_list("item_id", "tag_id", "source")
            )
            wanted = set(auto_tags(chunk, vocab))
            have_any = {(item_id, tag_id) for item_id, tag_id, _ in existing}
            stale_auto = {
                (item_id, tag_id)
                for item_id, tag_id, source in existing
                if source == TagSource.AUTO and (item_id, tag_id) not in wanted
            }
            for item_id, tag_id in stale_auto:
                ItemTag.objects.filter(
                    item_id=item_id, tag_id=tag_id, source=TagSource.AUTO
                ).delete()
            new = [
                ItemTag(item_id=item_id, tag_id=tag_id, source=TagSource.AUTO)
                for item_id, tag_id in sorted(wanted - have_any)
            ]
            ItemTag.objects.bulk_create(new)
            added += len(new)
            removed += len(stale_auto)
        if added or removed:
            cache.bump_version()
    return added, removed


def _chunks(queryset, size: int = 2000):
    chunk = []
    for obj in queryset.iterator(chunk_size=size):
        chunk.append(obj)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


__all__ = [
    "ImportRefused",
    "ImportResult",
    "IssueExists",
    "Outcome",
    "ParseError",
    "import_text",
    "rebuild_words",
    "retag",
]
