"""The home page: the latest issue, a search box, top tags and the archive's size."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from issues.models import ItemTag, Tag
from tests.browser.samples import import_sample


@pytest.mark.django_db
def test_it_shows_the_latest_issue_with_its_items(client):
    import_sample()

    response = client.get("/")

    assertContains(response, '<h2 id="latest-title"><a href="/issues/103/">')
    assertContains(response, "Speech models on the edge and a wombat dataset")
    html = response.content.decode()
    latest = html[html.index('id="latest-title"') : html.index('id="tags-title"')]
    assert re.findall(r'<a href="/issues/103/#item-\d+">([^<]+)</a>', latest) == [
        "Speech recognition on the edge",
        "Wombat detection on device",
    ]


@pytest.mark.django_db
def test_it_counts_issues_and_items(client):
    import_sample()

    response = client.get("/")

    assertContains(response, "<div><dt>Issues</dt><dd>3</dd></div>", html=True)
    assertContains(response, "<div><dt>Items</dt><dd>10</dd></div>", html=True)


@pytest.mark.django_db
def test_it_lists_the_most_used_tags_first_and_earlier_issues(client):
    import_sample()

    response = client.get("/")

    html = response.content.decode()
    tags = html[html.index('id="tags-title"') : html.index('id="recent-title"')]
    slugs = re.findall(r'href="/tags/([a-z-]+)/"', tags)
    # transformers: 4 items; then the tags of 1 item each, by name.
    assert slugs[:2] == ["transformers", "audio-speech"]
    assert len(slugs) == 12
    recent = html[html.index('id="recent-title"') :]
    assert re.findall(r'href="/issues/(\d+)/"', recent) == ["102", "101"]


@pytest.mark.django_db
def test_it_has_one_labelled_search_box(client):
    response = client.get("/")

    assertContains(response, '<label for="home-search">Search the archive</label>', count=1)
    assertContains(response, 'role="search"', count=1)
    assertContains(response, 'action="/search/"')


@pytest.mark.django_db
def test_an_empty_archive_says_how_to_fill_it(client):
    response = client.get("/")

    assert response.status_code == 200
    assertContains(response, "The archive is empty")
    assertNotContains(response, "latest-title")


@pytest.mark.django_db
def test_tags_on_no_item_are_left_out(client):
    import_sample()
    ItemTag.objects.exclude(tag__slug="transformers").delete()

    html = client.get("/").content.decode()

    tags = html[html.index('id="tags-title"') : html.index('id="recent-title"')]
    assert re.findall(r'href="/tags/([a-z-]+)/"', tags) == ["transformers"]
    assert [tag.slug for tag in Tag.objects.in_use()] == ["transformers"]
    assert Tag.objects.with_item_count().get(slug="robotics").item_count == 0
