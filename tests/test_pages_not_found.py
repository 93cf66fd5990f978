"""Unknown issue numbers, item ids, tag and section slugs get the designed 404 page."""

import pytest
from pytest_django.asserts import assertContains, assertTemplateUsed

from tests.browser.samples import import_sample


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/issues/999/",
        "/items/999999/",
        "/tags/no-such-tag/",
        "/tags/no-such-tag/feed/",
        "/sections/sports/",
        "/no/such/page/",
        "/issues/99999999999999999999/",
    ],
)
def test_unknown_addresses_get_the_designed_404(client, path):
    import_sample()

    response = client.get(path)

    assert response.status_code == 404
    assertTemplateUsed(response, "404.html")
    assertContains(response, "That page is not in the archive", status_code=404)
    assertContains(response, '<label for="not-found-search">', status_code=404)
    assertContains(response, '<a href="/issues/">All issues</a>', status_code=404)


@pytest.mark.django_db
def test_the_404_page_does_not_echo_the_address(client):
    response = client.get("/<script>alert(1)</script>/")

    assert response.status_code == 404
    assert b"<script>alert(1)" not in response.content
