"""`manage.py generate_corpus --issues N --seed S`: a synthetic archive, bulk-loaded.

The rows are made by issues.corpus (deterministic by seed and issue number) in
worker processes and streamed into PostgreSQL with COPY, one transaction for
the lot. A big load (BULK_ITEMS or more) drops the search and lookup indexes and
the foreign keys of the item tables first and rebuilds them once at the end,
which is several times faster than maintaining them row by row; the foreign
keys are validated again when they come back, and if anything fails the whole
transaction, the dropped indexes included, rolls back.
"""

import multiprocessing
import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from issues import corpus
from issues.broad import rebuild_broad_terms
from issues.importing import rebuild_words
from issues.models import Tag
from issues.tagging import Vocabulary

BULK_ITEMS = 50_000
CHUNK_ISSUES = 100
TABLES = ("issues_issue", "issues_section", "issues_item", "issues_itemtag")
COLUMNS = {
    "issues_issue": corpus.ISSUE_COLUMNS,
    "issues_section": corpus.SECTION_COLUMNS,
    "issues_item": corpus.ITEM_COLUMNS,
    "issues_itemtag": corpus.ITEMTAG_COLUMNS,
}
# Tables whose foreign keys and secondary indexes a bulk load rebuilds.
REBUILT = ("issues_section", "issues_item", "issues_itemtag")
MAX_ISSUES = 200_000


class Command(BaseCommand):
    help = (
        "Generate a synthetic archive: N issues of about 30 items each (five sections, "
        "titleless and sponsored items, repositories, paper abstracts of 80-200 words, "
        "automatic tags), deterministic by seed. Issues are numbered after the highest "
        "existing one unless --start is given. Generated issues store a short stand-in "
        "source text (issues.corpus.render_issue gives the full text of any of them). "
        "33,000 issues make about 1,000,000 items."
    )

    def add_arguments(self, parser):
        parser.add_argument("--issues", type=int, required=True, help="how many issues")
        parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
        parser.add_argument("--start", type=int, help="first issue number")
        parser.add_argument(
            "--workers",
            type=int,
            default=min(2, os.cpu_count() or 1),
            help="processes making rows (default: up to 2; 1 makes them in-process)",
        )

    def handle(self, issues, seed, start, workers, **options):
        if not 1 <= issues <= MAX_ISSUES:
            raise CommandError(f"--issues must be between 1 and {MAX_ISSUES:,}")
        if start is not None and start < 1:
            raise CommandError("--start must be 1 or more")
        self.verbosity = options["verbosity"]
        self.began = began = time.monotonic()
        with transaction.atomic(), connection.cursor() as cursor:
            _tune_session(cursor)
            cursor.execute(f"LOCK TABLE {', '.join(TABLES)} IN SHARE ROW EXCLUSIVE MODE")
            numbers = _numbers(cursor, start, issues)
            bulk = issues * 30 >= BULK_ITEMS
            saved = _drop_for_bulk(cursor) if bulk else []
            counts = _load(cursor, numbers, seed, max(1, workers), self._progress)
            for statement in saved:
                self._progress(f"rebuilding: {statement[:70]}")
                cursor.execute(statement)
            _reset_sequences(cursor)
            self._progress("counting the vocabulary")
            words = rebuild_words()
            self._progress("ranking the broad words")
            broad = rebuild_broad_terms()
        # VACUUM as well as ANALYZE: it sets the hint bits and the visibility map
        # once, instead of the first searches dirtying every page they read. (Not
        # possible inside a transaction, e.g. a test's.) Every commit here is
        # synchronous: PostgreSQL sets no hint bit while a commit in the same
        # commit-log group is not yet on disk, and VACUUM marks a page all-visible
        # only from hint bits, so after an asynchronous commit index-only scans
        # (the tag facets) would read the table for every row.
        self._progress("vacuuming")
        vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            _tune_session(cursor)
            for table in TABLES:
                cursor.execute(f"{vacuum} {table}")
        self.stdout.write(
            f"generated issues #{numbers.start}-#{numbers.stop - 1}: {counts['issues_issue']:,} "
            f"issues, {counts['issues_item']:,} items, {counts['issues_itemtag']:,} tags on "
            f"items, {words:,} words in the vocabulary ({broad:,} broad), "
            f"in {time.monotonic() - began:.0f} s"
        )

    def _progress(self, message: str) -> None:
        if self.verbosity >= 2 or (self.verbosity >= 1 and self.stderr.isatty()):
            self.stderr.write(f"{time.monotonic() - self.began:6.1f} s  {message}")


def _tune_session(cursor) -> None:
    # The app's 5 s statement timeout is for requests, not for an index build.
    cursor.execute("SET statement_timeout = 0")
    cursor.execute("SET maintenance_work_mem = '1GB'")


