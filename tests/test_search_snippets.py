"""Snippets: the title and the best fragments, marked, computed for the shown page only."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from issues.filters import ItemFilter
from issues.models import Item
from issues.search import START, STOP, with_snippets
from issues.views.search import PAGE_SIZE
from tests.search_helpers import add_issue

pytestmark = pytest.mark.django_db

BEFORE = " ".join(f"before{index}" for index in range(80))
AFTER = " ".join(f"after{index}" for index in range(80))


def test_title_and_best_fragment_are_marked():
    add_issue(
        130,
        {
            "Industry": [("Meerkat", "x")],
            "Papers & Publications": [
                ("Meerkat vigilance", f"{BEFORE} Sentinel meerkats watch for hawks. {AFTER}")
            ],
        },
    )
    item = with_snippets(Item.objects.search("meerkat sentinel"), "meerkat sentinel").get(
        title="Meerkat vigilance"
    )
    assert item.title_snippet == f"{START}Meerkat{STOP} vigilance"
    assert f"{START}Sentinel{STOP} {START}meerkats{STOP} watch for hawks." in item.text_snippet
    assert "before0 " not in item.text_snippet
    assert "after79" not in item.text_snippet
    assert len(item.text_snippet.split()) < 60


def nodes(plan):
    """The plan's nodes, not those of its subplans (a row's tag list)."""
    yield plan
    for child in plan.get("Plans", []):
        if child.get("Parent Relationship") != "SubPlan":
            yield from nodes(child)


@pytest.fixture
def fifty():
    add_issue(
        131,
        {"Industry": [(f"Meerkat {index}", f"Meerkat text {index}.") for index in range(50)]},
    )


def test_the_page_headlines_only_its_own_rows(client, fifty):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("issues:search"), {"q": "meerkat", "page": "2"})
    assert response.status_code == 200
    (headlines,) = [query["sql"] for query in captured if "ts_headline" in query["sql"]]
    assert "@@" not in headlines  # no search: a look-up of the page's ids
    (ids,) = re.findall(r"i\.id = ANY\('\{([\d,]+)\}'", headlines)
    assert len(ids.split(",")) == PAGE_SIZE
    assert sorted(int(pk) for pk in ids.split(",")) == sorted(
        int(pk) for pk in re.findall(r'data-item-id="(\d+)"', response.content.decode())
    )


def test_a_sliced_search_headlines_only_the_slice(fifty):
    """A ranked queryset sliced as it is (a feed, an export) headlines after the limit."""
    filterset = ItemFilter({"q": "meerkat"})
    page = with_snippets(filterset.qs.for_lists(), "meerkat")[:PAGE_SIZE]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    computing = [
        node
        for node in nodes(plan)
        if any("ts_headline" in column for column in node.get("Output", []))
    ]
    (sort,) = [node for node in nodes(plan) if node["Node Type"] == "Sort"]
    below_sort = list(nodes(sort))
    assert computing, "the page query computes headlines"
    assert all(node not in below_sort for node in computing)
    assert all(node["Actual Rows"] <= PAGE_SIZE for node in computing)


def test_a_word_in_angle_brackets_stays_in_the_snippet(client):
    # ts_headline would drop "<burrows>" as an HTML tag; it is shown, escaped.
    add_issue(132, {"Industry": [("Wombat <news>", "Wombats dig <burrows> & tunnels.")]})

    page = client.get(reverse("issues:search"), {"q": "wombat"}).content.decode()
    answer = client.get(reverse("api:item-list"), {"q": "wombat"}).json()

    assert "<mark>Wombat</mark> &lt;news&gt;</a>" in page
    assert "<mark>Wombats</mark> dig &lt;burrows&gt; &amp; tunnels</p>" in page
    assert [item["snippet"] for item in answer["results"]] == [
        "<mark>Wombats</mark> dig &lt;burrows&gt; &amp; tunnels"
    ]
