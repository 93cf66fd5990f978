"""Admin search goes through the full-text index; list filters give exact rows."""

import pytest
from django.urls import reverse

from issues.importing import import_text
from issues.models import Issue, Item
from tests.admin_support import form_data, issue_text

ITEMS = reverse("admin:issues_item_changelist")
ISSUES = reverse("admin:issues_issue_changelist")


@pytest.fixture
def archive(db):
    import_text(issue_text(7, subtitle="Robots and phones"))
    import_text(issue_text(8, subtitle="Compilers for accelerators"))
    Issue.objects.filter(number=7).update(published_on="2019-03-04")


def titles(response) -> list[tuple[int, str]]:
    return [(item.issue.number, item.title) for item in response.context["cl"].result_list]


def numbers(response) -> list[int]:
    return [issue.number for issue in response.context["cl"].result_list]


def test_item_search_matches_word_forms_in_title_blurb_and_abstract(staff_client, archive):
    response = staff_client.get(ITEMS, {"q": "phones"})

    assert titles(response) == [(8, "Tiny models on phones"), (7, "Tiny models on phones")]
    assert titles(staff_client.get(ITEMS, {"q": "sequence"})) == [
        (8, "Sparse Attention at Scale"),
        (7, "Sparse Attention at Scale"),
    ]


def test_item_search_lists_the_best_match_first_unless_sorted(staff_client, archive):
    Item.objects.filter(issue__number=7, section__name="Learning").update(
        title="Ranking losses, ranked", blurb="Ranking, ranking and more ranking."
    )

    assert titles(staff_client.get(ITEMS, {"q": "ranking"})) == [
        (7, "Ranking losses, ranked"),
        (8, "Learning to rank, explained"),
    ]
    assert titles(staff_client.get(ITEMS, {"q": "ranking", "o": "2"})) == [
        (7, "Ranking losses, ranked"),
        (8, "Learning to rank, explained"),
    ]
    assert titles(staff_client.get(ITEMS, {"q": "ranking", "o": "-2"})) == [
        (8, "Learning to rank, explained"),
        (7, "Ranking losses, ranked"),
    ]


def test_item_search_takes_phrases_and_exclusions(staff_client, archive):
    assert titles(staff_client.get(ITEMS, {"q": '"printed instructions" -manuals'})) == []
    assert len(titles(staff_client.get(ITEMS, {"q": '"printed instructions"'}))) == 2


def test_item_search_with_only_stopwords_finds_nothing(staff_client, archive):
    response = staff_client.get(ITEMS, {"q": "the of"})

    assert response.status_code == 200
    assert titles(response) == []


def test_an_edited_title_or_blurb_is_findable_by_its_new_words_at_once(staff_client, archive):
    item = Item.objects.get(issue__number=7, title="")
    url = reverse("admin:issues_item_change", args=[item.pk])
    data = form_data(staff_client.get(url))
    data["title"] = "Panoptic quokkas"
    data["blurb"] = "Segmenting wombats in the wild."

    assert staff_client.post(url, data).status_code == 302

    assert titles(staff_client.get(ITEMS, {"q": "quokka"})) == [(7, "Panoptic quokkas")]
    assert titles(staff_client.get(ITEMS, {"q": "wombat"})) == [(7, "Panoptic quokkas")]
    assert titles(staff_client.get(ITEMS, {"q": "image"})) == [(8, "")]
    assert list(Item.objects.search("quokkas").values_list("pk", flat=True)) == [item.pk]


def test_an_issue_is_found_by_number_or_by_words(staff_client, archive):
    assert numbers(staff_client.get(ISSUES, {"q": "7"})) == [7]
    assert numbers(staff_client.get(ISSUES, {"q": "#8"})) == [8]
    assert numbers(staff_client.get(ISSUES, {"q": "compiler"})) == [8]
    # Both intros say robots; the subtitle of #7 too, so it ranks first...
    assert numbers(staff_client.get(ISSUES, {"q": "robots"})) == [7, 8]
    # ...unless staff sort by a column.
    assert numbers(staff_client.get(ISSUES, {"q": "robots", "o": "-1"})) == [8, 7]


@pytest.mark.parametrize("url", [ITEMS, ISSUES, reverse("admin:issues_tag_changelist")])
@pytest.mark.parametrize("query", [{"q": "robot\x00"}, {"kind__exact": "\x00"}, {"\x01": "1"}])
def test_control_characters_in_a_list_address_get_a_400(staff_client, archive, url, query):
    response = staff_client.get(url, query)

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"no_title": "1"}, [(8, ""), (7, "")]),
        (
            {"no_url": "1", "kind__exact": "paper"},
            [(8, "Sparse Attention at Scale"), (7, "Sparse Attention at Scale")],
        ),
        ({"kind__exact": "repo"}, [(8, "acme/fastlib"), (7, "acme/fastlib")]),
        (
            {"sponsored__exact": "1"},
            [(8, "Faster inference for everyone"), (7, "Faster inference for everyone")],
        ),
        (
            {"section": "Learning", "q": "ranking"},
            [(8, "Learning to rank, explained"), (7, "Learning to rank, explained")],
        ),
        ({"tag": "robotics", "no_title": "1"}, []),
        (
            {"tag": "robotics"},
            [(8, "A robot that reads manuals"), (7, "A robot that reads manuals")],
        ),
        ({"tag": "no-such-tag"}, []),
        ({"section": "Nowhere"}, []),
    ],
)
def test_item_filters(staff_client, archive, query, expected):
    assert titles(staff_client.get(ITEMS, query)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"year": "2019"}, [7]),
        ({"year": "none"}, [8]),
        ({"year": "later"}, [8, 7]),
        ({"missing": "title"}, [8, 7]),
        ({"missing": "url"}, [8, 7]),
    ],
)
def test_issue_filters(staff_client, archive, query, expected):
    assert numbers(staff_client.get(ISSUES, query)) == expected


def test_issue_filter_for_missing_titles_leaves_out_complete_issues(staff_client, archive):
    Item.objects.filter(issue__number=8, title="").update(title="Filled in")

    assert numbers(staff_client.get(ISSUES, {"missing": "title"})) == [7]


def test_the_issue_list_shows_item_counts_and_public_links(staff_client, archive):
    response = staff_client.get(ISSUES)

    assert [issue.item_count for issue in response.context["cl"].result_list] == [7, 7]
    assert 'href="/issues/8/">View on site</a>' in response.content.decode()
