"""ItemFilter: every parameter, combined with q, and every invalid value refused."""

import datetime

import pytest
from django.http import QueryDict

from issues.filters import MAX_TAGS, ItemFilter
from issues.models import Item, ItemTag, Tag, TagSource
from tests.search_helpers import add_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    add_issue(
        10,
        {
            "Industry": [
                ("Quokka robots arrive", "A robot company ships quokka arms."),
                ("Wombat funding", "Wombat raises money (Sponsored Content)"),
            ],
            "Papers & Publications": [("Quokka learning", "We study quokka policies.")],
        },
        published_on=datetime.date(2020, 5, 1),
    )
    add_issue(
        11,
        {
            "Industry": [("Quokka chips", "Chips for quokka inference.")],
            "Libraries & Code": [("[Github] zoo/quokka", "A quokka library.")],
        },
        published_on=datetime.date(2021, 6, 1),
    )
    add_issue(12, {"Industry": [("Nothing here", "Plain text about wombats.")]})


def titles(params) -> list[str]:
    data = QueryDict(params)
    filterset = ItemFilter(data, queryset=Item.objects.all())
    assert filterset.is_valid(), filterset.errors
    return [item.title for item in filterset.qs]


def errors(params) -> list[str]:
    filterset = ItemFilter(QueryDict(params), queryset=Item.objects.all())
    assert not filterset.is_valid()
    return filterset.error_messages()


def test_query_alone_is_ranked_newest_issue_first_on_ties(archive):
    assert titles("q=quokka") == [
        "Quokka chips",
        "Quokka robots arrive",
        "Quokka learning",
        "zoo/quokka",
    ]


def test_no_query_lists_everything_newest_first(archive):
    assert titles("") == [
        "Nothing here",
        "Quokka chips",
        "zoo/quokka",
        "Quokka robots arrive",
        "Wombat funding",
        "Quokka learning",
    ]
    assert titles("sort=oldest")[0] == "Quokka robots arrive"


def test_section_kind_and_sponsored(archive):
    assert titles("q=quokka&section=papers-publications") == ["Quokka learning"]
    assert titles("q=quokka&section=libraries-code") == ["zoo/quokka"]
    assert titles("kind=repo") == ["zoo/quokka"]
    assert titles("sponsored=true") == ["Wombat funding"]
    assert "Wombat funding" not in titles("sponsored=false")
    assert len(titles("sponsored=false")) == 5


def test_issue_range_and_dates(archive):
    assert titles("q=quokka&issue_min=11") == ["Quokka chips", "zoo/quokka"]
    assert titles("q=quokka&issue_max=10&sort=oldest") == [
        "Quokka robots arrive",
        "Quokka learning",
    ]
    assert titles("q=quokka&published_after=2021-01-01") == ["Quokka chips", "zoo/quokka"]
    assert titles("published_before=2020-12-31&sort=oldest") == [
        "Quokka robots arrive",
        "Wombat funding",
        "Quokka learning",
    ]


def test_tags_are_anded(archive):
    red = Tag.objects.create(name="Red", slug="red")
    blue = Tag.objects.create(name="Blue", slug="blue")
    chips = Item.objects.get(title="Quokka chips")
    robots = Item.objects.get(title="Quokka robots arrive")
    ItemTag.objects.create(item=chips, tag=red, source=TagSource.STAFF)
    ItemTag.objects.create(item=chips, tag=blue, source=TagSource.STAFF)
    ItemTag.objects.create(item=robots, tag=red, source=TagSource.STAFF)
    assert titles("q=quokka&tag=red") == ["Quokka chips", "Quokka robots arrive"]
    assert titles("q=quokka&tag=red&tag=blue") == ["Quokka chips"]
    assert titles("tag=blue&tag=red") == ["Quokka chips"]


def test_sort_relevance_without_query_falls_back_to_newest(archive):
    filterset = ItemFilter(QueryDict("sort=relevance"), queryset=Item.objects.all())
    assert filterset.sort_order == "newest"
    assert titles("sort=relevance")[0] == "Nothing here"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("tag=no-such-tag", "tag: Select a valid choice. no-such-tag is not one of"),
        ("section=Industry", "section: Select a valid choice. Industry is not one of"),
        ("kind=video", "kind: Select a valid choice. video is not one of"),
        ("sponsored=maybe", "sponsored: Select a valid choice. maybe is not one of"),
        ("sponsored=1", "sponsored: Select a valid choice. 1 is not one of"),
        ("issue_min=abc", "issue_min: Enter a whole number."),
        ("issue_min=1.5", "issue_min: Enter a whole number."),
        ("issue_min=0", "issue_min: Ensure this value is greater than or equal to 1."),
        ("issue_max=99999999999999999999", "issue_max: Ensure this value is less than or equal"),
        ("published_after=2020-13-01", "published_after: Enter a valid date."),
        ("published_before=yesterday", "published_before: Enter a valid date."),
        ("sort=rank", "sort: Select a valid choice. rank is not one of"),
        ("q=" + "a" * 501, "q: Ensure this value has at most 500 characters (it has 501)."),
        ("q=a%00b", "q: Null characters are not allowed."),
        ("q=a%01b", "q: The query has control characters."),
        ("tag=a%00b", "tag: Null characters are not allowed."),
        ("section=a%00b", "section: Select a valid choice."),
        ("issue_min=5&issue_max=4", "issue_min must not be after issue_max."),
        (
            "published_after=2021-01-02&published_before=2021-01-01",
            "published_after must not be after published_before.",
        ),
    ],
)
def test_invalid_values_are_form_errors(archive, params, message):
    (error,) = errors(params)
    assert error.startswith(message), error


def test_too_many_tags(archive):
    for index in range(MAX_TAGS + 1):
        Tag.objects.create(name=f"T{index}", slug=f"t{index}")
    params = "&".join(f"tag=t{index}" for index in range(MAX_TAGS + 1))
    assert errors(params) == [f"tag: Choose at most {MAX_TAGS} tags."]


def test_lone_surrogate_in_query_is_refused():
    filterset = ItemFilter({"q": "a\ud800b"}, queryset=Item.objects.all())
    assert filterset.error_messages() == ["q: The query has characters that are not valid text."]


def test_filtered_is_every_filter_but_the_query(archive):
    filterset = ItemFilter(QueryDict("q=quokka&kind=article"), queryset=Item.objects.all())
    assert filterset.is_valid()
    assert sorted(item.title for item in filterset.filtered) == [
        "Nothing here",
        "Quokka chips",
        "Quokka robots arrive",
        "Wombat funding",
    ]


def test_the_form_class_is_built_once_and_sees_tags_added_since(archive):
    before = ItemFilter(QueryDict("tag=late"), queryset=Item.objects.all())
    assert before.error_messages() == [
        "tag: Select a valid choice. late is not one of the available choices."
    ]
    Tag.objects.create(name="Late", slug="late")

    after = ItemFilter(QueryDict("tag=late"), queryset=Item.objects.all())

    assert type(after.form) is type(before.form)
    assert after.is_valid(), after.errors
    assert after.form.fields["tag"] is not before.form.fields["tag"]
    assert not after.form.fields["sort"].required