def _numbers(cursor, start: int | None, count: int) -> range:
    if start is None:
        cursor.execute("SELECT coalesce(max(number), 0) + 1 FROM issues_issue")
        start = cursor.fetchone()[0]
    numbers = range(start, start + count)
    cursor.execute(
        "SELECT min(number) FROM issues_issue WHERE number BETWEEN %s AND %s",
        [numbers.start, numbers.stop - 1],
    )
    taken = cursor.fetchone()[0]
    if taken is not None:
        raise CommandError(
            f"issue #{taken} exists already; choose another --start or leave it out "
            "to number the new issues after the highest one"
        )
    return numbers


def _drop_for_bulk(cursor) -> list[str]:
    """Drop foreign keys and non-unique indexes of the item tables; return how to rebuild."""
    cursor.execute(
        """SELECT format('ALTER TABLE %%I ADD CONSTRAINT %%I %%s', conrelid::regclass,
                         conname, pg_get_constraintdef(oid)),
                  format('ALTER TABLE %%I DROP CONSTRAINT %%I', conrelid::regclass, conname)
           FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)""",
        [list(REBUILT)],
    )
    keys = cursor.fetchall()
    cursor.execute(
        """SELECT pg_get_indexdef(i.indexrelid), format('DROP INDEX %%I', c.relname)
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
           WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisunique
             AND NOT i.indisprimary""",
        [list(REBUILT)],
    )
    indexes = cursor.fetchall()
    for _, drop in keys + indexes:
        cursor.execute(drop)
    # Search indexes first: they are the slow ones, then lookups, then the keys.
    indexes.sort(key=lambda pair: " USING gin " not in pair[0])
    return [create for create, _ in indexes] + [add for add, _ in keys]


def _first_ids(cursor) -> tuple[int, int, int]:
    ids = []
    for table in ("issues_issue", "issues_section", "issues_item"):
        cursor.execute(
            f"SELECT greatest(coalesce(max(id), 0), "  # noqa: S608 (a constant table name)
            f"(SELECT last_value FROM {table}_id_seq)) + 1 FROM {table}"
        )
        ids.append(cursor.fetchone()[0])
    return tuple(ids)


def _load(cursor, numbers: range, seed: int, workers: int, progress) -> dict[str, int]:
    chunks = corpus.plan_chunks(numbers, seed, _first_ids(cursor), size=CHUNK_ISSUES)
    terms = {tag.pk: tag.terms for tag in Tag.objects.only("pk", "match_terms")}
    stamp = timezone.now().isoformat()
    counts = dict.fromkeys(TABLES, 0)
    # The items stream straight into COPY; the small tables wait in memory and
    # follow (the foreign keys are deferred or dropped until the end).
    held = {table: [] for table in TABLES if table != "issues_item"}
    # The items come with the copies that triggers would make (Item.issue_number,
    # Item.tag_ids...), and before the rows they would copy from.
    _copying_triggers(cursor, enabled=False)
    with cursor.cursor.copy(f"COPY issues_item ({COLUMNS['issues_item']}) FROM STDIN") as copy:
        for done, rows in enumerate(_made(chunks, terms, stamp, workers), start=1):
            copy.write(rows["issues_item"])
            for table, text in rows.items():
                counts[table] += text.count("\n")
                if table in held:
                    held[table].append(text)
            if done % 50 == 0:
                progress(f"{done * CHUNK_ISSUES:,} of {len(numbers):,} issues")
    for table, parts in held.items():
        progress(f"copying {table}")
        with cursor.cursor.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
            for text in parts:
                copy.write(text)
    _copying_triggers(cursor, enabled=True)
    return counts


def _copying_triggers(cursor, enabled: bool) -> None:
    # ALTER TABLE refuses while checks of deferred keys are pending: run them first.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table in ("issues_item", "issues_itemtag"):
        # USER: the foreign keys' own triggers stay.
        cursor.execute(f"ALTER TABLE {table} {'ENABLE' if enabled else 'DISABLE'} TRIGGER USER")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _made(chunks, terms, stamp, workers):
    if workers == 1 or len(chunks) < 4:
        matcher = Vocabulary(terms)
        for chunk in chunks:
            yield corpus.chunk_rows(chunk, matcher, stamp)
        return
    # spawn, not fork: a forked child would share this process's database socket.
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=corpus.init_worker, initargs=(terms, stamp)) as pool:
        yield from pool.imap(corpus.worker_rows, chunks)


def _reset_sequences(cursor) -> None:
    for table in TABLES:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 (a constant)
            f"greatest(coalesce(max(id), 0), 1)) FROM {table}"
        )
