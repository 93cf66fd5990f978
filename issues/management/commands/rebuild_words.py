from django.core.management.base import BaseCommand

from issues.importing import rebuild_words


class Command(BaseCommand):
    help = (
        "Recount the search vocabulary (did-you-mean, suggestions) from every item; "
        "imports keep it current, admin edits of item text drift it slightly."
    )

    def handle(self, **options):
        self.stdout.write(f"vocabulary: {rebuild_words()} words")
