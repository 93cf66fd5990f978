"""The /search/ page: results in rank order, count, facets, chart, pagination, bounded queries."""

import re

import pytest
from django.urls import reverse

from issues.views.search import PAGE_SIZE
from tests.search_helpers import add_issue

pytestmark = pytest.mark.django_db
URL = reverse("issues:search")


def item_ids(html: str) -> list[int]:
    return [int(value) for value in re.findall(r'data-item-id="(\d+)"', html)]


def many_issues(count_per_issue: int, issues: int) -> None:
    for number in range(1, issues + 1):
        add_issue(
            number,
            {
                "Industry": [
                    (f"Pangolin story {number}-{index}", f"Pangolins, part {index}.")
                    for index in range(count_per_issue)
                ]
            },
        )


@pytest.fixture
def archive():
    add_issue(
        30,
        {
            "Industry": [
                ("Okapi sightings rise", "Okapi okapi okapi in the forest."),
                ("Forest news", "One okapi seen."),
            ],
            "Papers & Publications": [("Okapi vision", "We track the okapi.")],
        },
    )
    add_issue(31, {"Industry": [("Okapi returns", "The okapi is back.")]})


def test_results_in_rank_order_with_links_and_query_kept(client, archive):
    from issues.models import Item

    response = client.get(URL, {"q": "okapi"})
    html = response.content.decode()
    assert response.status_code == 200
    expected = list(Item.objects.search("okapi").values_list("id", flat=True))
    assert item_ids(html) == expected
    assert len(expected) == 4
    for item_id in expected:
        assert f'href="/items/{item_id}/"' in html
    assert 'name="q" value="okapi"' in html
    assert "<strong>4</strong> results" in html
    assert re.search(r'class="search-time">\(\d+ ms\)', html)


def test_sort_newest_and_oldest(client, archive):
    from issues.models import Item

    newest = item_ids(client.get(URL, {"q": "okapi", "sort": "newest"}).content.decode())
    oldest = item_ids(client.get(URL, {"q": "okapi", "sort": "oldest"}).content.decode())
    issues = dict(Item.objects.values_list("id", "issue__number"))
    assert [issues[pk] for pk in newest] == [31, 30, 30, 30]
    assert [issues[pk] for pk in oldest] == [30, 30, 30, 31]


def test_facet_links_add_and_remove_filters(client, archive):
    html = client.get(URL, {"q": "okapi"}).content.decode()
    assert (
        '<a href="?q=okapi&amp;section=papers-publications">Papers &amp; Publications</a>' in html
    )
    assert '<a href="?q=okapi&amp;kind=paper">Paper</a>' in html
    assert '<a href="?q=okapi&amp;issue_min=1&amp;issue_max=49">#1\N{EN DASH}49</a>' in html
    narrowed = client.get(URL, {"q": "okapi", "section": "papers-publications"}).content.decode()
    assert len(item_ids(narrowed)) == 1
    assert 'href="?q=okapi" class="is-active"' in narrowed


def test_chart_has_one_bar_per_issue(client, archive):
    html = client.get(URL, {"q": "okapi"}).content.decode()
    bars = re.findall(r"<title>(#\d+): (\d+) items?</title><rect ", html)
    assert bars == [("#30", "3"), ("#31", "1")]
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_pagination_twenty_per_page(client):
    many_issues(count_per_issue=9, issues=5)  # 45 matches
    first = client.get(URL, {"q": "pangolin"}).content.decode()
    third = client.get(URL, {"q": "pangolin", "page": "3"}).content.decode()
    assert len(item_ids(first)) == PAGE_SIZE == 20
    assert len(item_ids(third)) == 5
    assert "<strong>45</strong> results, 1\N{EN DASH}20 shown" in first
    assert "Page 1 of 3" in first
    assert set(item_ids(first)).isdisjoint(item_ids(third))


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999999999999999999999", "2%00"])
def test_odd_page_numbers_still_give_a_page(client, page):
    many_issues(count_per_issue=3, issues=1)
    response = client.get(f"{URL}?q=pangolin&page={page}")
    assert response.status_code == 200
    assert len(item_ids(response.content.decode())) == 3


def test_did_you_mean_link(client, archive):
    html = client.get(URL, {"q": "okpai", "section": "industry"}).content.decode()
    assert item_ids(html) == []
    assert 'Did you mean <a href="?q=okapi&amp;section=industry">okapi</a>? (3 results)' in html


def test_stopword_only_query_gets_a_message_and_no_results(client, archive):
    response = client.get(URL, {"q": "the of and"})
    html = response.content.decode()
    assert response.status_code == 200
    assert item_ids(html) == []
    assert "only very common words" in html


def test_blank_page_has_no_results_and_a_hint(client, archive):
    html = client.get(URL).content.decode()
    assert item_ids(html) == []
    assert "Type some words" in html


def test_filters_without_query_list_newest_first(client, archive):
    from issues.models import Item

    html = client.get(URL, {"kind": "paper"}).content.decode()
    assert item_ids(html) == [Item.objects.get(title="Okapi vision").pk]


def test_invalid_filter_is_a_message_not_an_unfiltered_list(client, archive):
    response = client.get(URL, {"q": "okapi", "issue_min": "abc", "tag": "no-such"})
    html = response.content.decode()
    assert response.status_code == 400
    assert item_ids(html) == []
    assert "issue_min: Enter a whole number." in html
    assert "tag: Select a valid choice. no-such is not one of the available choices." in html


@pytest.mark.parametrize("issues", [1, 6])
def test_query_count_is_bounded_whatever_the_page_size(client, django_assert_num_queries, issues):
    many_issues(count_per_issue=8, issues=issues)  # 8 or 48 matches, all tagged below
    from issues.models import Item, ItemTag, Tag

    tag = Tag.objects.order_by("pk").first()
    ItemTag.objects.bulk_create(ItemTag(item=item, tag=tag) for item in Item.objects.all())
    # the estimate, facets (with the total), the page with snippets and tags
    with django_assert_num_queries(3):
        response = client.get(URL, {"q": "pangolin"})
    assert len(item_ids(response.content.decode())) == min(8 * issues, PAGE_SIZE)
    # + validating the tag filter
    with django_assert_num_queries(4):
        client.get(URL, {"q": "pangolin", "tag": tag.slug, "sort": "newest"})
    assert len(item_ids(response.content.decode())) == min(8 * issues, PAGE_SIZE)


def test_query_count_with_spelling_help(client, django_assert_num_queries, archive):
    # No results, so no page rows: the estimate, facets, the stopword check,
    # vocabulary, respelled count
    with django_assert_num_queries(5):
        client.get(URL, {"q": "okpai"})
    # the estimate, facets, the stopword check
    with django_assert_num_queries(3):
        client.get(URL, {"q": "the"})
    # Few results: the estimate, facets, page, vocabulary (nothing to respell, so no count)
    with django_assert_num_queries(4):
        client.get(URL, {"q": "okapi", "kind": "paper"})


def test_past_the_last_page_shows_the_last_page(client, django_assert_num_queries):
    many_issues(count_per_issue=9, issues=5)  # 45 matches
    last = client.get(URL, {"q": "pangolin", "page": "3"}).content.decode()
    # the estimate and facets (no rows on page 7), the same two for the last
    # page's ids, its rows with their tags
    with django_assert_num_queries(5):
        beyond = client.get(URL, {"q": "pangolin", "page": "7"}).content.decode()
    assert item_ids(beyond) == item_ids(last)
    assert len(item_ids(beyond)) == 5
    assert "Page 3 of 3" in beyond
