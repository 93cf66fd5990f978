"""Atom feeds: well-formed XML with the right entries; the search feed is the search."""

import xml.etree.ElementTree as ET

import pytest

from issues.filters_reader import SearchFeedForm
from issues.importing import import_text
from issues.models import Item
from tests.browser.samples import import_sample, issue_text

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    # Raises on anything that is not well-formed; the XML is our own.
    return ET.fromstring(response.content)  # noqa: S314


def entries(feed: ET.Element) -> list[dict]:
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "categories": [c.get("term") for c in entry.findall(f"{ATOM}category")],
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def item_ids(feed: ET.Element) -> list[int]:
    return [int(entry["link"].rstrip("/").rsplit("/", 1)[1]) for entry in entries(feed)]


@pytest.fixture
def sample(db):
    import_sample()


def test_the_issues_feed_lists_issues_newest_first_with_their_items(client, sample):
    feed = parse(client.get("/issues/feed/"))

    assert feed.findtext(f"{ATOM}title") == "Deep Learning Weekly Archive: new issues"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Deep Learning Weekly Archive"
    assert feed.findtext(f"{ATOM}id") == "http://testserver/issues/"
    found = entries(feed)
    assert [e["link"] for e in found] == [
        "http://testserver/issues/103/",
        "http://testserver/issues/102/",
        "http://testserver/issues/101/",
    ]
    assert found[0]["title"] == (
        "Deep Learning Weekly Issue #103: Speech models on the edge and a wombat dataset"
    )
    # The summary is escaped HTML listing the issue's items with absolute links.
    assert "<h3>Mobile &amp; Edge</h3>" in found[0]["summary"]
    wombat = Item.objects.get(title="Wombat detection on device")
    assert (
        f'<a href="http://testserver/items/{wombat.pk}/">Wombat detection' in found[0]["summary"]
    )


def test_a_tag_feed_lists_the_tags_items_newest_first(client, sample):
    feed = parse(client.get("/tags/transformers/feed/"))

    assert feed.findtext(f"{ATOM}title") == "Transformers · Deep Learning Weekly Archive"
    assert [e["title"] for e in entries(feed)] == [
        "Rent a GPU cloud",
        "A guide to quokka detection",
        "OpenAI trains a huge transformer",
        "Attention for Quokkas",
    ]
    assert entries(feed)[0]["categories"] == ["Hardware & chips", "Transformers"]


def test_an_unknown_tag_has_no_feed(client, sample):
    assert client.get("/tags/no-such-tag/feed/").status_code == 404


@pytest.mark.parametrize("q", ["detection", "transformer -quokka", '"reinforcement learning"'])
def test_the_search_feed_returns_the_same_items_as_the_search(client, sample, q):
    feed = parse(client.get("/search/feed/", {"q": q}))
    page = client.get("/search/", {"q": q, "sort": "newest"}).context["page"]

    expected = [item.pk for item in Item.objects.search(q, sort="newest")]
    assert expected, "the query finds something"
    assert item_ids(feed) == expected
    assert item_ids(feed) == [item.pk for item in page.object_list]
    assert feed.findtext(f"{ATOM}title") == f"Search: “{q}” · Deep Learning Weekly Archive"


@pytest.mark.django_db
def test_the_search_feed_stops_at_thirty_items(client):
    for number in range(1, 8):
        items = [(f"Robot {number}.{n}", "A robot.") for n in range(1, 6)]
        import_text(issue_text(number, "Robots", [("Industry", items)]))

    feed = parse(client.get("/search/feed/", {"q": "robot"}))

    expected = [item.pk for item in Item.objects.search("robot", sort="newest")[:30]]
    assert len(expected) == 30
    assert item_ids(feed) == expected


def test_a_search_with_no_query_is_an_empty_feed(client, sample):
    feed = parse(client.get("/search/feed/"))

    assert entries(feed) == []
    assert feed.findtext(f"{ATOM}title") == "Deep Learning Weekly Archive"


def test_markup_in_the_query_stays_text(client, sample):
    response = client.get("/search/feed/", {"q": "<script>alert(1)</script>"})

    feed = parse(response)
    assert b"<script>" not in response.content
    assert feed.findtext(f"{ATOM}title") == (
        "Search: “<script>alert(1)</script>” · Deep Learning Weekly Archive"
    )


@pytest.mark.parametrize(
    ("query_string", "message"),
    [
        ("q=a%00b", b"Null characters are not allowed."),
        ("q=" + "x" * 201, b"Ensure this value has at most 200 characters (it has 201)."),
        ("q=a%01b", b"The query has control characters."),
    ],
)
def test_a_bad_query_is_a_400_with_one_clear_line(client, sample, query_string, message):
    response = client.get("/search/feed/", QUERY_STRING=query_string)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == message


def test_the_bytes_of_a_lone_surrogate_are_read_as_a_harmless_query(client, sample):
    # Django decodes invalid UTF-8 in a query string to U+FFFD.
    feed = parse(client.get("/search/feed/", QUERY_STRING="q=%ED%A0%80"))

    assert entries(feed) == []


def test_a_lone_surrogate_is_refused():
    form = SearchFeedForm({"q": "ab\ud800"})

    assert not form.is_valid()
    assert form.errors["q"] == ["The query has characters that are not valid text."]
