"""Pages load their stylesheet and script from whitenoise: hashed names, compressed, cached."""

import re

import pytest


@pytest.mark.django_db
def test_assets_have_hashed_names_and_are_served_compressed_and_cached(client):
    html = client.get("/").content.decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)

    assert [re.sub(r"\.[0-9a-f]{12}\.", ".HASH.", path) for path in assets] == [
        "/static/css/site.HASH.css",
        "/static/img/icon.HASH.svg",
        "/static/js/site.HASH.js",
    ]
    for path in assets:
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip, br")
        assert response.status_code == 200, path
        assert response["Content-Encoding"] in {"gzip", "br"}, path
        assert "immutable" in response["Cache-Control"], path


@pytest.mark.django_db
def test_the_script_is_deferred_and_nothing_is_inline(client):
    html = client.get("/").content.decode()

    assert re.findall(r"<script[^>]*>", html) == [
        re.search(r'<script src="/static/js/site\.[0-9a-f]{12}\.js" defer>', html).group()
    ]
    assert " style=" not in html
