"""Bulk actions on items: add or remove a tag (choosing it on a second page), mark or
unmark sponsored, re-run automatic tagging; each one in the admin history."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from issues.importing import import_text
from issues.models import Item, ItemTag, Tag, TagSource
from tests.admin_support import form_data, issue_text, messages_of

ITEMS = reverse("admin:issues_item_changelist")


@pytest.fixture
def items(db):
    import_text(issue_text(7))
    return Item.objects.filter(section__name="Industry").order_by("position")


def act(client, action, items, **data):
    return client.post(
        ITEMS, {"action": action, "_selected_action": [item.pk for item in items], **data}
    )


def links(tag) -> list[tuple[str, str]]:
    return sorted(ItemTag.objects.filter(tag=tag).values_list("item__title", "source"))


def test_adding_a_tag_asks_which_tag_first(staff_client, items):
    response = act(staff_client, "add_tag", items)

    assert response.status_code == 200
    page = response.content.decode()
    assert "3 items." in page
    assert page.count('name="_selected_action"') == 3
    assert '<option value="' in page
    assert not ItemTag.objects.filter(source=TagSource.STAFF).exists()


def test_the_tag_page_returns_to_the_list_as_it_was(staff_client, items):
    filtered = f"{ITEMS}?kind__exact=article"
    response = staff_client.post(
        filtered, {"action": "add_tag", "_selected_action": [item.pk for item in items]}
    )

    page = response.content.decode()
    assert f'<a href="{filtered}">Items</a>' in page  # the breadcrumb
    assert f'<a href="{filtered}">Cancel</a>' in page


def test_adding_a_tag_tags_the_items_as_staff(staff_client, items):
    robotics = Tag.objects.get(slug="robotics")
    assert links(robotics) == [("A robot that reads manuals", "auto")]

    response = act(staff_client, "add_tag", items, apply="1", tag=robotics.pk)

    assert response.status_code == 302
    assert links(robotics) == [
        ("", "staff"),
        ("A robot that reads manuals", "staff"),  # an automatic link became a staff one
        ("Faster inference for everyone", "staff"),
    ]
    assert messages_of(response) == ["Tagged 3 items with Robotics."]
    entries = LogEntry.objects.order_by("object_id")
    assert [(e.action_flag, e.object_id, e.change_message) for e in entries] == [
        (CHANGE, str(item.pk), "Added the tag Robotics (staff).") for item in items
    ]


def test_a_tag_is_needed_to_apply(staff_client, items):
    response = act(staff_client, "add_tag", items, apply="1", tag="")

    assert response.status_code == 200
    assert response.context["form"].errors == {"tag": ["This field is required."]}
    assert not LogEntry.objects.exists()


def test_removing_a_tag_untags_only_the_selected_items(staff_client, items):
    robotics = Tag.objects.get(slug="robotics")
    other = Item.objects.get(title="Tiny models on phones")
    ItemTag.objects.create(item=other, tag=robotics)

    response = act(staff_client, "remove_tag", items, apply="1", tag=robotics.pk)

    assert response.status_code == 302
    assert links(robotics) == [("Tiny models on phones", "staff")]
    assert messages_of(response) == ["Removed Robotics from 1 items."]
    assert LogEntry.objects.count() == 3


def test_a_tag_action_applies_across_the_filtered_list(staff_client, items):
    robotics = Tag.objects.get(slug="robotics")

    repo = Item.objects.get(kind="repo")
    # "Select all" ticks every row of the page and asks for the whole filtered list.
    selection = {"action": "add_tag", "select_across": "1", "_selected_action": [repo.pk]}

    first = staff_client.post(f"{ITEMS}?kind__exact=repo", selection)
    assert first.context["selected"] == [repo.pk]
    assert 'name="select_across" value="1"' in first.content.decode()
    staff_client.post(f"{ITEMS}?kind__exact=repo", {**selection, "apply": "1", "tag": robotics.pk})

    assert links(robotics) == [("A robot that reads manuals", "auto"), ("acme/fastlib", "staff")]


def test_marking_and_unmarking_sponsored(staff_client, items):
    response = act(staff_client, "mark_sponsored", items)

    assert response.status_code == 302
    assert list(items.values_list("sponsored", flat=True)) == [True, True, True]
    assert messages_of(response) == ["Changed 2 items."]  # one was sponsored already
    assert LogEntry.objects.filter(change_message="Marked sponsored.").count() == 2

    act(staff_client, "unmark_sponsored", items[:1])

    assert list(items.values_list("sponsored", flat=True)) == [False, True, True]
    entry = LogEntry.objects.get(change_message="Unmarked sponsored.")
    assert entry.object_id == str(items[0].pk)


def test_re_running_automatic_tagging_on_items(staff_client, items):
    robotics = Tag.objects.get(slug="robotics")
    ItemTag.objects.filter(tag=robotics).delete()

    response = act(staff_client, "retag_items", items)

    assert links(robotics) == [("A robot that reads manuals", "auto")]
    assert messages_of(response)[0].startswith("Automatic tagging: ")
    assert LogEntry.objects.count() == 3


def test_a_tag_picked_on_the_item_page_is_a_staff_tag(staff_client, items):
    item = items[0]
    nlp = Tag.objects.get(slug="nlp")
    url = reverse("admin:issues_item_change", args=[item.pk])
    data = form_data(staff_client.get(url))
    assert data["item_tags-TOTAL_FORMS"] == 1  # the automatic Robotics tag
    data |= {"item_tags-TOTAL_FORMS": 2, "item_tags-1-tag": nlp.pk, "item_tags-1-item": item.pk}

    response = staff_client.post(url, data)

    assert response.status_code == 302
    assert sorted(item.item_tags.values_list("tag__slug", "source")) == [
        ("nlp", "staff"),
        ("robotics", "auto"),
    ]


def test_an_automatic_tag_changed_by_staff_becomes_a_staff_tag(staff_client, items):
    item = items[0]
    url = reverse("admin:issues_item_change", args=[item.pk])
    data = form_data(staff_client.get(url))
    data["item_tags-0-tag"] = Tag.objects.get(slug="nlp").pk

    staff_client.post(url, data)

    assert list(item.item_tags.values_list("tag__slug", "source")) == [("nlp", "staff")]


def test_the_tag_field_completes_from_the_tag_vocabulary(staff_client, items):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "robo", "app_label": "issues", "model_name": "itemtag", "field_name": "tag"},
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Robotics"]
