import multiprocessing
import os
import queue
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

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
            # Each process counts the words of the issues it stored.
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
        if bulk and stored and not dry_run and not in_processes:
            count_words_of(stored)
        prefix = "dry run: would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}created {counts[Outcome.CREATED]}, updated {counts[Outcome.UPDATED]}, "
            f"unchanged {counts[Outcome.UNCHANGED]}, failed {counts['failed']}"
        )
        if counts["failed"]:
            sys.exit(1)


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

    Each process has its own database connection (the parent's is closed before
    forking, so no two processes share one) and sends back a result without its
    issue row, only the issue's id.
    """
    context = multiprocessing.get_context("fork")
    connections.close_all()
    # Bounded, so a large folder is never all in memory at once.
    tasks = context.Queue(maxsize=jobs * 4)
    done = context.Queue()
    workers = [
        context.Process(target=_worker, args=(tasks, done, options), daemon=True)
        for _ in range(jobs)
    ]
    for worker in workers:
        worker.start()
    results: dict[int, ImportResult | str] = {}
    sent = reported = unsent = 0
    texts = iter(texts)
    try:
        for index, text in enumerate(texts):
            if not _put(tasks, (index, text), workers):
                # Every process has died: this text and the rest are not stored.
                unsent = 1 + sum(1 for _ in texts)
                break
            sent += 1
            results.update(_finished(done, block=False))
            while reported in results:
                yield results.pop(reported)
                reported += 1
        for _ in workers:
            _put(tasks, None, workers)
        while reported < sent:
            finished = _finished(done, block=True)
            if not finished and not any(worker.is_alive() for worker in workers):
                # A process was killed. What the others sent just before exiting
                # is read; what it held is reported as not stored.
                results.update(_finished(done, block=False))
                break
            results.update(finished)
            while reported in results:
                yield results.pop(reported)
                reported += 1
        for index in range(reported, sent):
            yield results.pop(index, STOPPED)
        yield from [STOPPED] * unsent
    finally:
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()


def _put(tasks, task, workers) -> bool:
    """Queue a task once there is room; False when no process is left to take it."""
    while True:
        try:
            tasks.put(task, timeout=1)
            return True
        except queue.Full:
            if not any(worker.is_alive() for worker in workers):
                return False


def _finished(done, block: bool) -> dict:
    try:
        first = [done.get(timeout=1) if block else done.get_nowait()]
    except queue.Empty:
        return {}
    rest = []
    while True:
        try:
            rest.append(done.get_nowait())
        except queue.Empty:
            return dict(first + rest)


def _worker(tasks, done, options: dict) -> None:
    stored = []
    try:
        for index, text in iter(tasks.get, None):
            result = _imported(text, options)
            if isinstance(result, ImportResult) and result.issue is not None:
                if result.outcome != Outcome.UNCHANGED:
                    stored.append(result.issue.pk)
                # Only the id crosses back (the parent reports it), not the whole row.
                result.issue = _IssueId(result.issue.pk)
            done.put((index, result))
        if options["bulk"] and stored and not options["dry_run"]:
            count_words_of(stored)
    finally:
        connections.close_all()


class _IssueId:
    def __init__(self, pk: int):
        self.pk = pk


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
