"""Ranking, tie-breaks and sorts on small synthetic issues, with exact orders."""

import pytest

from issues.models import Item
from tests.search_helpers import add_issue

pytestmark = pytest.mark.django_db


def titles(q: str, sort: str = "relevance", queryset=None) -> list[str]:
    items = Item.objects.all() if queryset is None else queryset
    return list(items.search(q, sort=sort).values_list("title", flat=True))


@pytest.fixture
def weighted():
    add_issue(
        60,
        {
            "Industry": [
                ("Lemur in the title", "Nothing else here."),
                ("Blurb match", "A lemur in the blurb."),
            ],
            "Papers & Publications": [("Abstract match", "A lemur in the abstract.")],
        },
    )


def test_title_beats_blurb_beats_abstract(weighted):
    assert titles("lemur") == ["Lemur in the title", "Blurb match", "Abstract match"]
    ranks = list(Item.objects.search("lemur").values_list("rank", flat=True))
    assert ranks[0] > ranks[1] > ranks[2] > 0


def test_more_and_closer_matches_rank_higher():
    add_issue(
        61,
        {
            "Industry": [
                ("One", "Gecko here; and much later, far away, a tail."),
                ("Two", "Gecko tail."),
                ("Three", "Gecko tail, and a gecko tail again."),
            ]
        },
    )
    assert titles("gecko tail") == ["Three", "Two", "One"]


@pytest.fixture
def ties():
    # The same text everywhere: every rank is equal, so the tie-break decides.
    same = "Tapir news."
    add_issue(70, {"Industry": [("70 industry 1", same), ("70 industry 2", same)]})
    add_issue(
        72,
        {
            "Industry": [("72 industry 1", same)],
            "Learning": [("72 learning 1", same), ("72 learning 2", same)],
        },
    )
    add_issue(71, {"Industry": [("71 industry 1", same)]})


def test_ties_go_to_the_newer_issue_then_reading_order(ties):
    expected = [
        "72 industry 1",
        "72 learning 1",
        "72 learning 2",
        "71 industry 1",
        "70 industry 1",
        "70 industry 2",
    ]
    assert titles("tapir") == expected
    assert titles("tapir", sort="newest") == expected


def test_oldest_first_keeps_reading_order(ties):
    assert titles("tapir", sort="oldest") == [
        "70 industry 1",
        "70 industry 2",
        "71 industry 1",
        "72 industry 1",
        "72 learning 1",
        "72 learning 2",
    ]


def test_newest_ignores_rank(weighted):
    add_issue(59, {"Industry": [("Lemur lemur lemur", "Lemur lemur.")]})
    assert titles("lemur")[0] == "Lemur lemur lemur"
    assert titles("lemur", sort="newest")[-1] == "Lemur lemur lemur"
    assert titles("lemur", sort="oldest")[0] == "Lemur lemur lemur"


def test_websearch_syntax(weighted):
    add_issue(62, {"Industry": [("Lemur facts", "The ring tailed lemur eats fruit.")]})
    assert titles('"tailed lemur"') == ["Lemur facts"]
    assert titles('"lemur tailed"') == []
    assert titles("lemur -abstract -blurb") == ["Lemur facts", "Lemur in the title"]
    # One blurb word each: a tie, so the newer issue comes first.
    assert titles("fruit or nothing") == ["Lemur facts", "Lemur in the title"]
    assert titles("lemur fruit") == ["Lemur facts"]


def test_search_narrows_any_item_queryset(weighted):
    papers = Item.objects.filter(kind="paper")
    assert titles("lemur", queryset=papers) == ["Abstract match"]
    assert titles("lemur", queryset=Item.objects.none()) == []


def test_long_queries_are_cut_not_refused(weighted):
    assert titles("lemur " + "x" * 20_000) == []
    assert titles("lemur\x00 title") == ["Lemur in the title"]
