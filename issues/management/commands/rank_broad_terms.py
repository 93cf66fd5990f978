import time

from django.core.management.base import BaseCommand

from issues.broad import BROAD_LIST, rebuild_broad_terms
from issues.models import BROAD_MATCHES


class Command(BaseCommand):
    help = (
        f"Recompute the best-ranked items of every word found in more than {BROAD_MATCHES:,} "
        "items, which broad queries are ranked from. Run it after big imports and nightly; "
        "items imported since the last run are found by their titles meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--min-items", type=int, default=BROAD_MATCHES)
        parser.add_argument("--keep", type=int, default=BROAD_LIST)

    def handle(self, min_items, keep, **options):
        began = time.monotonic()
        count = rebuild_broad_terms(min_items=min_items, keep=keep)
        self.stdout.write(
            f"{count:,} broad words ranked in {time.monotonic() - began:.0f} s "
            f"(found in more than {min_items:,} items; {keep} best items each)"
        )
