"""Merging tags: items move to the target, staff marks survive, the old tags go."""

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.urls import reverse

from issues.admin_tags import merge_tags
from issues.importing import import_text, retag
from issues.models import Item, ItemTag, Tag, TagSource
from tests.admin_support import issue_text

TAGS = reverse("admin:issues_tag_changelist")


@pytest.fixture
def tags(db):
    import_text(issue_text(7))
    source = Tag.objects.create(name="Robots", slug="robots", match_terms="robot\nandroid")
    target = Tag.objects.get(slug="robotics")  # auto-tags "A robot that reads manuals"
    return source, target


def item(title: str) -> Item:
    return Item.objects.get(title=title)


def links(tag) -> list[tuple[str, str]]:
    return sorted(ItemTag.objects.filter(tag=tag).values_list("item__title", "source"))


def test_merging_moves_items_keeps_staff_marks_and_deletes_the_source(tags):
    source, target = tags
    robot, phones, fastlib = (
        item("A robot that reads manuals"),
        item("Tiny models on phones"),
        item("acme/fastlib"),
    )
    ItemTag.objects.create(item=robot, tag=source, source=TagSource.STAFF)  # target has it auto
    ItemTag.objects.create(item=phones, tag=source, source=TagSource.AUTO)
    ItemTag.objects.create(item=fastlib, tag=source, source=TagSource.STAFF)
    before = ItemTag.objects.count()

    moved = merge_tags([source], target)

    assert moved == 2
    assert links(target) == [
        ("A robot that reads manuals", "staff"),
        ("Tiny models on phones", "auto"),
        ("acme/fastlib", "staff"),
    ]
    assert not Tag.objects.filter(slug="robots").exists()
    assert ItemTag.objects.count() == before - 1  # the one both had is now one link
    target.refresh_from_db()
    assert target.terms[-1] == "android"  # robot was a term already (case-blind)
    assert target.terms.count("robot") == 1


def test_a_staff_link_on_the_target_stays_staff(tags):
    source, target = tags
    robot = item("A robot that reads manuals")
    ItemTag.objects.filter(item=robot, tag=target).update(source=TagSource.STAFF)
    ItemTag.objects.create(item=robot, tag=source, source=TagSource.AUTO)

    merge_tags([source], target)

    assert links(target) == [("A robot that reads manuals", "staff")]


def test_two_sources_tagging_one_item_give_one_link(tags):
    source, target = tags
    other = Tag.objects.create(name="Androids", slug="androids")
    phones = item("Tiny models on phones")
    ItemTag.objects.create(item=phones, tag=source, source=TagSource.AUTO)
    ItemTag.objects.create(item=phones, tag=other, source=TagSource.STAFF)

    merge_tags([source, other], target)

    assert links(target) == [
        ("A robot that reads manuals", "auto"),
        ("Tiny models on phones", "staff"),
    ]


def test_automatic_tagging_keeps_the_moved_links(tags):
    source, target = tags
    phones = item("Tiny models on phones")
    Item.objects.filter(pk=phones.pk).update(blurb="An android on a phone.")
    retag()
    assert links(source) == [
        ("A robot that reads manuals", "auto"),
        ("Tiny models on phones", "auto"),
    ]

    merge_tags([source], target)
    retag()

    assert links(target) == [
        ("A robot that reads manuals", "auto"),
        ("Tiny models on phones", "auto"),
    ]


def test_the_merge_action_asks_for_the_target_then_merges_and_logs(staff_client, tags):
    source, target = tags
    ItemTag.objects.create(item=item("acme/fastlib"), tag=source)
    selection = {"action": "merge", "_selected_action": [source.pk]}

    first = staff_client.post(TAGS, selection)

    assert first.status_code == 200
    assert "Robots (1 item)" in first.content.decode()
    assert Tag.objects.filter(pk=source.pk).exists()

    done = staff_client.post(TAGS, {**selection, "apply": "1", "target": target.pk})

    assert done.status_code == 302
    assert not Tag.objects.filter(pk=source.pk).exists()
    assert links(target) == [("A robot that reads manuals", "auto"), ("acme/fastlib", "staff")]
    entries = LogEntry.objects.order_by("action_flag")
    assert [(e.action_flag, e.object_id, e.object_repr) for e in entries] == [
        (CHANGE, str(target.pk), "Robotics"),
        (DELETION, str(source.pk), "Robots"),
    ]
    assert entries[0].change_message == "Merged Robots into this tag (1 item links moved)."


def test_a_tag_cannot_be_merged_into_itself(staff_client, tags):
    source, target = tags
    selection = {"action": "merge", "_selected_action": [source.pk, target.pk]}

    response = staff_client.post(TAGS, {**selection, "apply": "1", "target": target.pk})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "target": ["Choose a tag that is not one of those being merged."]
    }
    assert Tag.objects.filter(pk__in=[source.pk, target.pk]).count() == 2
    assert not LogEntry.objects.exists()


def test_re_running_automatic_tagging_from_the_tag_list(staff_client, tags):
    _, target = tags
    Tag.objects.filter(pk=target.pk).update(match_terms="phone")

    response = staff_client.post(TAGS, {"action": "retag_all", "_selected_action": [target.pk]})

    assert response.status_code == 302
    assert links(target) == [("Tiny models on phones", "auto")]
    entry = LogEntry.objects.get()
    # Added: Robotics on the phone item, and the new Robots tag on the robot item.
    assert entry.change_message == ("Re-ran automatic tagging on every item (2 added, 1 removed).")


def test_the_tag_list_counts_items(staff_client, tags):
    response = staff_client.get(TAGS, {"q": "robot"})

    assert [(tag.name, tag.item_count) for tag in response.context["cl"].result_list] == [
        ("Robotics", 1),
        ("Robots", 0),
    ]
