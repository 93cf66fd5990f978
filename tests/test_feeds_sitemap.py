"""sitemap.xml lists every page worth indexing; robots.txt points to it."""

import xml.etree.ElementTree as ET

import pytest

from issues.models import Item
from tests.browser.samples import import_sample

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.mark.django_db
def test_the_sitemap_lists_pages_issues_items_tags_and_sections(client):
    import_sample()

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own XML)
    locations = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    paths = [location.removeprefix("http://testserver") for location in locations]
    assert paths[:3] == ["/", "/issues/", "/tags/"]
    assert paths[3:6] == ["/issues/103/", "/issues/102/", "/issues/101/"]
    items = [f"/items/{pk}/" for pk in Item.objects.order_by("pk").values_list("pk", flat=True)]
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
    assert all(path.startswith("/") for path in paths)


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
