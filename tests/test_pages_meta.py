"""Every page's head: title, description, canonical address, Open Graph tags and feed links."""

import re
from html import unescape

import pytest

from issues.models import Item
from tests.browser.samples import import_sample


def head(response) -> str:
    html = response.content.decode()
    return html[: html.index("</head>")]


def meta(response, attribute: str, name: str) -> str:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', head(response))
    assert match, f"no {name} meta tag"
    return unescape(match.group(1))


def feeds(response) -> list[tuple[str, str]]:
    pattern = r'<link rel="alternate" type="application/atom\+xml" title="([^"]*)" href="([^"]*)">'
    return [
        (unescape(title), unescape(href)) for title, href in re.findall(pattern, head(response))
    ]


def title(response) -> str:
    return unescape(re.search(r"<title>([^<]*)</title>", head(response)).group(1))


def canonical(response) -> str:
    return unescape(re.search(r'<link rel="canonical" href="([^"]*)">', head(response)).group(1))


ISSUES_FEED = ("Deep Learning Weekly Archive: new issues", "/issues/feed/")


@pytest.fixture
def sample(db):
    import_sample()


def test_the_home_page_head(client, sample):
    response = client.get("/")

    assert title(response) == "Deep Learning Weekly Archive: every issue, searchable"
    assert meta(response, "name", "description").startswith("A searchable archive of the Deep")
    assert canonical(response) == "http://testserver/"
    assert meta(response, "property", "og:url") == "http://testserver/"
    assert meta(response, "property", "og:type") == "website"
    assert meta(response, "property", "og:site_name") == "Deep Learning Weekly Archive"
    assert feeds(response) == [ISSUES_FEED]


def test_an_issue_page_head(client, sample):
    response = client.get("/issues/102/", {"utm_source": "mail"})

    assert title(response) == (
        "Deep Learning Weekly Issue #102: Reinforcement learning robots and a sponsored GPU cloud"
        " · Deep Learning Weekly Archive"
    )
    assert meta(response, "name", "description") == (
        "Reinforcement learning robots and a sponsored GPU cloud"
    )
    assert canonical(response) == "http://testserver/issues/102/"
    assert meta(response, "property", "og:type") == "article"
    assert meta(response, "property", "og:title") == "Deep Learning Weekly Issue #102"
    assert feeds(response) == [ISSUES_FEED]


def test_an_item_page_head(client, sample):
    item = Item.objects.get(title="Painting with GANs")

    response = client.get(f"/items/{item.pk}/")

    assert title(response) == "Painting with GANs · Issue #101 · Deep Learning Weekly Archive"
    assert meta(response, "name", "description") == (
        "A generative adversarial network that paints skylines."
    )
    assert meta(response, "property", "og:description") == (
        "A generative adversarial network that paints skylines."
    )
    assert canonical(response) == f"http://testserver/items/{item.pk}/"


def test_a_tag_page_advertises_its_feed(client, sample):
    response = client.get("/tags/robotics/", {"page": "1"})

    assert title(response) == "Robotics · Deep Learning Weekly Archive"
    assert canonical(response) == "http://testserver/tags/robotics/"
    assert feeds(response) == [
        ISSUES_FEED,
        ("Robotics · Deep Learning Weekly Archive", "/tags/robotics/feed/"),
    ]


def test_the_issue_list_keeps_its_filters_in_the_canonical_address(client, sample):
    response = client.get("/issues/", {"tag": "robotics", "utm_source": "x"})

    assert canonical(response) == "http://testserver/issues/?tag=robotics"


def test_the_search_page_advertises_the_search_feed(client, sample):
    response = client.get("/search/", {"q": "robots & <b>"})

    assert ("Search: robots & <b>", "/search/feed/?q=robots%20%26%20%3Cb%3E") in feeds(response)
    assert canonical(response) == "http://testserver/search/?q=robots+%26+%3Cb%3E"


def test_an_empty_search_advertises_no_search_feed(client, sample):
    assert feeds(client.get("/search/")) == [ISSUES_FEED]


@pytest.mark.parametrize(
    "path", ["/", "/issues/", "/issues/101/", "/tags/", "/tags/robotics/", "/sections/learning/"]
)
def test_every_page_has_a_title_description_and_open_graph_tags(client, sample, path):
    response = client.get(path)

    assert "Deep Learning Weekly Archive" in title(response)
    for attribute, name in [
        ("name", "description"),
        ("property", "og:title"),
        ("property", "og:description"),
        ("property", "og:url"),
    ]:
        assert meta(response, attribute, name).strip(), f"{path}: empty {name}"
    assert canonical(response) == f"http://testserver{path}"
