"""Every list endpoint runs the same, fixed number of queries whatever the page size."""

import pytest

from issues.models import Item, Tag
from tests.search_helpers import add_issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_throttle")]


@pytest.fixture
def archive():
    tags = [Tag.objects.create(name=f"Tag {n}", slug=f"tag-{n}") for n in range(3)]
    for number in range(1, 8):
        items = [(f"Quokka {number}-{n}", f"Quokka blurb {n}.") for n in range(9)]
        add_issue(number, {"Industry": items, "Papers & Publications": items})
    for item in Item.objects.all():
        item.tags.add(*tags)


# (path, queries): the validators' timestamp, the count, the page (items with their
# tags; the plain item list reads the page's ids, then those items); with q or a
# filter the estimate, then the facet query counts and ranks, then the page is read
# by id; checking a tag slug is one more.
LISTS = [
    ("/api/issues/", 3),
    ("/api/items/", 4),
    ("/api/items/?q=quokka", 4),
    ("/api/items/?kind=paper", 4),
    ("/api/items/?q=quokka&sort=oldest&kind=paper&tag=tag-1", 5),
    ("/api/tags/", 3),
    ("/api/sections/", 2),
]


@pytest.mark.parametrize(("path", "queries"), LISTS)
@pytest.mark.parametrize("page_size", [1, 100])
def test_list_queries_do_not_grow_with_the_page(
    client, archive, django_assert_num_queries, path, queries, page_size
):
    separator = "&" if "?" in path else "?"
    with django_assert_num_queries(queries):
        response = client.get(f"{path}{separator}page_size={page_size}")
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(page_size, response.json()["count"])


@pytest.mark.parametrize(("path", "queries"), [("/api/issues/3/", 3), ("/api/items/{item}/", 1)])
def test_detail_queries(client, archive, django_assert_num_queries, path, queries):
    url = path.format(item=Item.objects.first().pk)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def test_a_misspelled_query_adds_the_vocabulary_and_the_respelled_count(
    client, archive, django_assert_num_queries
):
    # Timestamp, estimate and facets; no page to fetch; then the stopword check,
    # the vocabulary and the respelled query's count.
    with django_assert_num_queries(6):
        body = client.get("/api/items/?q=quokak").json()
    assert body["suggestion"]["q"] == "quokka"


def test_a_stopword_query_adds_one_check(client, archive, django_assert_num_queries):
    # Timestamp, estimate, facets and the stopword check: nothing is left to respell.
    with django_assert_num_queries(4):
        body = client.get("/api/items/?q=the").json()
    assert (body["count"], body["suggestion"]) == (0, None)
