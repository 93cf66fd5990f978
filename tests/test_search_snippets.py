"""Snippets: the title and the best fragments, marked, computed for the shown page only."""

import json

import pytest
from django.db import connection

from issues.filters import ItemFilter
from issues.models import Item
from issues.search import START, STOP, with_snippets
from issues.views.search import PAGE_SIZE, _page_rows
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
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def test_headlines_are_computed_after_the_limit():
    add_issue(
        131,
        {"Industry": [(f"Meerkat {index}", f"Meerkat text {index}.") for index in range(50)]},
    )
    filterset = ItemFilter({"q": "meerkat"})
    page = _page_rows(filterset.qs, "meerkat")[:PAGE_SIZE]
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
