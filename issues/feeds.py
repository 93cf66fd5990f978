"""Atom feeds: new issues, the items of a tag, and the items of a search."""

from datetime import UTC, datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode

from issues.filters_reader import SearchFeedForm
from issues.models import Issue, Item, Section, Tag

ISSUES_IN_FEED = 20
ITEMS_IN_FEED = 30


def issue_date(issue: Issue) -> datetime:
    if issue.published_on:
        return datetime.combine(issue.published_on, time.min, tzinfo=UTC)
    return issue.created_at


class ReaderFeed(Feed):
    feed_type = Atom1Feed
    # Atom requires an author for the feed or for every entry.
    author_name = settings.SITE_NAME

    def __call__(self, request, *args, **kwargs):
        # Descriptions link back to the site, so their templates need the request.
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"request": self.request}


class IssuesFeed(ReaderFeed):
    title = f"{settings.SITE_NAME}: new issues"
    subtitle = "Every new issue of the Deep Learning Weekly newsletter, with its items."
    link = reverse_lazy("issues:issue-list")
    description_template = "issues/feeds/issue_description.html"

    def items(self):
        items = Item.objects.only("title", "blurb", "abstract", "section_id").order_by("position")
        sections = Section.objects.prefetch_related(Prefetch("items", queryset=items))
        issues = Issue.objects.defer("source_text", "search_vector").order_by("-number")
        return issues.prefetch_related(Prefetch("sections", queryset=sections))[:ISSUES_IN_FEED]

    def item_title(self, issue):
        return f"{issue.title}: {issue.subtitle}" if issue.subtitle else issue.title

    def item_pubdate(self, issue):
        return issue_date(issue)

    def item_updateddate(self, issue):
        return issue.updated_at


class ItemFeed(ReaderFeed):
    description_template = "issues/feeds/item_description.html"

    def item_title(self, item):
        return item.display_title

    def item_pubdate(self, item):
        return issue_date(item.issue)

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [tag.name for tag in item.listed_tags]


class TagFeed(ItemFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag):
        return f"{tag.name} · {settings.SITE_NAME}"

    def subtitle(self, tag):
        return tag.description or f"New items tagged {tag.name}."

    def link(self, tag):
        return tag.get_absolute_url()

    def items(self, tag):
        return Item.objects.filter(tags=tag).newest_first().for_lists()[:ITEMS_IN_FEED]


class SearchFeed(ItemFeed):
    """The newest items of a search: the same items, in the same order, as the search."""

    def get_object(self, request, query):
        return query

    def title(self, query):
        return f"Search: “{query}” · {settings.SITE_NAME}" if query else settings.SITE_NAME

    def subtitle(self, query):
        return f"New items matching “{query}”." if query else "Search the archive."

    def link(self, query):
        return reverse("issues:search") + ("?" + urlencode({"q": query}) if query else "")

    def items(self, query):
        if not query:
            return []
        return Item.objects.search(query, sort="newest").for_lists()[:ITEMS_IN_FEED]


def search_feed(request):
    form = SearchFeedForm(request.GET)
    if not form.is_valid():
        message = " ".join(form.errors["q"])
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    return SearchFeed()(request, query=form.cleaned_data["q"].strip())
