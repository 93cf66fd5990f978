from pathlib import Path

from django.core.management.base import BaseCommand

from issues.backup import export_archive


class Command(BaseCommand):
    help = "Back up every issue's source text and everything staff added to a folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, folder, **options):
        count = export_archive(folder)
        self.stdout.write(f"exported {count} issues to {folder}")
