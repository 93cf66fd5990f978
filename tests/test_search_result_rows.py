"""result_rows: a page of results in one hand-written statement, equal to the ORM's rows."""

import datetime

import pytest
from django.contrib.postgres.search import SearchRank
from django.db.models import F

from issues.models import Item, Tag, search_query
from issues.search import result_rows, snippet_html, with_snippets
from tests.search_helpers import add_issue

pytestmark = pytest.mark.django_db

SHOWN = ("id", "issue_id", "section_id", "position", "title", "blurb", "abstract", "kind")
SHOWN += ("sponsored", "note", "url")
FILLER = " ".join(f"filler{index}" for index in range(60))


@pytest.fixture
def archive():
    add_issue(
        41,
        {
            "Industry": [
                ("Wombat burrows", "Wombats dig <burrows> & tunnels."),
                ("", "An untitled wombat blurb (Sponsored Content)"),
            ],
            "Learning": [("Digging deeper", "Burrow the wombat way.")],
            "Papers & Publications": [
                ("Wombat cubes", "We study wombat droppings, cubic."),
                # Long enough for two fragments with the text between them left out.
                ("Far apart", f"{FILLER} Wombat one. {FILLER} Wombats two. {FILLER}"),
            ],
        },
        published_on=datetime.date(2024, 5, 6),
    )
    add_issue(42, {"Industry": [("No dates here", "A wombat without a date.")]})
    Tag.objects.all().delete()
    marsupials = Tag.objects.create(name="Marsupials", slug="marsupials")
    digging = Tag.objects.create(name="Digging", slug="digging")
    Item.objects.get(title="Wombat burrows").tags.add(marsupials, digging)
    Item.objects.filter(title="").update(url="https://example.com/?a=1&b=2", note="Staff note")
    return list(Item.objects.order_by("pk").values_list("pk", flat=True))


def described(item, q) -> dict:
    shown = {name: getattr(item, name) for name in SHOWN}
    shown |= {
        "issue": (item.issue.pk, item.issue.number, item.issue.published_on),
        "section": (item.section.pk, item.section.name, item.section.position),
        "tags": item.tag_list,
    }
    if q:
        shown |= {name: getattr(item, name) for name in ("title_snippet", "text_snippet")}
    return shown


def expected(ids, q) -> dict:
    """The same rows through the ORM: for_lists(), and the rank and snippets for `q`."""
    rows = Item.objects.filter(pk__in=ids).for_lists()
    if q:
        rank = SearchRank(F("search_vector"), search_query(q), cover_density=True)
        rows = with_snippets(rows.annotate(rank=rank), q)
    return rows.in_bulk()


@pytest.mark.parametrize(
    "q", ["wombat", "wombat burrows", '"wombat droppings"', "wombat -cubes", "the", "x\x00y", ""]
)
def test_rows_equal_the_orm_rows(archive, q, django_assert_num_queries):
    with django_assert_num_queries(1):
        got = result_rows(archive, q)
    want = expected(archive, q)
    assert sorted(got) == sorted(want) == archive
    for pk, item in got.items():
        assert described(item, q) == described(want[pk], q), pk
        if q:
            assert item.rank == pytest.approx(want[pk].rank)
        else:
            assert not hasattr(item, "rank")


def test_the_page_renders_from_the_row_alone(archive, django_assert_num_queries):
    (pk,) = Item.objects.filter(title="Wombat burrows").values_list("pk", flat=True)
    with django_assert_num_queries(1):
        item = result_rows([pk], "wombat")[pk]
        shown = (
            item.get_absolute_url(),
            item.issue.get_absolute_url(),
            item.section.get_absolute_url(),
            item.get_kind_display(),
            [(tag.name, tag.get_absolute_url()) for tag in item.listed_tags],
        )
    assert shown[4] == [("Digging", "/tags/digging/"), ("Marsupials", "/tags/marsupials/")]
    assert shown[2].startswith(shown[1])
    assert item.title_snippet == "\x02Wombat\x03 burrows"
    # "<" goes to ts_headline as LESS_THAN, or it would drop "<burrows>" as a tag.
    assert item.text_snippet == "\x02Wombats\x03 dig \x01burrows> & tunnels"
    assert (
        snippet_html(item.text_snippet) == "<mark>Wombats</mark> dig &lt;burrows&gt; &amp; tunnels"
    )


def test_missing_ids_are_left_out_and_no_ids_ask_nothing(archive, django_assert_num_queries):
    assert list(result_rows([archive[0], 10**9], "wombat")) == [archive[0]]
    with django_assert_num_queries(0):
        assert result_rows([], "wombat") == {}
