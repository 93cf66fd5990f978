"""Every public page and API endpoint against a list of nasty query values.

Always a 200 with an empty or clean page, or a 4xx with a clear message; never
a 500, and never the payload echoed unescaped.
"""

from urllib.parse import quote

import pytest
from django.core.cache import cache

from issues.importing import import_text

ISSUE = """Deep Learning Weekly Issue #900

Nasty inputs <script>alert(1)</script>

Industry

Transformers meet <img src=x onerror=alert(1)>

A transformer blurb with </mark> and <b>bold</b> in it.

Papers & Publications

Contrastive Robustness

Abstract: A contrastive paper about robustness.
"""

PATHS = [
    "/",
    "/issues/",
    "/issues/900/",
    "/items/{item}/",
    "/tags/",
    "/tags/transformers/",
    "/sections/industry/",
    "/search/",
    "/search/suggest",
    "/search/feed/",
    "/sitemap.xml",
    "/robots.txt",
    "/api/issues/",
    "/api/issues/900/",
    "/api/items/",
    "/api/items/{item}/",
    "/api/tags/",
    "/api/sections/",
]
PARAMETERS = [
    "q", "page", "page_size", "sort", "ordering", "tag", "section", "kind", "sponsored",
    "issue_min", "issue_max", "published_after", "published_before", "year", "format",
]  # fmt: skip
# Raw, already percent-encoded values, so invalid encodings reach the server as sent.
NASTY = {
    "nul": "%00",
    "nul-inside": "a%00b",
    "invalid-percent": "%ff%fe",
    "overlong-utf8": "%c0%af",
    "lone-surrogate": "%ed%a0%80",
    "html": quote("<script>alert(1)</script>"),
    "attribute": quote('"><img src=x onerror=alert(1)>'),
    "sql": quote("' OR 1=1; DROP TABLE issues_item;--"),
    "ordering-injection": quote("-password,author__password,id)"),
    "huge-number": "1" + "0" * 12,
    "many-digits": "9" * 5000,
    "negative": "-1",
    "float": "1e3",
    "emoji-rtl": quote("🦄\u202e\u200d"),
    "operators": quote('""" )( \\ <-> & | ! :* -or'),
    "empty": "",
    "long": "a" * 100_000,
}
PAYLOAD_MARKERS = ["<script>alert(1)", "<img src=x onerror"]


@pytest.fixture
def archive(db):
    result = import_text(ISSUE)
    return {"item": result.issue.items.order_by("position").first().pk}


def assert_clean(response, path):
    assert response.status_code < 500, f"{path} -> {response.status_code}"
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8", errors="replace")
    if response.status_code >= 400 and path.startswith("/api/"):
        assert content_type.startswith("application/json"), f"{path}: {content_type}"
    if "html" in content_type:
        for marker in PAYLOAD_MARKERS:
            assert marker not in body, f"{path} echoed {marker!r} unescaped"


@pytest.mark.parametrize("path", PATHS)
def test_each_page_answers_plainly(client, archive, path):
    response = client.get(path.format(**archive))

    assert response.status_code == 200, f"{path} -> {response.status_code}"


@pytest.mark.parametrize("path", PATHS)
def test_nasty_values_never_break_a_page(client, archive, path):
    url = path.format(**archive)
    for value in NASTY.values():
        every_parameter = "&".join(f"{name}={value}" for name in PARAMETERS)
        for query in (f"q={value}", every_parameter):
            cache.clear()  # keep the API throttle out of the way of the sweep
            assert_clean(client.get(url, QUERY_STRING=query), f"{url}?{query[:60]}")


@pytest.mark.parametrize(
    "query",
    ["page=1000000000000", "page_size=1000000000", "page=0&page_size=-5", "q=a&q=b&page=2&page=3"],
)
def test_pagination_extremes_are_refused_or_clamped(client, archive, query):
    for path in ("/issues/", "/search/", "/tags/transformers/", "/api/items/", "/api/issues/"):
        cache.clear()
        assert_clean(client.get(path, QUERY_STRING=query), f"{path}?{query}")
