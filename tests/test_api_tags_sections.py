"""GET /api/tags/ and /api/sections/: every tag and section with its item count."""

import pytest

from issues.models import Item, Tag
from tests.search_helpers import add_issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_throttle")]


@pytest.fixture
def archive():
    add_issue(
        5,
        {
            "Industry": [("Quokka arms", "Arms."), ("Wombat money", "Money.")],
            "Papers & Publications": [("Quokka Policies", "Policies.")],
        },
    )
    Tag.objects.all().delete()  # the vocabulary the migrations add
    zoology = Tag.objects.create(name="Zoology", slug="zoology", description="Animals.")
    arms = Tag.objects.create(name="Arms", slug="arms", category="organisation")
    Tag.objects.create(name="Unused", slug="unused")
    for item in Item.objects.filter(title__startswith="Quokka"):
        item.tags.add(zoology)
    Item.objects.get(title="Quokka arms").tags.add(arms)


def test_tags_by_name_with_item_counts(client, archive):
    response = client.get("/api/tags/")

    assert response.status_code == 200
    assert response.json() == {
        "count": 3,
        "next": None,
        "previous": None,
        "results": [
            {
                "slug": "arms",
                "name": "Arms",
                "category": "organisation",
                "description": "",
                "item_count": 1,
                "url": "http://testserver/tags/arms/",
                "items_url": "http://testserver/api/items/?tag=arms",
            },
            {
                "slug": "unused",
                "name": "Unused",
                "category": "topic",
                "description": "",
                "item_count": 0,
                "url": "http://testserver/tags/unused/",
                "items_url": "http://testserver/api/items/?tag=unused",
            },
            {
                "slug": "zoology",
                "name": "Zoology",
                "category": "topic",
                "description": "Animals.",
                "item_count": 2,
                "url": "http://testserver/tags/zoology/",
                "items_url": "http://testserver/api/items/?tag=zoology",
            },
        ],
    }


def test_a_tags_items_url_lists_its_items(client, archive):
    items_url = client.get("/api/tags/").json()["results"][2]["items_url"]

    titles = [item["title"] for item in client.get(items_url).json()["results"]]

    assert titles == ["Quokka arms", "Quokka Policies"]


def test_sections_in_reading_order_with_item_counts(client, archive):
    response = client.get("/api/sections/")

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["next"], body["previous"]) == (5, None, None)
    assert body["results"] == [
        section("Industry", "industry", 2),
        section("Mobile & Edge", "mobile-edge", 0),
        section("Learning", "learning", 0),
        section("Libraries & Code", "libraries-code", 0),
        section("Papers & Publications", "papers-publications", 1),
    ]


def section(name, slug, count):
    return {
        "name": name,
        "slug": slug,
        "item_count": count,
        "url": f"http://testserver/sections/{slug}/",
        "items_url": f"http://testserver/api/items/?section={slug}",
    }


def test_a_sections_items_url_lists_its_items(client, archive):
    items_url = client.get("/api/sections/").json()["results"][4]["items_url"]

    titles = [item["title"] for item in client.get(items_url).json()["results"]]

    assert titles == ["Quokka Policies"]
