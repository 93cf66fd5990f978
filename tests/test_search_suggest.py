"""/search/suggest: up to 10 item titles whose words start with the typed prefix."""

import pytest
from django.urls import reverse

from issues.search import suggest
from tests.search_helpers import add_issue

pytestmark = pytest.mark.django_db
URL = reverse("issues:search-suggest")


@pytest.fixture
def archive():
    add_issue(
        90,
        {
            "Industry": [
                ("Transformers everywhere", "A survey."),
                ("Transformation of industry", "Change."),
                ("Translation models", "Language."),
                ("", "A blurb about transformers with no title."),
                ("Cats", "Not about transformers in the title."),
            ]
        },
    )
    add_issue(91, {"Industry": [("Transformer chips", "Hardware for graph transformers.")]})


def titles(q: str) -> list[str]:
    return [suggestion["title"] for suggestion in suggest(q)]


def test_prefix_matches_title_words_in_rank_order(archive):
    assert titles("transf") == [
        "Transformer chips",
        "Transformers everywhere",
        "Transformation of industry",
    ]
    assert titles("TRANSL") == ["Translation models"]


def test_earlier_words_must_also_match(archive):
    assert titles("graph transf") == ["Transformer chips"]
    assert titles("survey transf") == ["Transformers everywhere"]


def test_short_or_unknown_prefixes_suggest_nothing(archive):
    assert titles("tr") == []
    assert titles("zzz") == []
    assert titles("") == []


def test_at_most_ten(archive):
    add_issue(92, {"Industry": [(f"Transformer number {index}", "x") for index in range(15)]})
    assert len(titles("transf")) == 10


def test_json_endpoint(client, archive, django_assert_num_queries):
    with django_assert_num_queries(2):  # the vocabulary, then the titles
        response = client.get(URL, {"q": "transl"})
    assert response.status_code == 200
    (suggestion,) = response.json()["suggestions"]
    assert suggestion["title"] == "Translation models"
    assert suggestion["issue"] == 90
    assert suggestion["url"] == reverse("issues:item-detail", args=[suggestion["id"]])
    assert response.json()["query"] == "transl"


def test_too_long_is_a_400(client, archive):
    response = client.get(URL, {"q": "t" * 101})
    assert response.status_code == 400
    assert response.json() == {
        "errors": ["q: Ensure this value has at most 100 characters (it has 101)."]
    }
