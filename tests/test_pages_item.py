"""The item page: the item, its issue, section and tags, and related items from other issues."""

import re
from html import unescape

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from issues.models import Item
from issues.related import related_items
from tests.browser.samples import import_sample


def related_titles(response) -> list[str]:
    html = response.content.decode()
    related = html[html.index('id="related-title"') :]
    return [
        unescape(title) for title in re.findall(r'<li><a href="/items/\d+/">([^<]+)</a>', related)
    ]


@pytest.fixture
def sample(db):
    import_sample()


def test_it_shows_the_item_its_issue_section_and_tags(client, sample):
    item = Item.objects.get(title="Robots learn to walk with reinforcement learning")

    response = client.get(f"/items/{item.pk}/")

    assertContains(response, "<h1>Robots learn to walk with reinforcement learning</h1>")
    assertContains(response, '<p class="lede">DeepMind robots trained with reinforcement learning')
    assertContains(
        response, f'<a href="/issues/102/#{item.anchor}">Deep Learning Weekly Issue #102</a>'
    )
    assertContains(response, '<a href="/sections/industry/">Industry</a>')
    tags = re.findall(r'class="tag" href="/tags/([a-z-]+)/"', response.content.decode())
    assert tags == ["deepmind", "reinforcement-learning", "robotics"]


def test_related_items_come_from_other_issues_best_first(client, sample):
    item = Item.objects.get(title="Wombat detection on device")

    response = client.get(f"/items/{item.pk}/")

    # The untitled item shares "wombat" and "detection"; the others only "detection",
    # in a title (weight A), a blurb (B) and an abstract (C).
    assert related_titles(response) == [
        "An untitled note about wombat detection from a lost headline.",
        "A guide to quokka detection",
        "acme/quokka-vision",
        "Attention for Quokkas",
    ]


def test_related_items_never_include_the_same_issue_and_are_at_most_five(sample):
    for item in Item.objects.all():
        related = related_items(item)
        assert len(related) <= 5
        assert all(other.issue_id != item.issue_id for other in related)


def test_an_item_with_nothing_in_common_has_no_related_items(client, sample):
    item = Item.objects.get(title="Painting with GANs")

    response = client.get(f"/items/{item.pk}/")

    assert related_titles(response) == []
    assertContains(response, "No close matches in other issues yet.")


def test_a_titleless_item_shows_its_blurb_as_its_heading(client, sample):
    item = Item.objects.get(title="")

    response = client.get(f"/items/{item.pk}/")

    assertContains(
        response, "<h1>An untitled note about wombat detection from a lost headline.</h1>"
    )
    assertContains(response, "The newsletter's text lost this item's title")


def test_a_repository_links_out_and_a_paper_shows_its_abstract(client, sample):
    repo = Item.objects.get(kind="repo")
    paper = Item.objects.get(kind="paper")

    repo_page = client.get(f"/items/{repo.pk}/")
    paper_page = client.get(f"/items/{paper.pk}/")

    assertContains(
        repo_page, 'href="https://github.com/acme/quokka-vision" rel="noopener external"'
    )
    assertNotContains(paper_page, "noopener external")
    assertContains(paper_page, '<h2 id="abstract-title">Abstract</h2>')
    assertContains(paper_page, "<p>We study attention in quokka detection transformers.</p>")


def test_a_sponsored_item_says_so_and_shows_its_note(client, sample):
    item = Item.objects.get(sponsored=True)

    response = client.get(f"/items/{item.pk}/")

    assertContains(response, '<span class="badge badge--sponsored">Sponsored</span>', count=1)
    assertContains(response, "Thanks to GPU Cloud Inc for sponsoring this issue.")
