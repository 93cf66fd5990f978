"""Every reader page runs a fixed number of queries, however big the archive.

Each count is pinned on the small sample archive and again after more issues,
items and tags arrive, so an N+1 shows up as a changed count.
"""

import pytest

from issues.importing import import_text
from issues.models import Item
from tests.browser.samples import import_sample, issue_text

PAGES = [
    # issues, sections of the latest, their items, top tags, two counts
    ("/", 6),
    # year choices, tag choices (rendering), count, the page's ids, its issues
    ("/issues/", 5),
    # ... and the tag's lookup
    ("/issues/?q=robots&tag=robotics", 6),
    # year choices, tag choices; an invalid filter queries no issues
    ("/issues/?year=abc", 2),
    # issue, sections, items with their tags, previous, next
    ("/issues/102/", 5),
    # item with issue, section and tags, its distinctive words, related items
    ("/items/{item}/", 3),
    # count, the page of tags with their item counts
    ("/tags/", 2),
    # tag, count, the page's ids, its items with their tags
    ("/tags/transformers/", 4),
    # count, the page's ids, its items with their tags
    ("/sections/industry/", 3),
    # issues, their sections, their items
    ("/issues/feed/", 3),
    # tag, items with their tags
    ("/tags/transformers/feed/", 2),
    # items with their tags
    ("/search/feed/?q=transformer", 1),
    # the index: counts of issues, items and tags; latest change of issues and items
    ("/sitemap.xml", 5),
    # count and rows
    ("/sitemap-items.xml", 2),
    ("/robots.txt", 0),
    ("/issues/999/", 1),
    ("/no/such/page/", 0),
]


def grow_archive():
    for number in range(201, 205):
        items = [(f"Transformer robots {number}.{n}", "Robots, transformers.") for n in range(6)]
        import_text(issue_text(number, "More robots", [("Industry", items), ("Learning", items)]))


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "queries"), PAGES, ids=[path for path, _ in PAGES])
def test_each_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, path, queries
):
    import_sample()
    url = path.format(item=Item.objects.get(title="Rent a GPU cloud").pk)
    with django_assert_num_queries(queries):
        small = client.get(url)

    grow_archive()
    with django_assert_num_queries(queries):
        large = client.get(url)

    assert small.status_code == large.status_code
    assert small.status_code in {200, 404}
