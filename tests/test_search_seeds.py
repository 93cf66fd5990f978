"""Ranked search on the five real issues: exact results, in order."""

import pytest
from django.test import TestCase

from issues.importing import import_text
from issues.models import Issue, Item
from tests.conftest import requires_seeds, seed_files


def titles(q: str, sort: str = "relevance") -> list[str]:
    return list(Item.objects.search(q, sort=sort).values_list("title", flat=True))


@requires_seeds
class SeedSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for path in seed_files():
            import_text(path.read_text(encoding="utf-8"))

    def test_contrastive_ranks_simclr_first(self):
        assert titles("contrastive") == [
            "A Simple Framework for Contrastive Learning of Visual Representations",
            "Patches Are All You Need",
        ]

    def test_quoted_phrase_finds_exactly_the_two_items_of_issue_214(self):
        found = Item.objects.search('"graph neural networks"')
        assert [(item.issue.number, item.title) for item in found] == [
            (214, "A Gentle Introduction to Graph Neural Networks"),
            (214, "ETA Prediction with Graph Neural Networks in Google Maps"),
        ]

    def test_exclusion_keeps_deepmind_items_that_never_mention_google(self):
        found = list(Item.objects.search("DeepMind -Google"))
        everything = list(Item.objects.search("DeepMind"))
        assert len(found) == 2
        assert len(everything) > len(found)
        for item in found:
            text = f"{item.title} {item.blurb} {item.abstract}".lower()
            assert "deepmind" in text
            assert "google" not in text
        for item in set(everything) - set(found):
            assert "google" in f"{item.title} {item.blurb} {item.abstract}".lower()

    def test_binarized_finds_larq_compute_engine(self):
        assert titles("binarized") == ["larq/compute-engine"]

    def test_words_are_anded_and_or_widens(self):
        both = set(titles("contrastive imagenet"))
        either = set(titles("contrastive or binarized"))
        assert both == {"A Simple Framework for Contrastive Learning of Visual Representations"}
        assert either == set(titles("contrastive")) | {"larq/compute-engine"}

    def test_stemming_matches_other_forms(self):
        assert titles("binarize") == ["larq/compute-engine"]

    def test_title_match_outranks_abstract_only_match(self):
        ranked = list(Item.objects.search("transformer"))
        assert (
            ranked[0].title
            == "CSWin Transformer: A General Vision Transformer Backbone with Cross-Shaped Windows"
        )
        assert [item.rank for item in ranked] == sorted(
            (item.rank for item in ranked), reverse=True
        )

    def test_empty_and_all_stopword_queries_find_nothing(self):
        for q in ["", "   ", "the a of", "!!! ???", "-", '""']:
            assert titles(q) == [], q

    def test_issue_search_over_subtitle_and_intro(self):
        found = Issue.objects.search('"graph neural networks"')
        assert list(found.values_list("number", flat=True)) == [214]
        # Unquoted, the words need not be adjacent: 209's intro has them apart.
        found = Issue.objects.search("graph neural networks")
        assert list(found.values_list("number", flat=True)) == [214, 209]
        assert list(Issue.objects.search("")) == []


@pytest.mark.parametrize("sort", ["rank", "", "NEWEST", None])
def test_unknown_sort_is_refused(sort):
    with pytest.raises(ValueError, match="sort must be one of"):
        Item.objects.search("x", sort=sort)
