"""Whatever arrives in the URL, /search/ and /search/suggest answer 200 or 400, never 500."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from issues import search as engine
from issues.models import Item
from tests.search_helpers import add_issue

pytestmark = pytest.mark.django_db
SEARCH = reverse("issues:search")
SUGGEST = reverse("issues:search-suggest")


@pytest.fixture
def archive():
    add_issue(50, {"Industry": [("Capybara models", "Capybara 🦫 emoji and naïve café text.")]})


NASTY = [
    ("q=%00", 400),
    ("q=caby%00bara", 400),
    ("q=" + "a" * 10_000, 400),
    ("q=" + "capybara+" * 1_200, 400),
    ("q=%F0%9F%A6%AB", 200),
    ("q=%ed%a0%80", 200),
    ("q=%ed%a0%80capybara%ed%b0%80", 200),
    ("q=%ff%fe%fd", 200),
    ("q=!!!+???+...+%22%22+--+%7C%7C+%26%26+(+)+:*", 200),
    ("q=-", 200),
    ("q=-capybara", 200),
    ('q="', 200),
    ("q=or+or+or", 200),
    ("q=capybara+%3A*+%5C", 200),
    ("q=%27%3B+DROP+TABLE+issues_item%3B+--", 200),
    ("q=capybara&q=other", 200),
    ("q[]=capybara", 200),
    ("q=capybara&tag=%00", 400),
    ("q=capybara&tag=" + "x" * 10_000, 400),
    ("q=capybara&section=%ed%a0%80", 400),
    ("q=capybara&issue_min=1e309", 400),
    ("q=capybara&issue_max=-1", 400),
    ("q=capybara&published_after=99999-01-01", 400),
    ("q=capybara&published_after=0000-00-00", 400),
    ("q=capybara&sort=%00", 400),
    ("q=capybara&sponsored=%F0%9F%A6%AB", 400),
    ("q=capybara&page=%00", 200),
    ("q=capybara&page=" + "9" * 10_000, 200),
]


@pytest.mark.parametrize(("query", "status"), NASTY, ids=[q[:40] for q, _ in NASTY])
def test_search_page_answers_nasty_input(client, archive, query, status):
    response = client.get(f"{SEARCH}?{query}")
    assert response.status_code == status
    if status == 400:
        assert b"could not be used" in response.content


def test_emoji_and_accents_are_searchable(client, archive):
    html = client.get(SEARCH, {"q": "café naïve"}).content.decode()
    assert html.count("data-item-id=") == 1


CAPYBARA = ["Capybara models"]
SUGGEST_NASTY = [
    ("q=%00", 400, None),
    ("q=" + "a" * 10_000, 400, None),
    ("q=%ed%a0%80%ed%a0%80%ed%a0%80", 200, []),
    ("q=%F0%9F%A6%AB%F0%9F%A6%AB%F0%9F%A6%AB", 200, []),
    ("q=!!!", 200, []),
    ("q=%27%3A*+%7C+x", 200, []),
    ("q=cap%27", 200, CAPYBARA),
    ("q=cap%3A*+%7C+%21", 200, CAPYBARA),
    ("q=%27cap", 200, CAPYBARA),
    ("q=", 200, []),
    ("", 200, []),
]


@pytest.mark.parametrize(
    ("query", "status", "titles"), SUGGEST_NASTY, ids=[q[:40] for q, _, _ in SUGGEST_NASTY]
)
def test_suggest_answers_nasty_input(client, archive, query, status, titles):
    response = client.get(f"{SUGGEST}?{query}")
    assert response.status_code == status
    body = response.json()
    if status == 400:
        assert body["errors"][0].startswith("q: ")
    else:
        assert [suggestion["title"] for suggestion in body["suggestions"]] == titles


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    text=st.lists(
        st.one_of(
            # Every code point, lone surrogates and NUL included.
            st.characters(exclude_categories=()),
            st.sampled_from(['"', "-", ":*", "|", "&", "!", "(", ")", "'", "\\", " ", "<->"]),
            st.sampled_from(["or", "the", "capybara", "capybra", "café"]),
        ),
        max_size=30,
    ).map("".join)
)
def test_any_text_is_a_valid_query(archive, text):
    """The QuerySet and helpers take any str: no database error, whatever the text."""
    Item.objects.search(text).count()
    Item.objects.search(text, sort="oldest").count()
    engine.did_you_mean(text, 0)
    engine.suggest(text)
    engine.has_terms(text)
