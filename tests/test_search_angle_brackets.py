"""Words in angle brackets are found (migration 0012).

PostgreSQL's text search parser takes "<think>" for an HTML tag and drops it;
the vectors read "<" as a space instead.
"""

from django.db import connection
from django.test import TestCase
from django.urls import reverse

from issues.models import Issue, Item
from tests.search_helpers import add_issue


class AngleBracketSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        add_issue(
            7,
            {
                "Industry": [
                    ("Reasoning traces", "Models now emit <think> tokens before they answer."),
                    ("Why <|endoftext|> matters", "Documents end with a token."),
                    ("Plain thinking", "No brackets at all."),
                ],
                "Papers & Publications": [
                    ("Tag soup", "We parse <html> and 1<2 comparisons in prose."),
                ],
            },
            intro="This week: <agents> everywhere.",
        )

    def titles(self, q: str) -> list[str]:
        return sorted(Item.objects.search(q).values_list("title", flat=True))

    def test_a_word_only_in_angle_brackets_is_found(self):
        # "thinking" stems to "think" too: the plain word was always found.
        self.assertEqual(self.titles("think"), ["Plain thinking", "Reasoning traces"])
        self.assertEqual(self.titles("<think>"), ["Plain thinking", "Reasoning traces"])
        self.assertEqual(self.titles("endoftext"), ["Why <|endoftext|> matters"])
        self.assertEqual(self.titles("<|endoftext|>"), ["Why <|endoftext|> matters"])
        self.assertEqual(self.titles("html"), ["Tag soup"])

    def test_a_title_word_in_brackets_is_in_the_title_index(self):
        titled = Item.objects.search("endoftext").in_titles()
        self.assertEqual(
            list(titled.values_list("title", flat=True)), ["Why <|endoftext|> matters"]
        )

    def test_a_less_than_sign_between_words_parts_them(self):
        self.assertEqual(self.titles('"1 2"'), ["Tag soup"])

    def test_an_issue_intro_word_in_brackets_is_found(self):
        self.assertEqual(
            list(Issue.objects.search("agents").values_list("number", flat=True)), [7]
        )

    def test_a_query_reads_a_bracketed_word_as_the_word(self):
        # Only the documents needed the change: websearch_to_tsquery keeps it.
        with connection.cursor() as cursor:
            cursor.execute("SELECT websearch_to_tsquery('english', %s)::text", ["<think>"])
            self.assertEqual(cursor.fetchone()[0], "'think'")

    def test_the_search_page_and_the_api_mark_the_bracketed_word(self):
        page = self.client.get(reverse("issues:search"), {"q": "<think>"}).content.decode()
        answer = self.client.get(reverse("api:item-list"), {"q": "<think>"}).json()

        self.assertIn("emit &lt;<mark>think</mark>&gt; tokens", page)
        self.assertIn("<strong>2</strong> results", page)
        self.assertEqual(
            [item["snippet"] for item in answer["results"]],
            [
                "No brackets at all. ",
                "Models now emit &lt;<mark>think</mark>&gt; tokens before they answer",
            ],
        )
