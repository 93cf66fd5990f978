from django.core.management.base import BaseCommand

from issues.importing import retag


class Command(BaseCommand):
    help = "Re-run automatic tagging on every item. Tags added by staff are never removed."

    def handle(self, **options):
        added, removed = retag()
        self.stdout.write(f"automatic tags: added {added}, removed {removed}")
