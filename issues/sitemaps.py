"""The sitemap index (/sitemap.xml) and its sections, each paginated under the protocol's limit."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from issues.models import Issue, Item, SectionName, Tag
from issues.paths import parts_around


class PageSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["issues:home", "issues:issue-list", "issues:tag-list"]

    def location(self, name):
        return reverse(name)


class ModelSitemap(Sitemap):
    """A model's pages, with the index's lastmod from one aggregate, not every row."""

    model = None

    def lastmod(self, obj):
        return obj.updated_at

    def get_latest_lastmod(self):
        return self.model.objects.aggregate(latest=Max("updated_at"))["latest"]


class IssueSitemap(ModelSitemap):
    changefreq = "monthly"
    model = Issue

    def items(self):
        return Issue.objects.only("number", "updated_at").order_by("-number")


class ItemSitemap(ModelSitemap):
    changefreq = "yearly"
    model = Item
    # Well under the protocol's 50,000 addresses a file; the index lists every page.
    limit = 5000

    def items(self):
        return Item.objects.only("pk", "updated_at").order_by("pk")

    @cached_property
    def _around(self) -> tuple[str, str]:
        return parts_around("issues:item-detail")

    def location(self, item):
        # One reverse for thousands of rows: a sitemap's cost is per address.
        before, after = self._around
        return f"{before}{item.pk}{after}"


class TagSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Tag.objects.only("slug").order_by("slug")


class SectionSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return list(SectionName)

    def location(self, section):
        return reverse("issues:section-detail", args=[section.slug])


SITEMAPS = {
    "pages": PageSitemap,
    "issues": IssueSitemap,
    "items": ItemSitemap,
    "tags": TagSitemap,
    "sections": SectionSitemap,
}
