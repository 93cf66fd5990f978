"""Quoted phrases narrowed by the index of word pairs (Item.search_pairs, migration 0010).

The narrowing may only ever drop items the phrase itself would drop: every
phrase query finds exactly what it finds without it.
"""

from django.db import connection
from django.test import TestCase

from issues.models import Item
from issues.search import facets
from tests.search_helpers import add_issue


def sql_value(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def pair_hashes(*pairs: tuple[str, str]) -> list[int]:
    return sorted({sql_value("SELECT issues_pair_hash(%s, %s)", pair) for pair in pairs})


def phrase_pairs(q: str) -> list[int]:
    return sql_value("SELECT issues_phrase_pairs(websearch_to_tsquery('english', %s))", [q])


class WordPairFunctionsTests(TestCase):
    def test_a_document_pairs_each_lexeme_with_the_next(self):
        pairs = sql_value(
            "SELECT issues_word_pairs(to_tsvector('english', %s))",
            ["Deep neural networks for graph neural network training"],
        )
        # "for" is a stopword: "network" and "graph" are not side by side.
        expected = [("deep", "neural"), ("neural", "network"), ("graph", "neural")]
        self.assertEqual(pairs, pair_hashes(*expected, ("network", "train")))
        # 16 bits: 65,536 keys keep the index small and cheap to add to.
        self.assertTrue(all(0 <= pair < 2**16 for pair in pairs), pairs)

    def test_a_document_without_positions_has_no_pairs(self):
        empty = "SELECT issues_word_pairs(strip(to_tsvector('english', 'neural network')))"
        self.assertEqual(sql_value(empty), [])

    def test_a_quoted_phrase_needs_its_adjacent_pairs(self):
        pairs = phrase_pairs('"graph neural network" training')
        self.assertEqual(pairs, pair_hashes(("graph", "neural"), ("neural", "network")))

    def test_two_phrases_need_the_pairs_of_each_and_none_across(self):
        pairs = phrase_pairs('"neural network" "language model"')
        self.assertEqual(pairs, pair_hashes(("neural", "network"), ("languag", "model")))

    def test_a_hyphenated_phrase_needs_the_pairs_its_document_has(self):
        document = "SELECT issues_word_pairs(to_tsvector('english', 'self-supervised learning'))"
        self.assertEqual(phrase_pairs('"self-supervised learning"'), sql_value(document))
        self.assertEqual(len(sql_value(document)), 3)

    def test_queries_that_need_no_pair(self):
        for q in (
            "neural network",  # not a phrase
            '"graph of networks"',  # a stopword between: <2>, not side by side
            '"neural network" or robots',  # either may match
            '"neural network" -gan',  # a NOT: no pair is taken from such a query
            '-"neural network"',
            '"network"',
            "",
        ):
            with self.subTest(q=q):
                self.assertEqual(phrase_pairs(q), [])

    def test_an_unclosed_quote_is_a_phrase_as_for_websearch(self):
        self.assertEqual(
            sql_value("SELECT websearch_to_tsquery('english', %s)::text", ['"a b c']),
            "'b' <-> 'c'",
        )
        self.assertEqual(phrase_pairs('"neural network'), pair_hashes(("neural", "network")))

    def test_quoted_lexemes_are_read_back_unescaped(self):
        query = r"SELECT issues_phrase_pairs($$'it''s' <-> 'a\\b'$$::tsquery)"
        self.assertEqual(sql_value(query), pair_hashes(("it's", "a\\b")))

    def test_prefix_and_weighted_lexemes_need_no_pair(self):
        for query in ("'neural':* <-> 'network'", "'neural':A <-> 'network'"):
            with self.subTest(query=query):
                self.assertEqual(sql_value("SELECT issues_phrase_pairs(%s::tsquery)", [query]), [])


class NarrowedSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        add_issue(
            1,
            {
                "Industry": [
                    ("Neural network chips", "A neural network on every phone."),
                    ("Networks of neurons", "Network neural wiring, the other way round."),
                    ("Review of", "Networks that review themselves."),
                    ("Graph neural network", "Graph learning at scale."),
                ],
                "Learning": [
                    ("Self-supervised learning", "Labels are optional."),
                    ("Supervised", "Self study, learning with labels."),
                    ("Graph of networks", "A graph of neural ones."),
                ],
                "Papers & Publications": [
                    ("A neural approach", "We train a network, neural in spirit."),
                    ("GANs", "A neural network that draws: a GAN."),
                ],
            },
        )
        cls.titles = dict(Item.objects.values_list("pk", "title"))

    def found(self, queryset) -> list[str]:
        return sorted(self.titles[pk] for pk in queryset.values_list("pk", flat=True))

    def test_every_phrase_finds_what_it_finds_unnarrowed(self):
        expected = {
            '"neural network"': ["GANs", "Graph neural network", "Neural network chips"],
            # Punctuation between two words does not part them.
            '"network neural"': ["A neural approach", "Networks of neurons"],
            '"graph neural network"': ["Graph neural network"],
            '"self-supervised learning"': ["Self-supervised learning"],
            # A title ending in a stopword runs on into its blurb, as in search_vector.
            '"review networks"': ["Review of"],
            '"graph of networks"': ["Graph neural network", "Graph of networks"],
            '"neural network" -gan': ["Graph neural network", "Neural network chips"],
            '"neural network" or self': [
                "GANs",
                "Graph neural network",
                "Neural network chips",
                "Self-supervised learning",
                "Supervised",
            ],
            "neural network": [
                "A neural approach",
                "GANs",
                "Graph neural network",
                "Graph of networks",
                "Networks of neurons",
                "Neural network chips",
            ],
        }
        for q, titles in expected.items():
            with self.subTest(q=q):
                searched = Item.objects.search(q)
                self.assertEqual(self.found(searched), titles)
                self.assertEqual(self.found(searched.narrowed_by_word_pairs()), titles)

    def test_the_facets_count_and_rank_the_narrowed_matches(self):
        found = facets(Item.objects.search('"neural network"'), rows=(1, 20))
        self.assertEqual(found.total, 3)
        ranked = list(Item.objects.search('"neural network"').values_list("pk", flat=True))
        self.assertEqual(found.page_ids, ranked)

    def test_a_phrase_is_planned_with_its_pairs_as_a_constant(self):
        # A constant array, so the GIN index on search_pairs can answer it.
        (pair,) = pair_hashes(("neural", "network"))
        plan = Item.objects.search('"neural network"').narrowed_by_word_pairs().explain()
        self.assertIn(f"(search_pairs @> '{{{pair}}}'::integer[])", plan)

    def test_a_query_without_pairs_plans_as_if_unnarrowed(self):
        for q in ("neural network", '"neural network" or self'):
            with self.subTest(q=q):
                searched = Item.objects.search(q)
                self.assertNotIn("search_pairs", searched.narrowed_by_word_pairs().explain())
                self.assertIn("search_pairs", str(searched.narrowed_by_word_pairs().query))

    def test_a_queryset_that_is_not_a_search_is_left_alone(self):
        items = Item.objects.filter(kind="paper")
        self.assertEqual(str(items.narrowed_by_word_pairs().query), str(items.query))
