"""Page-number pagination: count, next, previous, a capped page size, a stable order."""

import pytest

from issues.models import Item
from tests.search_helpers import add_issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_throttle")]


@pytest.fixture
def archive():
    # 3 issues x 2 sections x 21 items: 126 items, more than the largest page.
    for number in (1, 2, 3):
        items = [(f"Item {number}-{n}", f"Blurb {n}.") for n in range(21)]
        add_issue(number, {"Industry": items, "Papers & Publications": items})


def numbers(response) -> list[int]:
    return [issue["number"] for issue in response.json()["results"]]


def test_default_page_of_twenty_with_links(client, archive):
    body = client.get("/api/items/").json()

    assert body["count"] == 126
    assert len(body["results"]) == 20
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/items/?page=2"


def test_links_keep_the_other_parameters(client, archive):
    body = client.get("/api/items/?kind=paper&page=2&page_size=10").json()

    assert body["count"] == 63
    assert body["next"] == "http://testserver/api/items/?kind=paper&page=3&page_size=10"
    assert body["previous"] == "http://testserver/api/items/?kind=paper&page_size=10"


def test_last_page(client, archive):
    body = client.get("/api/items/?page=7").json()

    assert len(body["results"]) == 6
    assert body["next"] is None
    assert body["previous"] == "http://testserver/api/items/?page=6"


@pytest.mark.parametrize(
    ("asked", "given"), [("1", 1), ("100", 100), ("101", 100), ("10" * 9, 100)]
)
def test_page_size_is_capped_at_100(client, archive, asked, given):
    body = client.get(f"/api/items/?page_size={asked}").json()

    assert len(body["results"]) == given


def test_pages_together_list_every_item_once_in_reading_order(client, archive):
    """The order ends with the item id, so no item is lost or repeated between pages."""
    seen = []
    url = "/api/items/?page_size=17"
    while url:
        body = client.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url = body["next"]

    expected = list(
        Item.objects.order_by("-issue__number", "section__position", "position", "id").values_list(
            "id", flat=True
        )
    )
    assert seen == expected


def test_ties_in_relevance_are_broken_by_reading_order(client, archive):
    # "item" is in every title, so all rank the same: newest issue first, then reading order.
    ids = [item["id"] for item in client.get("/api/items/?q=item&page_size=100").json()["results"]]

    expected = Item.objects.order_by("-issue__number", "section__position", "position", "id")
    assert ids == list(expected.values_list("id", flat=True)[:100])


def test_issue_list_pages(client, archive):
    first = client.get("/api/issues/?page_size=2")
    second = client.get("/api/issues/?page_size=2&page=2")

    assert numbers(first) == [3, 2]
    assert numbers(second) == [1]
    assert second.json()["next"] is None


def test_tags_and_sections_are_paginated_too(client, archive):
    tags = client.get("/api/tags/?page_size=5").json()
    sections = client.get("/api/sections/?page_size=2&page=3").json()

    assert len(tags["results"]) == 5
    assert tags["next"] == "http://testserver/api/tags/?page=2&page_size=5"
    assert [section["name"] for section in sections["results"]] == ["Papers & Publications"]
    assert sections["count"] == 5
