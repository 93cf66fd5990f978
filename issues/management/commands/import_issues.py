import multiprocessing
import os
import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, connections, transaction

from issues.importing import ImportRefused, ImportResult, Outcome, count_words_of, import_text
from issues.models import Issue
from issues.parsing import ParseError, decode

PROGRESS_MIN_FILES = 20
STOPPED = "the import process stopped before reporting this file"
# Each import process keeps a PostgreSQL backend busy too.
DEFAULT_JOBS = min(4, os.cpu_count() or 1)


class Command(BaseCommand):
    help = "Import plain-text issues: files, directories (searched for *.txt) or - for stdin."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument(
            "--update",
            action="store_true",
            help="re-parse issues whose text changed (the old text is kept as a revision)",
        )
        parser.add_argument("--dry-run", action="store_true", help="parse and report only")
        parser.add_argument("--max-bytes", type=int, default=None, help="per-file size limit")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when the archive has issues"
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=DEFAULT_JOBS,
            help="import this many files at once, each in its own process "
            "(each issue is still one transaction; results are reported in order)",
        )

    def handle(self, paths, update, dry_run, max_bytes, if_empty, jobs, **options):
        if jobs < 1:
            raise CommandError("--jobs must be at least 1")
        if if_empty and Issue.objects.exists():
            self.stdout.write("the archive has issues already; nothing imported")
            return
        limit = settings.IMPORT_MAX_BYTES if max_bytes is None else max_bytes
        sources = list(_expand(paths))
        # Many files: count the vocabulary once at the end, not once per issue.
        bulk = len(sources) > 1
        stored: list[int] = []
        counts = {outcome: 0 for outcome in Outcome} | {"failed": 0}
        progress = _Progress(len(sources), self.stderr) if _wants_progress(sources) else None
        texts = _texts(sources, limit)
        options_of_import = {"update": update, "dry_run": dry_run, "bulk": bulk}
        # Other processes cannot take part in a caller's transaction: inside one,
        # every issue is imported in it, one after the other.
        in_processes = jobs > 1 and len(sources) > 1 and not connection.in_atomic_block
        if in_processes:
            results = _imported_in_processes(texts, options_of_import, jobs)
        else:
            results = (_imported(text, options_of_import) for text in texts)
        for (name, _), result in zip(sources, results, strict=True):
            if isinstance(result, str):
                counts["failed"] += 1
                self.stderr.write(f"{name}: {result}")
            else:
                counts[result.outcome] += 1
                if result.issue and result.outcome != Outcome.UNCHANGED:
                    stored.append(result.issue.pk)
                if options["verbosity"] >= 2:
                    self.stdout.write(f"{name}: {result}")
            if progress:
                progress.step()
        if progress:
            progress.done()
        counted = self._counted(stored) if bulk and stored and not dry_run else True
        prefix = "dry run: would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}created {counts[Outcome.CREATED]}, updated {counts[Outcome.UPDATED]}, "
            f"unchanged {counts[Outcome.UNCHANGED]}, failed {counts['failed']}"
        )
        if counts["failed"] or not counted:
            sys.exit(1)

    def _counted(self, issue_ids: list[int]) -> bool:
        """Add the issues' words to the vocabulary; False, with one line, if that failed."""
        try:
            with transaction.atomic():  # a savepoint inside a caller's transaction
                count_words_of(issue_ids)
        except DatabaseError as exc:
            # The issues are stored; only did-you-mean's word counts missed them.
            self.stderr.write(
                "the issues are stored, but their words were not counted for spelling "
                f"suggestions ({str(exc).splitlines()[0]}): run manage.py rebuild_words"
            )
            return False
        return True


def _texts(sources, limit: int):
    """Each source's decoded text, or why it cannot be read, in order."""
    for _, read in sources:
        try:
            yield decode(read(limit), limit)
        except (OSError, ParseError) as exc:
            yield _Unreadable(_reason(exc))


class _Unreadable(str):
    """A source's reason for failing before it was parsed (not an issue's text)."""


def _imported(text: str, options: dict) -> ImportResult | str:
    """The import's result, or the one line saying why the text was not stored."""
    if isinstance(text, _Unreadable):
        return str(text)
    try:
        return import_text(text, **options)
    except (ParseError, ImportRefused) as exc:
        return _reason(exc)


def _imported_in_processes(texts, options: dict, jobs: int):
    """_imported() for each text in `jobs` forked processes; results in the texts' order.

    Each process opens its own database connection (the parent's is closed before
    forking, so no two processes share one). At most a few texts per process are
    read ahead, so a large folder is never all in memory at once.
    """
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        pending: deque[Future | None] = deque()
        for text in texts:
            pending.append(_submitted(pool, text, options))
            if len(pending) >= jobs * 4:
                yield _outcome(pending.popleft())
        while pending:
            yield _outcome(pending.popleft())


def _imported_for_parent(text: str, options: dict) -> ImportResult | str:
    """_imported() in a worker process; only the issue's id crosses back, not its row."""
    result = _imported(text, options)
    if isinstance(result, ImportResult) and result.issue is not None:
        result = replace(result, issue=Issue(pk=result.issue.pk))
    return result


def _submitted(pool: ProcessPoolExecutor, text: str, options: dict) -> Future | None:
    """The import of `text` in the pool, or None when a process has died (it takes no more)."""
    try:
        return pool.submit(_imported_for_parent, text, options)
    except BrokenProcessPool:
        return None


def _outcome(future: Future | None) -> ImportResult | str:
    if future is None:
        return STOPPED
    try:
        return future.result()
    except BrokenProcessPool:  # a process died: what it held was not stored
        return STOPPED


def _expand(paths):
    """(name, reader) for every source; a reader takes the size limit."""
    for raw in paths:
        if raw == "-":
            yield "<stdin>", lambda limit: sys.stdin.buffer.read(limit + 1)
            continue
        path = Path(raw)
        files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
        for file in files:
            yield str(file), _file_reader(file)


def _file_reader(path: Path):
    def read(limit: int) -> bytes:
        with path.open("rb") as handle:
            # One byte past the limit tells an oversized file without reading it all.
            return handle.read(limit + 1)

    return read


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def _wants_progress(sources) -> bool:
    return len(sources) >= PROGRESS_MIN_FILES and sys.stderr.isatty()


class _Progress:
    def __init__(self, total, stream):
        self.total, self.count, self.stream = total, 0, stream

    def step(self):
        self.count += 1
        filled = 30 * self.count // self.total
        self.stream.write(
            f"\r[{'#' * filled}{' ' * (30 - filled)}] {self.count}/{self.total}", ending=""
        )
        self.stream.flush()

    def done(self):
        self.stream.write("")
