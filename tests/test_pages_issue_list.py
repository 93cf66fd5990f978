"""The list of issues: newest first, paginated, searchable, filterable by year and tag."""

import datetime
import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from issues.importing import import_text
from issues.models import Issue
from issues.views.reader import PAGE_SIZE
from tests.browser.samples import import_sample, issue_text


def numbers(response) -> list[int]:
    return [
        int(n)
        for n in re.findall(
            r'class="issue-row__link" href="/issues/(\d+)/"', response.content.decode()
        )
    ]


@pytest.fixture
def sample(db):
    import_sample()
    Issue.objects.filter(number=101).update(published_on=datetime.date(2020, 5, 1))
    Issue.objects.filter(number__in=[102, 103]).update(published_on=datetime.date(2021, 6, 1))


def test_issues_are_listed_newest_first_with_item_counts(client, sample):
    response = client.get("/issues/")

    assert numbers(response) == [103, 102, 101]
    assertContains(response, "4 items · 1 May 2020")
    assertContains(response, "3 issues, newest first.")


def test_it_searches_subtitles_and_intros(client, sample):
    response = client.get("/issues/", {"q": "wombat"})

    assert numbers(response) == [103]


def test_it_filters_by_year(client, sample):
    response = client.get("/issues/", {"year": "2021"})

    assert numbers(response) == [103, 102]
    assertContains(response, '<option value="2021" selected>2021</option>')


def test_it_filters_by_tag(client, sample):
    assert numbers(client.get("/issues/", {"tag": "robotics"})) == [102]
    assert numbers(client.get("/issues/", {"tag": "transformers"})) == [102, 101]


def test_filters_combine(client, sample):
    response = client.get("/issues/", {"tag": "transformers", "year": "2020", "q": "GAN"})

    assert numbers(response) == [101]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"year": "1999"},
            "Year: Select a valid choice. 1999 is not one of the available choices.",
        ),
        ({"year": "abc"}, "Year: Select a valid choice."),
        ({"tag": "no-such-tag"}, "Tag: Select a valid choice."),
        ({"q": "a\x00b"}, "Null characters are not allowed."),
        ({"q": "x" * 201}, "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_invalid_filters_give_a_message_and_no_list(client, sample, query, message):
    response = client.get("/issues/", query)

    assert response.status_code == 200
    assertContains(response, 'class="message message--error" role="alert"')
    assertContains(response, message)
    assert numbers(response) == []


def test_a_lone_surrogate_is_refused_with_a_message(client, sample):
    response = client.get("/issues/", QUERY_STRING="q=%ED%A0%80")

    assert response.status_code == 200
    assert numbers(response) == []


def test_no_match_says_so(client, sample):
    response = client.get("/issues/", {"q": "platypus"})

    assert numbers(response) == []
    assertContains(response, "No issues match these filters.")
    assertNotContains(response, "message--error")


@pytest.mark.django_db
def test_the_list_is_paginated(client):
    for number in range(1, PAGE_SIZE + 3):
        import_text(issue_text(number, f"Subtitle {number}", [("Industry", [("A", "B")])]))

    first = client.get("/issues/")
    second = client.get("/issues/", {"page": "2"})
    beyond = client.get("/issues/", {"page": "999"})

    assert numbers(first) == list(range(PAGE_SIZE + 2, 2, -1))
    assert numbers(second) == [2, 1]
    assertContains(first, 'rel="next" href="?page=2"')
    assertContains(first, "Page 1 of 2")
    assert numbers(beyond) == [2, 1]  # clamped to the last page


def test_the_year_choices_are_the_years_of_the_issues(client, sample):
    response = client.get("/issues/")

    html = response.content.decode()
    select = re.search(r'<select name="year" id="id_year">(.*?)</select>', html, re.S).group(1)
    assert re.findall(r'<option value="(\d*)"', select) == ["", "2021", "2020"]


@pytest.mark.django_db
def test_the_year_field_is_hidden_while_no_issue_has_a_date(client):
    import_sample()

    response = client.get("/issues/")

    assertNotContains(response, 'id="id_year"')
    assertContains(response, 'id="id_tag"')
