from django.core.management.base import BaseCommand, CommandError

from issues import cache
from issues.admin_tags import merge_tags
from issues.batch import batch_transaction
from issues.models import Tag


class Command(BaseCommand):
    help = (
        "Merge tags into another, as the tag list's merge action does: their items move "
        "to it (staff marks kept), their match terms join its terms, and they are deleted. "
        "For tags on more items than the admin merges within a page's time."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="SLUG", help="the tags to merge away")
        parser.add_argument("--into", required=True, metavar="SLUG", help="the tag they become")

    def handle(self, sources, into, **options):
        sources = list(dict.fromkeys(sources))
        if into in sources:
            raise CommandError(f"{into} is among the tags being merged; choose another target")
        tags = {tag.slug: tag for tag in Tag.objects.filter(slug__in=[*sources, into])}
        missing = [slug for slug in [*sources, into] if slug not in tags]
        if missing:
            raise CommandError(f"no tag with the slug {', '.join(missing)}")
        with batch_transaction():
            moved = merge_tags([tags[slug] for slug in sources], tags[into])
        cache.bump_version()
        self.stdout.write(f"merged {', '.join(sources)} into {into}: {moved} item links moved")
