"""Admin actions over more items than a request can rewrite in time are refused up
front, with one message saying what to do instead, and nothing changes."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from issues import admin as archive_admin
from issues.importing import import_text
from issues.models import Item, ItemTag, Tag
from tests.admin_support import issue_text, messages_of

ITEMS = reverse("admin:issues_item_changelist")
TAGS = reverse("admin:issues_tag_changelist")


@pytest.fixture
def archive(db):
    import_text(issue_text(7))
    robots = Tag.objects.create(name="Robots", slug="robots")
    for title in ("A robot that reads manuals", "Tiny models on phones"):
        ItemTag.objects.create(item=Item.objects.get(title=title), tag=robots)
    return robots


@pytest.fixture
def limits(monkeypatch):
    monkeypatch.setattr(archive_admin, "MAX_ACTION_ITEMS", 2)
    monkeypatch.setattr(archive_admin, "MAX_RETAG_ITEMS", 6)


def state() -> tuple:
    return (
        sorted(Tag.objects.values_list("slug", "match_terms")),
        sorted(ItemTag.objects.values_list("item__title", "tag__slug", "source")),
        sorted(Item.objects.values_list("title", "sponsored")),
        LogEntry.objects.count(),
    )


def test_a_merge_of_tags_on_more_items_than_a_page_can_rewrite_is_refused(
    staff_client, archive, limits
):
    ItemTag.objects.create(item=Item.objects.get(title="acme/fastlib"), tag=archive)
    before = state()

    response = staff_client.post(TAGS, {"action": "merge", "_selected_action": [archive.pk]})

    assert response.status_code == 302
    assert messages_of(response) == [
        "That action covers 3 items, more than one here can within a page's time (at most 2); "
        "nothing was changed: run manage.py merge_tags robots --into TARGET."
    ]
    assert state() == before


def test_a_merge_within_the_limit_still_asks_for_its_target(staff_client, archive, limits):
    response = staff_client.post(TAGS, {"action": "merge", "_selected_action": [archive.pk]})

    assert response.status_code == 200
    assert "Robots (2 items)" in response.content.decode()


def test_re_running_tagging_on_every_item_past_the_limit_points_to_the_command(
    staff_client, archive, limits
):
    assert Item.objects.count() == 7
    before = state()

    response = staff_client.post(TAGS, {"action": "retag_all", "_selected_action": [archive.pk]})

    assert messages_of(response) == [
        "That action covers 7 items, more than one here can within a page's time (at most 6); "
        "nothing was changed: run manage.py retag."
    ]
    assert state() == before


@pytest.mark.parametrize("action", ["add_tag", "remove_tag", "mark_sponsored", "retag_items"])
def test_item_actions_on_too_many_selected_items_are_refused(
    staff_client, archive, limits, action
):
    selected = list(Item.objects.order_by("pk").values_list("pk", flat=True)[:3])
    before = state()

    response = staff_client.post(
        ITEMS, {"action": action, "_selected_action": selected, "apply": "1", "tag": archive.pk}
    )

    assert response.status_code == 302
    assert messages_of(response) == [
        "That action covers 3 items, more than one here can within a page's time (at most 2); "
        "nothing was changed: select fewer at once."
    ]
    assert state() == before


def test_item_actions_within_the_limit_still_apply(staff_client, archive, limits):
    selected = list(
        Item.objects.filter(sponsored=False).order_by("pk").values_list("pk", flat=True)[:2]
    )

    response = staff_client.post(ITEMS, {"action": "mark_sponsored", "_selected_action": selected})

    assert messages_of(response) == ["Changed 2 items."]
    assert set(Item.objects.filter(pk__in=selected).values_list("sponsored", flat=True)) == {True}
