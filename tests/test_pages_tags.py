"""Tag and section pages: all tags with counts, and items newest first, paginated."""

import re
from html import unescape

import pytest
from pytest_django.asserts import assertContains

from issues.importing import import_text
from issues.models import Tag
from issues.views.reader import PAGE_SIZE
from tests.browser.samples import import_sample, issue_text


def row_titles(response) -> list[str]:
    html = response.content.decode()
    return [
        unescape(t)
        for t in re.findall(
            r'<h2 class="item-row__title" id="row-\d+"><a href="/items/\d+/">([^<]+)</a>', html
        )
    ]


@pytest.fixture
def sample(db):
    import_sample()


def test_the_tag_list_shows_every_tag_with_its_count_topics_first(client, sample):
    response = client.get("/tags/")

    html = response.content.decode()
    cards = re.findall(
        r'href="/tags/([a-z-]+)/"><span class="tag-card__name">[^<]+</span> '
        r'<span class="tag-card__count">(\d+) items?</span>',
        html,
    )
    counts = dict((slug, int(count)) for slug, count in cards)
    assert len(cards) == 23
    assert counts["transformers"] == 4
    assert counts["openai"] == 1
    assert counts["apple"] == 0
    assert html.index('id="group-1">Topics<') < html.index('id="group-2">Organisations<')
    assertContains(response, '<span class="tag-card__count">4 items</span>')
    assertContains(response, '<span class="tag-card__count">1 item</span>')


def test_a_tag_page_lists_its_items_newest_first(client, sample):
    response = client.get("/tags/transformers/")

    assert row_titles(response) == [
        "Rent a GPU cloud",
        "A guide to quokka detection",
        "OpenAI trains a huge transformer",
        "Attention for Quokkas",
    ]
    assertContains(response, "4 items, newest first")
    assertContains(response, '<a href="/tags/transformers/feed/">Atom feed</a>')


@pytest.mark.django_db
def test_a_tag_page_is_paginated(client):
    for number in range(1, PAGE_SIZE + 2):
        import_text(issue_text(number, "S", [("Industry", [(f"Robotics {number}", "A robot.")])]))

    first = client.get("/tags/robotics/")
    second = client.get("/tags/robotics/", {"page": 2})

    assert len(row_titles(first)) == PAGE_SIZE
    assert row_titles(first)[0] == f"Robotics {PAGE_SIZE + 1}"
    assert row_titles(second) == ["Robotics 1"]
    assertContains(second, 'rel="prev" href="?page=1"')


@pytest.mark.django_db
def test_a_tag_page_past_its_last_page_shows_the_last(client):
    for number in range(1, PAGE_SIZE + 2):
        import_text(issue_text(number, "S", [("Industry", [(f"Robotics {number}", "A robot.")])]))

    beyond = client.get("/tags/robotics/", {"page": 9})

    assert row_titles(beyond) == ["Robotics 1"]
    assertContains(beyond, f"{PAGE_SIZE + 1} items, newest first")


def test_a_tags_item_count_is_what_its_items_count(sample):
    counts = {tag.slug: tag.count_items() for tag in Tag.objects.all()}

    assert counts == {tag.slug: tag.items.count() for tag in Tag.objects.all()}
    assert (counts["transformers"], counts["openai"], counts["apple"]) == (4, 1, 0)


def test_a_section_page_lists_that_section_from_every_issue(client, sample):
    response = client.get("/sections/industry/")

    assert row_titles(response) == [
        "Speech recognition on the edge",
        "Robots learn to walk with reinforcement learning",
        "Rent a GPU cloud",
        "OpenAI trains a huge transformer",
        "Painting with GANs",
    ]
    assertContains(response, "<h1>Industry</h1>")
    assertContains(response, '<a href="/sections/industry/" aria-current="page">Industry</a>')


def test_a_section_page_with_an_ampersand(client, sample):
    response = client.get("/sections/papers-publications/")

    assert row_titles(response) == ["Attention for Quokkas"]
    assertContains(response, "<h1>Papers &amp; Publications</h1>")
