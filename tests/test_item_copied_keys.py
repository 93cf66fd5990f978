"""Item.issue_number, published_on, section_name and section_position: copies that
triggers keep equal to the item's issue and section, whatever writes the rows."""

import datetime

import pytest
from django.db import connection

from issues.models import Issue, Item, Section, SectionName
from tests.search_helpers import add_issue

pytestmark = pytest.mark.django_db

MAY = datetime.date(2024, 5, 6)


def copied(**filters) -> list[tuple]:
    return list(
        Item.objects.filter(**filters)
        .order_by("pk")
        .values_list("title", "issue_number", "published_on", "section_name", "section_position")
    )


def drifted() -> list[int]:
    """Ids of items whose copies differ from their issue and section."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.id FROM issues_item i
               JOIN issues_issue s ON s.id = i.issue_id
               JOIN issues_section sec ON sec.id = i.section_id
               WHERE (i.issue_number, i.published_on, i.section_name, i.section_position)
                     IS DISTINCT FROM (s.number, s.published_on, sec.name, sec.position)"""
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def issue():
    return add_issue(
        7,
        {"Industry": [("First", "One.")], "Learning": [("Second", "Two."), ("Third", "Three.")]},
        published_on=MAY,
    )


def test_a_created_item_takes_and_returns_its_issue_and_section_keys(issue):
    section = issue.sections.get(name=SectionName.LEARNING)
    item = Item.objects.create(issue=issue, section=section, position=3, title="Fourth")
    assert (item.issue_number, item.published_on, item.section_name, item.section_position) == (
        7,
        MAY,
        "Learning",
        2,
    )
    assert copied(title="Fourth") == [("Fourth", 7, MAY, "Learning", 2)]
    assert drifted() == []


def test_values_written_by_hand_are_replaced_by_the_true_ones(issue):
    section = issue.sections.get(name=SectionName.INDUSTRY)
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO issues_item (issue_id, section_id, position, title, blurb, abstract,
                   kind, sponsored, note, url, created_at, updated_at, issue_number,
                   published_on, section_name, section_position)
               VALUES (%s, %s, 2, 'Forged', '', '', 'article', false, '', '', now(), now(),
                       999, '1999-01-01', 'Learning', 9)""",
            [issue.pk, section.pk],
        )
    assert copied(title="Forged") == [("Forged", 7, MAY, "Industry", 1)]


def test_renumbering_or_redating_an_issue_reaches_its_items(issue):
    other = add_issue(8, {"Industry": [("Elsewhere", "Other.")]})
    Issue.objects.filter(pk=issue.pk).update(number=70)
    issue.refresh_from_db()
    issue.published_on = None
    issue.save()
    assert copied(issue=issue) == [
        ("First", 70, None, "Industry", 1),
        ("Second", 70, None, "Learning", 2),
        ("Third", 70, None, "Learning", 2),
    ]
    assert copied(issue=other) == [("Elsewhere", 8, None, "Industry", 1)]
    assert drifted() == []


def test_renaming_or_moving_a_section_reaches_its_items(issue):
    learning = issue.sections.get(name=SectionName.LEARNING)
    industry = issue.sections.get(name=SectionName.INDUSTRY)
    # A swap of positions, parked above the range as the admin does it.
    Section.objects.filter(pk=learning.pk).update(position=1001)
    Section.objects.filter(pk=industry.pk).update(position=2, name=SectionName.PAPERS)
    Section.objects.filter(pk=learning.pk).update(position=1)
    assert copied(issue=issue) == [
        ("First", 7, MAY, "Papers & Publications", 2),
        ("Second", 7, MAY, "Learning", 1),
        ("Third", 7, MAY, "Learning", 1),
    ]


def test_an_item_moved_to_another_issues_section_takes_its_keys(issue):
    other = add_issue(
        8, {"Industry": [("News", "Text.")], "Papers & Publications": [("Paper", "Abstract.")]}
    )
    item = Item.objects.get(title="First")
    item.section = other.sections.get(name=SectionName.PAPERS)
    item.issue = other
    item.position = 2
    item.save()
    assert copied(title="First") == [("First", 8, None, "Papers & Publications", 2)]
    # An edit that moves nothing keeps them.
    Item.objects.filter(title="First").update(title="First, retitled")
    assert drifted() == []


def test_imported_items_carry_their_keys(issue):
    assert copied(issue=issue) == [
        ("First", 7, MAY, "Industry", 1),
        ("Second", 7, MAY, "Learning", 2),
        ("Third", 7, MAY, "Learning", 2),
    ]
    add_issue(9, {"Industry": [("Later", "Text.")], "Mobile & Edge": [("Small", "Text.")]})
    assert copied(issue__number=9) == [
        ("Later", 9, None, "Industry", 1),
        ("Small", 9, None, "Mobile & Edge", 2),
    ]
