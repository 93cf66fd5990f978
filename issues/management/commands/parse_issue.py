import json
import sys

from django.core.management.base import BaseCommand

from issues.parsing import ParseError, parse_bytes


class Command(BaseCommand):
    help = "Print the parse of one issue file as the JSON of FORMAT.md."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a plain-text issue, or - for standard input")
        parser.add_argument("--max-bytes", type=int, default=None)

    def handle(self, file, max_bytes, **options):
        from django.conf import settings

        limit = settings.IMPORT_MAX_BYTES if max_bytes is None else max_bytes
        try:
            data = sys.stdin.buffer.read(limit + 1) if file == "-" else _read(file, limit)
            issue = parse_bytes(data, limit)
        except (OSError, ParseError) as exc:
            self.stderr.write(f"{file}: {_reason(exc)}")
            sys.exit(1)
        if hasattr(sys.stdout, "reconfigure"):
            # The JSON is UTF-8 as FORMAT.md promises, whatever the locale's encoding
            # (under a latin-1 locale an em dash was a UnicodeEncodeError traceback).
            sys.stdout.reconfigure(encoding="utf-8")
        self.stdout.write(json.dumps(issue.to_dict(), ensure_ascii=False, indent=2))


def _read(path: str, limit: int) -> bytes:
    with open(path, "rb") as handle:
        # Read one byte past the limit so an oversized file is refused unread.
        return handle.read(limit + 1)


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)
