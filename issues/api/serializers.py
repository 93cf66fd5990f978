"""What the API returns: FORMAT.md's field names, plus ids, tags and links.

Links are absolute: `url` of an issue, tag or section and `page_url` of an item
are the reader's HTML pages; `api_url` and `items_url` point back into the API.
An item's own `url` is its link, as in FORMAT.md.
"""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from issues.models import Issue, Item, SectionName, Tag
from issues.paths import parts_around, path_to
from issues.search import snippet_html


def absolute(context: dict, path: str) -> str:
    return context["request"].build_absolute_uri(path)


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute URL of the object's reader page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return absolute(self.context, value.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field):
    """The absolute URL of an API view, reversed with one attribute of the object."""

    def __init__(self, view_name: str, attribute: str, **kwargs):
        self.view_name = view_name
        self.attribute = attribute
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        path = path_to(self.view_name, getattr(value, self.attribute))
        return absolute(self.context, path)


@extend_schema_field(OpenApiTypes.URI)
class ItemsUrlField(serializers.Field):
    """The item list filtered to this tag or section."""

    def __init__(self, parameter: str, attribute: str, **kwargs):
        self.parameter = parameter
        self.attribute = attribute
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        query = urlencode({self.parameter: getattr(value, self.attribute)})
        return absolute(self.context, f"{reverse('api:item-list')}?{query}")


class TagRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["slug", "name"]
        read_only_fields = fields


class IssueSummarySerializer(serializers.ModelSerializer):
    item_count = serializers.IntegerField(read_only=True)
    url = PageUrlField()
    api_url = ApiUrlField("api:issue-detail", "number")

    class Meta:
        model = Issue
        fields = ["number", "title", "subtitle", "published_on", "item_count", "url", "api_url"]
        read_only_fields = fields


# An item's fields as FORMAT.md's JSON names them, then its links.
ITEM_FORMAT_FIELDS = ["id", "title", "blurb", "abstract", "kind", "sponsored", "note", "url"]
ITEM_LINK_FIELDS = ["tags", "page_url", "api_url"]


class ItemInIssueSerializer(serializers.ModelSerializer):
    """An item inside its issue: FORMAT.md's fields, then id, tags and links.

    The declared fields describe the item (the schema); `to_representation`
    builds the same dict directly, as `values()` does for each subclass's fields.
    """

    url = serializers.CharField(
        read_only=True, help_text="The item's link; empty when it was stripped and not restored."
    )
    tags = TagRefSerializer(many=True, read_only=True, source="listed_tags")
    page_url = PageUrlField()
    api_url = ApiUrlField("api:item-detail", "pk")

    class Meta:
        model = Item
        fields = [*ITEM_FORMAT_FIELDS, *ITEM_LINK_FIELDS]
        read_only_fields = fields

    def to_representation(self, item) -> dict:
        # DRF's generic path runs every field's machinery for every row: several
        # milliseconds for a page of 20 items with their tags, most of a search
        # answer's cost outside the database. tests/test_api_item_representation.py
        # holds the two equal.
        values = self.values(item)
        return {name: values[name] for name in self.Meta.fields}

    def values(self, item) -> dict:
        tags = getattr(item, "tag_list", None)
        if tags is None:
            tags = [{"slug": tag.slug, "name": tag.name} for tag in item.listed_tags]
        return {
            "id": item.pk,
            "title": item.title,
            "blurb": item.blurb,
            "abstract": item.abstract,
            "kind": item.kind,
            "sponsored": item.sponsored,
            "note": item.note,
            "url": item.url,
            "tags": [{"slug": tag["slug"], "name": tag["name"]} for tag in tags],
            "page_url": self._page_urls.format(item.pk),
            "api_url": self._api_urls.format(item.pk),
        }

    @cached_property
    def _page_urls(self) -> str:
        return self._by_pk("issues:item-detail")

    @cached_property
    def _api_urls(self) -> str:
        return self._by_pk("api:item-detail")

    def _by_pk(self, view_name: str) -> str:
        """The view's absolute URL with `{}` for the pk: one reverse per page, not per row."""
        before, after = parts_around(view_name)
        return f"{absolute(self.context, before)}{{}}{after}"


class SectionInIssueSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=SectionName.choices, read_only=True)
    items = ItemInIssueSerializer(many=True, read_only=True)


class IssueDetailSerializer(serializers.ModelSerializer):
    sections = SectionInIssueSerializer(many=True, read_only=True)
    url = PageUrlField()
    api_url = ApiUrlField("api:issue-detail", "number")

    class Meta:
        model = Issue
        fields = [
            "id",
            "number",
            "title",
            "subtitle",
            "intro",
            "published_on",
            "sections",
            "url",
            "api_url",
        ]
        read_only_fields = fields


class ItemSerializer(ItemInIssueSerializer):
    """An item on its own, saying where it appeared."""

    issue = serializers.IntegerField(source="issue.number", read_only=True)
    section = serializers.ChoiceField(
        source="section.name", choices=SectionName.choices, read_only=True
    )

    class Meta(ItemInIssueSerializer.Meta):
        fields = [*ITEM_FORMAT_FIELDS, "issue", "section", *ITEM_LINK_FIELDS]
        read_only_fields = fields

    def values(self, item) -> dict:
        return super().values(item) | {"issue": item.issue.number, "section": item.section.name}


class TagSerializer(serializers.ModelSerializer):
    item_count = serializers.IntegerField(read_only=True)
    url = PageUrlField()
    items_url = ItemsUrlField("tag", "slug")

    class Meta:
        model = Tag
        fields = ["slug", "name", "category", "description", "item_count", "url", "items_url"]
        read_only_fields = fields


class SectionSerializer(serializers.Serializer):
    """One of the five sections, across all issues."""

    name = serializers.ChoiceField(choices=SectionName.choices, read_only=True)
    slug = serializers.CharField(read_only=True)
    item_count = serializers.IntegerField(read_only=True)
    url = serializers.URLField(read_only=True)
    items_url = serializers.URLField(read_only=True)


class ImportResultSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["created", "updated", "unchanged"])
    number = serializers.IntegerField()
    url = serializers.URLField()
    api_url = serializers.URLField()


class ItemResultSerializer(ItemSerializer):
    """An item found by the item list; `rank` and `snippet` are null without `q`."""

    rank = serializers.FloatField(read_only=True, allow_null=True, default=None)
    snippet = serializers.SerializerMethodField(
        help_text="The matching passage of the blurb or abstract (or of the title, for an "
        "item with no text): escaped text whose only markup is <mark>…</mark> around matches."
    )

    class Meta(ItemSerializer.Meta):
        fields = [*ItemSerializer.Meta.fields, "rank", "snippet"]
        read_only_fields = fields

    def values(self, item) -> dict:
        rank = getattr(item, "rank", None)
        return super().values(item) | {
            "rank": None if rank is None else float(rank),
            "snippet": self.get_snippet(item),
        }

    @extend_schema_field({"type": "string", "nullable": True})
    def get_snippet(self, item) -> str | None:
        if not hasattr(item, "text_snippet"):
            return None
        raw = item.text_snippet if item.text_snippet.strip() else item.title_snippet
        return str(snippet_html(raw))
