"""Long lists paged by their ids, then the page's rows read by id (issues.paging)."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from issues.models import Item, SectionName
from issues.paging import LateRows
from tests.search_helpers import add_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    for number in (3, 1, 2):
        add_issue(
            number,
            {
                "Industry": [(f"Robots {number}.{n}", f"Robots at work {n}.") for n in range(4)],
                "Learning": [(f"Lessons {number}.{n}", "A robot course.") for n in range(3)],
            },
        )


def test_every_page_has_the_rows_of_the_querysets_slice_in_order(archive):
    items = Item.objects.newest_first().for_lists()
    paginator = Paginator(LateRows(items), 5)

    pages = [list(paginator.page(number)) for number in paginator.page_range]

    assert paginator.count == 21 == items.count()
    assert [item.pk for page in pages for item in page] == [item.pk for item in items]
    assert [len(page) for page in pages] == [5, 5, 5, 5, 1]
    first = pages[0][0]
    assert first.title == "Robots 3.0"
    assert first.issue.number == 3 and first.section.name == SectionName.INDUSTRY
    assert first.listed_tags == list(Item.objects.get(pk=first.pk).tags.order_by("name", "id"))


def test_a_page_is_its_ids_then_its_rows_with_no_offset_on_the_rows(archive):
    items = Item.objects.in_section(SectionName.LEARNING).newest_first().for_lists()

    with CaptureQueriesContext(connection) as queries:
        page = LateRows(items)[3:6]

    ids_sql, rows_sql = (query["sql"] for query in queries.captured_queries)
    assert [item.title for item in page] == ["Lessons 2.0", "Lessons 2.1", "Lessons 2.2"]
    assert "OFFSET 3" in ids_sql and "json" not in ids_sql.lower()
    assert "OFFSET" not in rows_sql and "json" in rows_sql.lower()


def test_a_row_deleted_between_the_two_queries_is_left_out(archive, monkeypatch):
    rows = LateRows(Item.objects.newest_first())
    doomed = Item.objects.newest_first()[1]
    ids = list(rows.ids[:3])
    monkeypatch.setattr(rows, "ids", ids)  # as the first query read them
    doomed.delete()

    assert [item.pk for item in rows[0:3]] == [ids[0], ids[2]]


def test_one_row_and_an_empty_slice(archive):
    rows = LateRows(Item.objects.oldest_first())

    assert rows[0].title == "Robots 1.0"
    assert rows[21:25] == []
    with pytest.raises(IndexError):
        rows[21]
    assert len(LateRows(Item.objects.none())) == 0
