import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from issues.importing import ImportRefused, Outcome, count_words_of, import_text
from issues.models import Issue
from issues.parsing import ParseError, decode

PROGRESS_MIN_FILES = 20


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

    def handle(self, paths, update, dry_run, max_bytes, if_empty, **options):
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
        for name, read in sources:
            try:
                text = decode(read(limit), limit)
                result = import_text(text, update=update, dry_run=dry_run, bulk=bulk)
            except (OSError, ParseError, ImportRefused) as exc:
                counts["failed"] += 1
                self.stderr.write(f"{name}: {_reason(exc)}")
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
        if bulk and stored and not dry_run:
            count_words_of(stored)
        prefix = "dry run: would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}created {counts[Outcome.CREATED]}, updated {counts[Outcome.UPDATED]}, "
            f"unchanged {counts[Outcome.UNCHANGED]}, failed {counts['failed']}"
        )
        if counts["failed"]:
            sys.exit(1)


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
