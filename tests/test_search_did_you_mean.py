"""Did you mean: respelling from the archive's own vocabulary (the Word table)."""

import pytest
from django.test import TestCase

from issues.importing import import_text
from issues.models import Word
from issues.search import DidYouMean, correct, did_you_mean, edit_distance
from tests.conftest import requires_seeds, seed_files
from tests.search_helpers import add_issue

pytestmark = pytest.mark.django_db


@requires_seeds
class SeedSpellingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for path in seed_files():
            import_text(path.read_text(encoding="utf-8"))

    def test_tranformer_suggests_transformer(self):
        assert did_you_mean("tranformer", 0) == DidYouMean("transformer", 11)

    def test_convolutonal_suggests_convolutional(self):
        assert did_you_mean("convolutonal", 0) == DidYouMean("convolutional", 5)

    def test_operators_and_known_words_are_kept(self):
        assert did_you_mean('"graph nueral networks" -gogle', 0) == DidYouMean(
            '"graph neural networks" -google', 1
        )

    def test_right_spelling_gets_no_suggestion(self):
        assert did_you_mean("transformer", 11) is None


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("transformer", "transformer", 0),
        ("tranformer", "transformer", 1),
        ("transfomrer", "transformer", 1),
        ("convolutonal", "convolutional", 1),
        ("kitten", "sitting", 3),
        ("ab", "ba", 1),
        ("", "abc", 3),
    ],
)
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b, limit=5) == distance
    assert edit_distance(b, a, limit=5) == distance


def test_edit_distance_stops_past_the_limit():
    assert edit_distance("aaaaaaaa", "bbbbbbbb", limit=2) == 3
    assert edit_distance("a", "abcdef", limit=2) == 3


def test_correct_prefers_closest_then_most_common():
    candidates = [("lemon", 5), ("melon", 50), ("lemons", 99)]
    assert correct("lemno", candidates) == "lemon"  # a swap: distance 1
    assert correct("lemonz", candidates) == "lemons"  # distance 1 from lemons and lemon: more docs
    assert correct("xyzzy", candidates) is None


@pytest.fixture
def zoo():
    add_issue(
        80,
        {
            "Industry": [
                ("Platypus genome", "The platypus genome is odd."),
                ("Platypus again", "A platypus swims."),
                ("Echidna", "Spiny echidna facts."),
            ]
        },
    )


def test_first_letter_swaps_and_prefix_typos_are_found(zoo):
    assert did_you_mean("lpatypus", 0) == DidYouMean("platypus", 2)
    assert did_you_mean("platipus", 0) == DidYouMean("platypus", 2)
    assert did_you_mean("ehcidna", 0) == DidYouMean("echidna", 1)


def test_counts_in_the_filtered_items(zoo):
    from issues.models import Item

    only_echidna = Item.objects.filter(title="Echidna")
    assert did_you_mean("platipus", 0, only_echidna) is None
    assert did_you_mean("ehcidna", 0, only_echidna) == DidYouMean("echidna", 1)


def test_no_suggestion_for_unknown_or_short_words(zoo):
    assert did_you_mean("qqqqqqqq", 0) is None
    assert did_you_mean("xz", 0) is None
    assert did_you_mean("", 0) is None
    assert did_you_mean('"" -', 0) is None


def test_forgotten_words_are_not_suggested(zoo):
    Word.objects.filter(word="platypus").update(ndoc=0)
    assert did_you_mean("platipus", 0) is None


def test_vocabulary_lookup_is_one_query_plus_the_count(zoo, django_assert_num_queries):
    with django_assert_num_queries(2):
        did_you_mean("platipus ehcidna genome swims", 0)
    with django_assert_num_queries(1):
        did_you_mean("platypus", 2)
