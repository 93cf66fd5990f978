"""Item.tag_ids: the item's tag ids in order, which triggers keep equal to its
ItemTag rows, and which the importer writes with the item (rewriting an item
costs as much as storing it)."""

import pytest
from django.db import connection

from issues.importing import import_text, retag
from issues.models import Item, ItemTag, Tag, TagSource
from tests.search_helpers import add_issue, issue_text

pytestmark = pytest.mark.django_db

SECTIONS = {
    "Industry": [("Robots everywhere", "A robot walks."), ("Quiet week", "Nothing.")],
    "Learning": [("Robot vision", "Cameras for a robot and a drone.")],
}


@pytest.fixture
def tags():
    Tag.objects.all().delete()
    return {
        "robots": Tag.objects.create(name="Robots", slug="robots", match_terms="robot"),
        "drones": Tag.objects.create(name="Drones", slug="drones", match_terms="drone"),
        "staff": Tag.objects.create(name="Picked", slug="picked"),
    }


def tag_ids() -> dict[str, list[int]]:
    return dict(Item.objects.order_by("pk").values_list("title", "tag_ids"))


def drifted() -> list[int]:
    """Ids of items whose tag_ids differ from their links."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.id FROM issues_item i
               WHERE i.tag_ids IS DISTINCT FROM coalesce(
                   (SELECT array_agg(tag_id ORDER BY tag_id) FROM issues_itemtag
                    WHERE item_id = i.id), '{}')"""
        )
        return [row[0] for row in cursor.fetchall()]


def item_rows_rewritten() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'issues_item'"
        )
        return cursor.fetchone()[0]


def test_the_importer_writes_the_ids_with_the_items_and_rewrites_none(tags):
    rewritten = item_rows_rewritten()
    add_issue(5, SECTIONS)
    robots, drones = tags["robots"].pk, tags["drones"].pk
    assert tag_ids() == {
        "Robots everywhere": [robots],
        "Quiet week": [],
        "Robot vision": sorted([robots, drones]),
    }
    assert item_rows_rewritten() == rewritten
    assert drifted() == []


def test_links_added_moved_and_removed_reach_the_ids(tags):
    add_issue(5, SECTIONS)
    robots, staff = tags["robots"].pk, tags["staff"].pk
    quiet = Item.objects.get(title="Quiet week")
    quiet.tags.add(tags["staff"], through_defaults={"source": TagSource.STAFF})
    assert tag_ids()["Quiet week"] == [staff]
    # A merge moves links from one tag to another.
    ItemTag.objects.filter(tag=tags["drones"]).update(tag=tags["staff"])
    assert tag_ids()["Robot vision"] == sorted([robots, staff])
    tags["robots"].delete()
    assert tag_ids() == {
        "Robots everywhere": [],
        "Quiet week": [staff],
        "Robot vision": [staff],
    }
    Item.objects.get(title="Robot vision").tags.clear()
    assert tag_ids() == {"Robots everywhere": [], "Quiet week": [staff], "Robot vision": []}
    assert drifted() == []


def test_an_update_keeps_the_staff_tags_in_the_ids(tags):
    add_issue(5, SECTIONS)
    Item.objects.get(title="Quiet week").tags.add(
        tags["staff"], through_defaults={"source": TagSource.STAFF}
    )
    changed = dict(SECTIONS, Industry=[("Quiet week", "Nothing at all, a drone.")])
    import_text(issue_text(5, changed), update=True)
    assert tag_ids()["Quiet week"] == sorted([tags["drones"].pk, tags["staff"].pk])
    assert drifted() == []


def test_retagging_reaches_the_ids(tags):
    add_issue(5, SECTIONS)
    Tag.objects.filter(pk=tags["drones"].pk).update(match_terms="week")
    assert retag() == (1, 1)
    assert tag_ids()["Quiet week"] == [tags["drones"].pk]
    assert tag_ids()["Robot vision"] == [tags["robots"].pk]
    assert drifted() == []
