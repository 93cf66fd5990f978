"""Editing an issue with its sections and items inline, in text order."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from issues.importing import import_text
from issues.models import Issue, Item, Section
from tests.admin_support import form_data, issue_text


@pytest.fixture
def issue(db):
    return import_text(issue_text(7)).issue


def change_url(issue) -> str:
    return reverse("admin:issues_issue_change", args=[issue.pk])


def item_rows(data: dict) -> dict[str, str]:
    """Inline row prefix by item title, e.g. {"Tiny models on phones": "items-3"}."""
    return {
        value: key.removesuffix("-title")
        for key, value in data.items()
        if key.startswith("items-") and key.endswith("-title")
    }


def industry(issue) -> list[tuple[int, str]]:
    return list(
        issue.items.filter(section__name="Industry")
        .order_by("position")
        .values_list("position", "title")
    )


def test_the_items_are_listed_in_text_order(staff_client, issue):
    response = staff_client.get(change_url(issue))

    [sections, items, _] = response.context["inline_admin_formsets"]
    assert [form.instance.name for form in sections.formset.forms] == [
        "Industry",
        "Mobile & Edge",
        "Learning",
        "Libraries & Code",
        "Papers & Publications",
    ]
    assert [form.instance.title for form in items.formset.forms] == [
        "A robot that reads manuals",
        "Faster inference for everyone",
        "",
        "Tiny models on phones",
        "Learning to rank, explained",
        "acme/fastlib",
        "Sparse Attention at Scale",
    ]


def test_an_item_offers_only_the_sections_of_its_issue(staff_client, issue):
    import_text(issue_text(8))

    response = staff_client.get(change_url(issue))

    [_, items, _] = response.context["inline_admin_formsets"]
    choices = [label for _, label in items.formset.forms[0].fields["section"].choices]
    assert choices == [
        "---------",
        "1. Industry",
        "2. Mobile & Edge",
        "3. Learning",
        "4. Libraries & Code",
        "5. Papers & Publications",
    ]


def test_saving_the_page_unchanged_changes_nothing(staff_client, issue):
    data = form_data(staff_client.get(change_url(issue)))
    fields = ("pk", "section_id", "position", "title", "updated_at")
    before = list(issue.items.values_list(*fields))

    response = staff_client.post(change_url(issue), data)

    assert response.status_code == 302
    assert list(issue.items.values_list(*fields)) == before


def test_two_items_can_swap_places(staff_client, issue):
    data = form_data(staff_client.get(change_url(issue)))
    rows = item_rows(data)
    data[rows["A robot that reads manuals"] + "-position"] = "2"
    data[rows["Faster inference for everyone"] + "-position"] = "1"

    response = staff_client.post(change_url(issue), data)

    assert response.status_code == 302
    assert industry(issue) == [
        (1, "Faster inference for everyone"),
        (2, "A robot that reads manuals"),
        (3, ""),
    ]
    entry = LogEntry.objects.get()
    assert (entry.action_flag, entry.object_id) == (CHANGE, str(issue.pk))
    assert "Changed position for item" in entry.get_change_message()


def test_two_sections_can_swap_places(staff_client, issue):
    data = form_data(staff_client.get(change_url(issue)))
    data["sections-0-position"], data["sections-1-position"] = "2", "1"

    response = staff_client.post(change_url(issue), data)

    assert response.status_code == 302
    assert list(issue.sections.values_list("name", flat=True)[:2]) == ["Mobile & Edge", "Industry"]


def test_two_items_cannot_share_a_place(staff_client, issue):
    data = form_data(staff_client.get(change_url(issue)))
    rows = item_rows(data)
    data[rows["A robot that reads manuals"] + "-position"] = "2"

    response = staff_client.post(change_url(issue), data)

    assert response.status_code == 200
    [_, items, _] = response.context["inline_admin_formsets"]
    assert items.formset.forms[1].errors == {
        "position": ["Another row already has this position."]
    }
    assert industry(issue)[0] == (1, "A robot that reads manuals")


def test_an_item_cannot_move_to_another_issues_section(staff_client, issue):
    other = Section.objects.filter(issue=import_text(issue_text(8)).issue).first()
    data = form_data(staff_client.get(change_url(issue)))
    data[item_rows(data)["Tiny models on phones"] + "-section"] = str(other.pk)

    response = staff_client.post(change_url(issue), data)

    assert response.status_code == 200
    assert Item.objects.get(title="Tiny models on phones", issue=issue).section.issue == issue
    assert "Select a valid choice" in response.content.decode()


def test_an_item_moves_to_another_section_of_its_issue(staff_client, issue):
    data = form_data(staff_client.get(change_url(issue)))
    row = item_rows(data)["Tiny models on phones"]
    data[row + "-section"] = str(issue.sections.get(name="Industry").pk)
    data[row + "-position"] = "4"

    response = staff_client.post(change_url(issue), data)

    assert response.status_code == 302
    assert industry(issue)[-1] == (4, "Tiny models on phones")
    assert not issue.items.filter(section__name="Mobile & Edge").exists()


def test_the_issue_number_is_read_only_once_stored(staff_client, issue):
    data = form_data(staff_client.get(change_url(issue)))
    data["number"] = "99"
    data["published_on"] = "2020-01-06"

    staff_client.post(change_url(issue), data)

    issue.refresh_from_db()
    assert (issue.number, str(issue.published_on)) == (7, "2020-01-06")


def test_an_issue_added_by_hand_starts_with_its_sections(staff_client, db):
    response = staff_client.post(
        reverse("admin:issues_issue_add"),
        {
            "number": "5",
            "title": "Deep Learning Weekly Issue #5",
            "subtitle": "",
            "intro": "",
            "published_on": "",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-0-position": "1",
            "sections-0-name": "Industry",
        },
    )

    assert response.status_code == 302
    issue = Issue.objects.get(number=5)
    assert list(issue.sections.values_list("name", "position")) == [("Industry", 1)]


def test_an_item_added_on_its_own_page_takes_the_issue_of_its_section(staff_client, issue):
    section = issue.sections.get(name="Learning")

    response = staff_client.post(
        reverse("admin:issues_item_add"),
        {
            "section": section.pk,
            "position": "2",
            "title": "Contrastive learning, a primer",
            "kind": "article",
            "url": "https://example.com/primer",
            "item_tags-TOTAL_FORMS": "0",
            "item_tags-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    item = Item.objects.get(title="Contrastive learning, a primer")
    assert (item.issue, item.section, item.position) == (issue, section, 2)


def test_an_item_cannot_take_a_taken_place_on_its_own_page(staff_client, issue):
    item = issue.items.get(title="Tiny models on phones")
    url = reverse("admin:issues_item_change", args=[item.pk])
    data = form_data(staff_client.get(url))
    data["section"] = issue.sections.get(name="Industry").pk  # position 1 is taken there

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "Item with this Section and Position already exists." in response.content.decode()


def test_the_section_field_completes_by_issue_number_and_name(staff_client, issue):
    import_text(issue_text(8))

    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "7 learn", "app_label": "issues", "model_name": "item", "field_name": "section"},
    )

    assert [result["text"] for result in response.json()["results"]] == ["Learning (issue #7)"]


def test_the_issue_page_takes_a_fixed_number_of_queries(
    staff_client, issue, django_assert_num_queries
):
    # Session, user, issue, sections, revisions, the item rows' section choices (read once
    # for every row), items: however many sections and items the issue has.
    with django_assert_num_queries(7):
        response = staff_client.get(change_url(issue))

    assert len(response.context["inline_admin_formsets"][1].formset.forms) == 7
