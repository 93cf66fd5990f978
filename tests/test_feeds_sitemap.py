"""sitemap.xml indexes every page worth indexing; robots.txt points to it."""

import xml.etree.ElementTree as ET

import pytest

from issues.importing import import_text
from issues.models import Item
from issues.sitemaps import ItemSitemap
from tests.browser.samples import import_sample, issue_text

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client, path: str, tag: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)  # noqa: S314 (our own XML)
    found = [element.findtext(f"{SITEMAP}loc") for element in root.findall(f"{SITEMAP}{tag}")]
    return [location.removeprefix("http://testserver") for location in found]


def every_address(client) -> list[str]:
    return [
        path
        for sitemap in locations(client, "/sitemap.xml", "sitemap")
        for path in locations(client, sitemap, "url")
    ]


@pytest.mark.django_db
def test_the_index_lists_one_sitemap_per_kind_of_page(client):
    import_sample()

    assert locations(client, "/sitemap.xml", "sitemap") == [
        "/sitemap-pages.xml",
        "/sitemap-issues.xml",
        "/sitemap-items.xml",
        "/sitemap-tags.xml",
        "/sitemap-sections.xml",
    ]


@pytest.mark.django_db
def test_the_sitemaps_list_pages_issues_items_tags_and_sections(client):
    import_sample()

    paths = every_address(client)

    items = [f"/items/{pk}/" for pk in Item.objects.order_by("pk").values_list("pk", flat=True)]
    assert paths[:6] == ["/", "/issues/", "/tags/", "/issues/103/", "/issues/102/", "/issues/101/"]
    assert paths[6 : 6 + len(items)] == items
    tags = paths[6 + len(items) : -5]
    assert len(tags) == 23 and "/tags/transformers/" in tags
    assert paths[-5:] == [
        "/sections/industry/",
        "/sections/mobile-edge/",
        "/sections/learning/",
        "/sections/libraries-code/",
        "/sections/papers-publications/",
    ]
    assert all(client.get(path).status_code == 200 for path in paths)


@pytest.mark.django_db
def test_items_past_one_sitemap_page_are_reached_through_the_index(client, monkeypatch):
    monkeypatch.setattr(ItemSitemap, "limit", 3)
    items = [(f"Item {n}", "Text.") for n in range(7)]
    import_text(issue_text(1, "Seven items", [("Industry", items)]))

    index = locations(client, "/sitemap.xml", "sitemap")
    item_pages = [path for path in index if path.startswith("/sitemap-items.xml")]

    assert item_pages == [
        "/sitemap-items.xml",
        "/sitemap-items.xml?p=2",
        "/sitemap-items.xml?p=3",
    ]
    listed = [path for page in item_pages for path in locations(client, page, "url")]
    assert listed == [
        f"/items/{pk}/" for pk in Item.objects.order_by("pk").values_list("pk", flat=True)
    ]


@pytest.mark.django_db
def test_an_unknown_sitemap_section_is_not_found(client):
    assert client.get("/sitemap-nope.xml").status_code == 404


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_off_search_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /search/",
        "Disallow: /api/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]
