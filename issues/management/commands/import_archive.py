from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from issues.backup import RestoreError, import_archive


class Command(BaseCommand):
    help = "Restore a folder written by export_archive into an empty archive."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, folder, **options):
        try:
            count = import_archive(folder)
        except RestoreError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"restored {count} issues from {folder}")
