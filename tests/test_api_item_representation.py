"""The item serializers' direct representation equals DRF's generic one, field for field."""

import pytest
from django.urls import set_script_prefix
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from issues import search
from issues.api.serializers import ItemInIssueSerializer, ItemResultSerializer, ItemSerializer
from issues.models import Item, Tag
from tests.search_helpers import add_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    add_issue(
        7,
        {
            "Industry": [
                ("Quokka robots", "Robots for <quokka> & friends."),
                ("", "An untitled quokka blurb (Sponsored Content)"),
            ],
            "Papers & Publications": [("Quokka learning", "We study quokka policies.")],
        },
    )
    Tag.objects.all().delete()
    zoology = Tag.objects.create(name="Zoology", slug="zoology")
    robots = Tag.objects.create(name="Robots", slug="robots")
    Item.objects.get(title="Quokka robots").tags.add(zoology, robots)
    Item.objects.filter(title="").update(url="https://example.com/q?a=1&b=2", note="Staff note")


def request(script_prefix: str = "/"):
    set_script_prefix(script_prefix)
    return Request(APIRequestFactory().get("/api/items/", HTTP_HOST="testserver"))


@pytest.fixture(autouse=True)
def default_script_prefix():
    yield
    set_script_prefix("/")


def both(serializer_class, items, context) -> tuple[list, list]:
    serializer = serializer_class(items, many=True, context=context)
    direct = serializer.data
    child = serializer_class(context=context)
    generic = [serializers.ModelSerializer.to_representation(child, item) for item in items]
    return [list(row.items()) for row in direct], [list(row.items()) for row in generic]


@pytest.mark.parametrize("script_prefix", ["/", "/0/"])
def test_search_results_with_rank_snippet_and_tags(archive, script_prefix):
    context = {"request": request(script_prefix)}
    ids = search.facets(Item.objects.search("quokka"), rows=(1, 20)).page_ids
    rows = search.result_rows(ids, "quokka")
    items = [rows[pk] for pk in ids]

    direct, generic = both(ItemResultSerializer, items, context)

    assert direct == generic
    assert len(direct) == 3
    assert dict(direct[0])["page_url"].startswith(f"http://testserver{script_prefix}items/")
    assert any(dict(row)["tags"] for row in direct)
    assert all(isinstance(dict(row)["rank"], float) for row in direct)


def test_a_list_without_a_query_has_no_rank_or_snippet(archive):
    items = list(Item.objects.for_lists().order_by("pk"))

    direct, generic = both(ItemResultSerializer, items, {"request": request()})

    assert direct == generic
    assert {(dict(row)["rank"], dict(row)["snippet"]) for row in direct} == {(None, None)}


def test_items_read_without_their_tags_in_the_row(archive):
    items = list(Item.objects.select_related("issue", "section").order_by("pk"))

    for serializer_class in (ItemSerializer, ItemInIssueSerializer):
        direct, generic = both(serializer_class, items, {"request": request()})
        assert direct == generic
    assert dict(direct[0])["tags"] == [
        {"slug": "robots", "name": "Robots"},
        {"slug": "zoology", "name": "Zoology"},
    ]
