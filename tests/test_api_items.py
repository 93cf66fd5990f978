"""GET /api/items/ and /api/items/<id>/: search, every filter, snippets, facets, did-you-mean."""

import datetime
import re

import pytest

from issues.models import Item, Tag
from tests.search_helpers import add_issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_throttle")]


@pytest.fixture
def archive():
    add_issue(
        10,
        {
            "Industry": [
                ("Quokka robots arrive", "A company ships <b>quokka</b> arms & legs."),
                ("Wombat funding", "Wombat raises money (Sponsored Content)"),
            ],
            "Papers & Publications": [("Quokka learning", "We study quokka policies.")],
        },
        published_on=datetime.date(2020, 5, 1),
    )
    add_issue(
        11,
        {
            "Industry": [("Quokka chips", "Chips for quokka inference.")],
            "Libraries & Code": [("[Github] zoo/quokka", "A quokka library.")],
        },
        published_on=datetime.date(2021, 6, 1),
    )
    add_issue(12, {"Industry": [("Nothing here", "Plain text about wombats.")]})
    Tag.objects.all().delete()  # the vocabulary's automatic tags would blur exact counts
    zoology = Tag.objects.create(name="Zoology", slug="zoology")
    hardware = Tag.objects.create(name="Hardware", slug="hardware")
    for title in ("Quokka robots arrive", "Quokka chips", "Wombat funding"):
        Item.objects.get(title=title).tags.add(zoology)
    Item.objects.get(title="Quokka chips").tags.add(hardware)


def unmarked(snippet: str) -> str:
    return snippet.replace("<mark>", "").replace("</mark>", "")


def titles(client, query) -> list[str]:
    response = client.get("/api/items/", QUERY_STRING=query)
    assert response.status_code == 200, response.json()
    return [item["title"] for item in response.json()["results"]]


def test_item_detail(client, archive):
    item = Item.objects.get(title="Quokka chips")

    response = client.get(f"/api/items/{item.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": item.pk,
        "title": "Quokka chips",
        "blurb": "Chips for quokka inference.",
        "abstract": "",
        "kind": "article",
        "sponsored": False,
        "note": "",
        "url": "",
        "issue": 11,
        "section": "Industry",
        "tags": [{"slug": "hardware", "name": "Hardware"}, {"slug": "zoology", "name": "Zoology"}],
        "page_url": f"http://testserver/items/{item.pk}/",
        "api_url": f"http://testserver/api/items/{item.pk}/",
    }


def test_missing_item_is_a_json_404(client, archive):
    response = client.get("/api/items/999999/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No Item matches the given query."}


def test_without_q_everything_newest_first_with_no_rank_or_snippet(client, archive):
    body = client.get("/api/items/").json()

    assert [item["title"] for item in body["results"]] == [
        "Nothing here",
        "Quokka chips",
        "zoo/quokka",
        "Quokka robots arrive",
        "Wombat funding",
        "Quokka learning",
    ]
    assert {(item["rank"], item["snippet"]) for item in body["results"]} == {(None, None)}
    # Whole-archive counts are /api/sections/ and /api/tags/.
    assert (body["facets"], body["suggestion"]) == (None, None)
    assert client.get("/api/items/?sort=oldest").json()["facets"] is None
    first = body["results"][1]
    assert (first["issue"], first["section"], first["kind"]) == (11, "Industry", "article")


def test_q_ranks_and_highlights(client, archive):
    body = client.get("/api/items/?q=quokka").json()

    assert body["count"] == 4
    results = {item["title"]: item for item in body["results"]}
    assert list(results) == [
        "Quokka chips",
        "Quokka robots arrive",
        "Quokka learning",
        "zoo/quokka",
    ]
    ranks = [item["rank"] for item in body["results"]]
    assert all(rank > 0 for rank in ranks)
    assert ranks == sorted(ranks, reverse=True)
    # ts_headline picks the fragment (and may trim stopwords and punctuation at its ends).
    for title, text in [
        ("Quokka chips", "Chips for quokka inference."),
        ("Quokka learning", "We study quokka policies."),
    ]:
        snippet = results[title]["snippet"]
        assert "<mark>quokka</mark>" in snippet
        assert unmarked(snippet) in text


def test_snippets_escape_the_items_text(client, archive):
    body = client.get("/api/items/?q=arms").json()

    (item,) = body["results"]
    snippet = item["snippet"]
    assert "<mark>arms</mark> &amp; legs" in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0  # <mark> is the only markup
    assert item["blurb"] == "A company ships <b>quokka</b> arms & legs."  # raw text stays raw


