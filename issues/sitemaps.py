from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from issues.models import Issue, Item, SectionName, Tag


class PageSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["issues:home", "issues:issue-list", "issues:tag-list"]

    def location(self, name):
        return reverse(name)


class IssueSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Issue.objects.only("number", "updated_at").order_by("-number")

    def lastmod(self, issue):
        return issue.updated_at


class ItemSitemap(Sitemap):
    changefreq = "yearly"
    # Well under the sitemap protocol's 50,000 addresses a file; more pages are ?p=2...
    limit = 10_000

    def items(self):
        return Item.objects.only("pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


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
