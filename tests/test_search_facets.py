"""Facets and the chart: counts for the current query and filters, in one query."""

import datetime

import pytest
from django.http import QueryDict

from issues.models import Issue, Item, ItemTag, Tag, TagSource
from issues.search import (
    MAX_BARS,
    TOP_TAGS,
    Facet,
    Facets,
    chart,
    facet_active,
    facet_toggle,
    facets,
)
from tests.search_helpers import add_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    add_issue(
        120,
        {
            "Industry": [("Bison one", "Bison."), ("Bison two", "Bison.")],
            "Libraries & Code": [("[Github] herd/bison", "Bison code.")],
            "Papers & Publications": [("Bison paper", "Bison study.")],
        },
    )
    add_issue(151, {"Industry": [("Bison three", "Bison."), ("Moose", "Moose.")]})


def bison():
    return Item.objects.search("bison")


def summary(found: Facets) -> dict:
    return {
        "total": found.total,
        "sections": [(f.label, f.count, f.params) for f in found.sections],
        "kinds": [(f.label, f.count) for f in found.kinds],
        "issues": [(f.label, f.count, f.params) for f in found.issue_ranges],
        "years": found.years,
        "per_issue": found.per_issue,
    }


def test_counts_without_dates(archive, django_assert_num_queries):
    # The estimate, then every count and the ranking in one query.
    with django_assert_num_queries(2):
        found = facets(bison())
    assert summary(found) == {
        "total": 5,
        "sections": [
            ("Industry", 3, (("section", "industry"),)),
            ("Libraries & Code", 1, (("section", "libraries-code"),)),
            ("Papers & Publications", 1, (("section", "papers-publications"),)),
        ],
        "kinds": [("Article", 3), ("Paper", 1), ("Repository", 1)],
        "issues": [
            ("#100\N{EN DASH}149", 4, (("issue_min", "100"), ("issue_max", "149"))),
            ("#150\N{EN DASH}199", 1, (("issue_min", "150"), ("issue_max", "199"))),
        ],
        "years": [],
        "per_issue": [(120, 4), (151, 1)],
    }


def test_counts_follow_the_filters(archive):
    found = facets(bison().filter(kind="article"))
    assert found.total == 3
    assert [(f.label, f.count) for f in found.sections] == [("Industry", 3)]


def test_years_and_months_when_issues_have_dates(archive):
    Issue.objects.filter(number=120).update(published_on=datetime.date(2020, 3, 9))
    Issue.objects.filter(number=151).update(published_on=datetime.date(2021, 7, 1))
    found = facets(bison())
    assert found.years == [
        Facet(
            "year",
            "2020",
            4,
            (("published_after", "2020-01-01"), ("published_before", "2020-12-31")),
        ),
        Facet(
            "year",
            "2021",
            1,
            (("published_after", "2021-01-01"), ("published_before", "2021-12-31")),
        ),
    ]
    assert found.per_month == [("2020-03", 4), ("2021-07", 1)]
    assert found.issue_ranges == []  # years take their place
    drawn = chart(found)
    assert drawn.title == "Matching items per month"
    assert [(bar.label, bar.count, bar.height) for bar in drawn.bars] == [
        ("2020-03", 4, 120.0),
        ("2021-07", 1, 30.0),
    ]


def test_top_tags_by_count_then_name(archive):
    tags = Tag.objects.bulk_create(
        Tag(name=f"Zz tag {index:02}", slug=f"zz-{index:02}") for index in range(TOP_TAGS + 5)
    )
    items = list(bison())
    links = [
        ItemTag(item=item, tag=tag, source=TagSource.STAFF)
        for index, tag in enumerate(tags)
        for item in items[: 1 + (index % 3 == 0)]
    ]
    ItemTag.objects.bulk_create(links)
    found = facets(bison())
    assert len(found.tags) == TOP_TAGS
    doubled = [f"Zz tag {index:02}" for index in range(TOP_TAGS + 5) if index % 3 == 0]
    assert [f.label for f in found.tags[: len(doubled)]] == doubled
    assert all(f.count == 2 for f in found.tags[: len(doubled)])
    assert found.tags[len(doubled)].label == "Zz tag 01"


def test_empty_results(archive):
    found = facets(Item.objects.search("nothingmatches"))
    assert found.total == 0
    assert chart(found) is None


def test_chart_merges_buckets_past_the_limit():
    per_issue = [(number, number % 4 + 1) for number in range(1, 150)]
    found = Facets(0, [], [], [], [], [], per_issue, [])
    drawn = chart(found)
    assert len(drawn.bars) == 50  # 149 issues, three per bar
    assert len(drawn.bars) <= MAX_BARS
    assert drawn.bars[0].label == "#1\N{EN DASH}#3"
    assert drawn.bars[0].count == 2 + 3 + 4
    assert sum(bar.count for bar in drawn.bars) == sum(count for _, count in per_issue)
    assert max(bar.height for bar in drawn.bars) == drawn.height


def test_toggle_adds_replaces_and_removes():
    section = Facet("section", "Learning", 3, (("section", "learning"),))
    tag = Facet("tag", "NLP", 2, (("tag", "nlp"),))
    current = QueryDict("q=bert&section=industry&tag=vision&page=3")
    assert facet_toggle(section, current) == "?q=bert&section=learning&tag=vision"
    assert facet_toggle(tag, current) == "?q=bert&section=industry&tag=vision&tag=nlp"
    on = QueryDict("q=bert&tag=vision&tag=nlp")
    assert facet_active(tag, on)
    assert not facet_active(section, on)
    assert facet_toggle(tag, on) == "?q=bert&tag=vision"


def test_toggle_encodes_the_query_as_the_request_had_it():
    years = Facet(
        "year", "2024", 5, (("published_after", "2024-01-01"), ("published_before", "2024-12-31"))
    )
    current = QueryDict("q=caf%C3%A9+%22sparse+attention%22+-a%26b&tag=nlp&sort=newest")
    expected_query = "q=caf%C3%A9+%22sparse+attention%22+-a%26b&tag=nlp&sort=newest"
    added = f"?{expected_query}&published_after=2024-01-01&published_before=2024-12-31"
    assert facet_toggle(years, current) == added
    assert facet_toggle(years, QueryDict(added[1:])) == f"?{expected_query}"


def test_the_same_query_returns_the_asked_rows_in_order(archive):
    ranked = list(bison().values_list("id", flat=True))
    assert facets(bison(), rows=(1, 2)).page_ids == ranked[:2]
    assert facets(bison(), rows=(3, 20)).page_ids == ranked[2:]
    assert facets(bison(), rows=(6, 10)).page_ids == []
    oldest = Item.objects.search("bison", sort="oldest")
    assert facets(oldest, rows=(1, 20)).page_ids == list(oldest.values_list("id", flat=True))