def test_a_title_only_match_is_highlighted_in_the_title_when_there_is_no_text(client, archive):
    Item.objects.filter(title="Quokka chips").update(blurb="")

    body = client.get("/api/items/?q=chips").json()

    assert [item["snippet"] for item in body["results"]] == ["Quokka <mark>chips</mark>"]
    results = client.get("/api/items/?q=quokka").json()["results"]
    assert {item["title"]: item["snippet"] for item in results}["Quokka chips"] == (
        "<mark>Quokka</mark> chips"
    )


ISSUE_10 = ["Quokka robots arrive", "Wombat funding", "Quokka learning"]
ISSUE_11 = ["Quokka chips", "zoo/quokka"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=quokka&sort=oldest", ["Quokka robots arrive", "Quokka learning", *ISSUE_11]),
        ("q=quokka&sort=newest", [*ISSUE_11, "Quokka robots arrive", "Quokka learning"]),
        ("q=quokka&tag=zoology", ["Quokka chips", "Quokka robots arrive"]),
        ("tag=zoology&tag=hardware", ["Quokka chips"]),
        ("q=quokka&section=papers-publications", ["Quokka learning"]),
        ("kind=repo", ["zoo/quokka"]),
        ("sponsored=true", ["Wombat funding"]),
        ("q=quokka&issue_min=11", ["Quokka chips", "zoo/quokka"]),
        ("q=quokka&issue_max=10&sort=oldest", ["Quokka robots arrive", "Quokka learning"]),
        ("q=quokka&published_after=2021-01-01", ["Quokka chips", "zoo/quokka"]),
        ("published_before=2020-12-31&sort=oldest", ISSUE_10),
        ('q="quokka library"', ["zoo/quokka"]),
        ("q=quokka -chips -robots", ["Quokka learning", "zoo/quokka"]),
        ("q=koala", []),
    ],
)  # fmt: skip
def test_every_filter_of_the_search_page(client, archive, query, expected):
    assert titles(client, query) == expected


def test_facets_count_the_matches(client, archive):
    body = client.get("/api/items/?q=quokka").json()

    facets = body["facets"]
    assert set(facets) == {"sections", "kinds", "tags", "years", "issue_ranges"}
    assert [(f["label"], f["count"], f["params"]) for f in facets["sections"]] == [
        ("Industry", 2, {"section": "industry"}),
        ("Libraries & Code", 1, {"section": "libraries-code"}),
        ("Papers & Publications", 1, {"section": "papers-publications"}),
    ]
    assert [(f["label"], f["count"]) for f in facets["kinds"]] == [
        ("Article", 2),
        ("Paper", 1),
        ("Repository", 1),
    ]
    assert [(f["label"], f["count"], f["params"]) for f in facets["tags"]] == [
        ("Zoology", 2, {"tag": "zoology"}),
        ("Hardware", 1, {"tag": "hardware"}),
    ]
    assert [(f["label"], f["count"], f["params"]) for f in facets["years"]] == [
        ("2020", 2, {"published_after": "2020-01-01", "published_before": "2020-12-31"}),
        ("2021", 2, {"published_after": "2021-01-01", "published_before": "2021-12-31"}),
    ]
    # Issue ranges stand in for years only where no matching issue has a date.
    assert facets["issue_ranges"] == []


def test_a_facets_url_applies_its_filter(client, archive):
    facets = client.get("/api/items/?q=quokka&page=1").json()["facets"]
    industry = facets["sections"][0]

    assert industry["active"] is False
    assert industry["url"] == "http://testserver/api/items/?q=quokka&section=industry"
    applied = client.get(industry["url"]).json()
    assert applied["count"] == industry["count"]
    assert applied["facets"]["sections"][0]["active"] is True
    assert applied["facets"]["sections"][0]["url"] == "http://testserver/api/items/?q=quokka"


def test_facets_follow_the_filters(client, archive):
    facets = client.get("/api/items/?tag=hardware").json()["facets"]

    assert [(f["label"], f["count"]) for f in facets["sections"]] == [("Industry", 1)]
    assert [(f["label"], f["count"]) for f in facets["tags"]] == [("Hardware", 1), ("Zoology", 1)]


def test_did_you_mean_on_a_misspelled_query(client, archive):
    body = client.get("/api/items/?q=quokak&sort=oldest").json()

    assert body["count"] == 0
    assert body["suggestion"] == {
        "q": "quokka",
        "count": 4,
        "url": "http://testserver/api/items/?q=quokka&sort=oldest",
    }
    assert client.get(body["suggestion"]["url"]).json()["count"] == 4


def test_no_suggestion_when_the_query_finds_plenty_or_has_only_stopwords(client, archive):
    assert client.get("/api/items/?q=quokka").json()["suggestion"] is None
    body = client.get("/api/items/?q=the+and+of").json()
    assert (body["count"], body["suggestion"]) == (0, None)
