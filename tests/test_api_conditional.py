"""ETag and Last-Modified on lists and details; a matching conditional GET is a 304."""

import datetime

import pytest
from django.utils.http import http_date

from issues.models import Issue, Item, ItemTag, Tag
from tests.search_helpers import add_issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_throttle")]

PATHS = ["/api/issues/", "/api/issues/5/", "/api/items/", "/api/items/{item}/", "/api/tags/"]


@pytest.fixture
def item():
    add_issue(5, {"Industry": [("Quokka arms", "Arms."), ("Wombat money", "Money.")]})
    return Item.objects.get(title="Quokka arms")


def paths(item) -> list[str]:
    return [path.format(item=item.pk) for path in PATHS] + ["/api/sections/"]


def test_every_successful_get_has_both_validators(client, item):
    for path in paths(item):
        response = client.get(path)
        assert response.status_code == 200
        assert response["ETag"].startswith('"') and len(response["ETag"]) == 34, path
        assert response["Last-Modified"].endswith(" GMT"), path


def test_if_none_match_gives_a_304_with_no_body(client, item):
    for path in paths(item):
        etag = client.get(path)["ETag"]
        response = client.get(path, headers={"If-None-Match": etag})
        assert response.status_code == 304, path
        assert response.content == b""
        assert response["ETag"] == etag


def test_if_modified_since_gives_a_304(client, item):
    for path in paths(item):
        last_modified = client.get(path)["Last-Modified"]
        response = client.get(path, headers={"If-Modified-Since": last_modified})
        assert response.status_code == 304, path


def test_an_older_date_or_another_etag_gives_the_body(client, item):
    for path in paths(item):
        yesterday = http_date((datetime.datetime.now() - datetime.timedelta(days=1)).timestamp())
        assert client.get(path, headers={"If-Modified-Since": yesterday}).status_code == 200
        assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def make_old():
    """Back-date every row, so "now" is later than Last-Modified even within one second."""
    old = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    Issue.objects.update(updated_at=old)
    Item.objects.update(updated_at=old)
    ItemTag.objects.update(created_at=old)


def test_a_new_issue_changes_both_validators_of_the_lists(client, item):
    make_old()
    before = client.get("/api/issues/")

    add_issue(6, {"Industry": [("Koala news", "News.")]})

    for path in ("/api/issues/", "/api/items/"):
        etag = client.get(path, headers={"If-None-Match": before["ETag"]})
        since = client.get(path, headers={"If-Modified-Since": before["Last-Modified"]})
        assert (etag.status_code, since.status_code) == (200, 200), path


def test_an_edited_item_changes_its_validators(client, item):
    path = f"/api/items/{item.pk}/"
    make_old()
    before = client.get(path)
    assert before["Last-Modified"] == "Wed, 01 Jan 2020 00:00:00 GMT"

    item.note = "A staff note."
    item.save()

    after = client.get(path, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after.json()["note"] == "A staff note."
    assert after["Last-Modified"] != before["Last-Modified"]
    issue = client.get("/api/issues/5/", headers={"If-Modified-Since": before["Last-Modified"]})
    assert issue.status_code == 200


def test_a_new_tag_link_moves_last_modified(client, item):
    make_old()
    before = client.get("/api/items/")

    item.tags.add(Tag.objects.create(name="Zoology", slug="zoology"))

    since = client.get("/api/items/", headers={"If-Modified-Since": before["Last-Modified"]})
    assert since.status_code == 200


def test_a_removed_tag_changes_the_etag(client, item):
    """Removals leave no timestamp, so the ETag (a hash of the body) is what tells."""
    tag = Tag.objects.create(name="Zoology", slug="zoology")
    item.tags.add(tag)
    before = client.get("/api/items/")

    ItemTag.objects.filter(tag=tag).delete()

    assert client.get("/api/items/", headers={"If-None-Match": before["ETag"]}).status_code == 200


def test_head_has_the_validators_and_no_body(client, item):
    get = client.get("/api/issues/")
    head = client.head("/api/issues/")

    assert (head.status_code, head.content) == (200, b"")
    assert (head["ETag"], head["Last-Modified"]) == (get["ETag"], get["Last-Modified"])
    assert client.head("/api/issues/", headers={"If-None-Match": get["ETag"]}).status_code == 304


def test_errors_carry_no_validators(client, item):
    response = client.get("/api/items/?sort=bogus")

    assert response.status_code == 400
    assert "ETag" not in response
    assert "Last-Modified" not in response


def test_an_empty_archive_has_an_etag_and_no_last_modified(client):
    response = client.get("/api/issues/")

    assert "Last-Modified" not in response
    assert (
        client.get("/api/issues/", headers={"If-None-Match": response["ETag"]}).status_code == 304
    )
