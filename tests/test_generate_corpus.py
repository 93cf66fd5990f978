"""generate_corpus: deterministic synthetic issues, stored as the importer would store them."""

import datetime
import statistics
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from issues import corpus
from issues.importing import rebuild_words, retag
from issues.management.commands import generate_corpus
from issues.models import Issue, Item, ItemTag, Section, SectionName, Tag, Word
from issues.parsing import CANONICAL_SECTIONS, parse_issue
from issues.tagging import Vocabulary


def test_same_seed_same_issue_other_seed_other_issue():
    assert corpus.make_issue(12, seed=3) == corpus.make_issue(12, seed=3)
    assert corpus.make_issue(12, seed=3) != corpus.make_issue(12, seed=4)
    assert corpus.make_issue(12, seed=3) != corpus.make_issue(13, seed=3)


def test_rendered_text_parses_back_to_the_same_issue():
    for number in range(1, 41):
        issue = corpus.make_issue(number, seed=9)
        assert parse_issue(corpus.render_issue(issue)) == issue, number


def test_issues_have_the_newsletter_shape():
    issues = [corpus.make_issue(number, seed=2) for number in range(1, 201)]
    items = [item for issue in issues for item in issue.items]
    assert 28 <= len(items) / len(issues) <= 32
    for issue in issues:
        names = [section.name for section in issue.sections]
        assert names == [name for name in CANONICAL_SECTIONS if name in names]
        assert {"Industry", "Learning", "Libraries & Code", "Papers & Publications"} <= set(names)
        assert issue.intro.startswith("Hey folks,") and issue.intro.endswith("Until next week!")
    papers = [item for item in items if item.kind == "paper"]
    assert all(item.abstract and not item.blurb and item.title for item in papers)
    assert {len(item.abstract.split()) for item in papers} <= set(range(80, 201))
    others = [item for item in items if item.kind != "paper"]
    assert all(item.blurb and not item.abstract for item in others)
    assert 0.01 < sum(not item.title for item in items) / len(items) < 0.05
    assert 0.002 < sum(item.sponsored for item in items) / len(items) < 0.03
    repos = [item for item in items if item.kind == "repo"]
    assert repos and all(item.url == f"https://github.com/{item.title}" for item in repos)
    assert 12 <= statistics.mean(len(item.blurb.split()) for item in others) <= 30


def test_vocabulary_is_zipfian_with_the_domain_words_on_top():
    items = [item for n in range(1, 101) for item in corpus.make_issue(n, seed=1).items]
    df = Counter()
    for item in items:
        df.update({word.lower() for word in f"{item.title} {item.blurb} {item.abstract}".split()})
    share = {word: count / len(items) for word, count in df.items()}
    assert 0.15 < share["model"] < 0.5
    for word in ["transformer", "contrastive", "diffusion", "reinforcement", "graph", "gpu"]:
        assert 0.01 < share[word] < 0.2, word
    # A long tail: most distinct words occur in a single item.
    assert sum(count == 1 for count in df.values()) > len(df) / 2


def test_the_token_lookup_agrees_with_the_regular_expressions():
    terms = {
        "t": ["transformer", "GPT-3", "vision transformer", "DALL·E"],
        "rl": ["reinforcement learning", "RL", "deep RL", "Q-learning"],
        "hf": ["Hugging Face", "Transformers library"],
        "hw": ["in-memory computing", "GPU"],
    }
    texts = [
        "Transformers library rocks",
        "GPT-3s and gpt 2 and GPT 3",
        "xdeep rl and deep-RL",
        "_rl rl_ rl",
        "the GPUs, gpues and gpux",
        "in memory computing",
        "DALL·E 2",
        "dall-e",
        "Vision-Transformers",
        "reinforcement\nlearning",
        "nothing here",
        "café GPU",  # not ASCII: handed to the Vocabulary
    ]
    vocabulary = Vocabulary(terms)
    for text in texts:
        assert vocabulary.match(text) == vocabulary.match_exactly(text), text
    assert vocabulary.match("Transformers library rocks") == {"t", "hf"}
    assert vocabulary.match("_rl rl_ rl") == {"rl"}
    assert vocabulary.match("gpux") == set()


@pytest.mark.django_db
def test_the_token_lookup_agrees_on_generated_items_with_the_real_tags():
    terms = {tag.pk: tag.terms for tag in Tag.objects.all()}
    vocabulary = Vocabulary(terms)
    items = [item for n in range(1, 31) for item in corpus.make_issue(n, seed=4).items]
    texts = [(item.title, item.blurb, item.abstract) for item in items]
    fast = [vocabulary.match(*text) for text in texts]
    assert fast == [vocabulary.match_exactly(*text) for text in texts]
    assert sum(bool(tags) for tags in fast) > len(texts) / 2


def _stored(number: int) -> dict:
    issue = Issue.objects.get(number=number)
    sections = []
    for section in issue.sections.order_by("position"):
        items = [
            {
                field: getattr(item, field)
                for field in ("title", "blurb", "abstract", "kind", "sponsored", "note", "url")
            }
            for item in section.items.order_by("position")
        ]
        sections.append({"name": section.name, "items": items})
    return {
        "number": issue.number,
        "title": issue.title,
        "subtitle": issue.subtitle,
        "intro": issue.intro,
        "sections": sections,
    }


@pytest.mark.django_db
def test_command_stores_the_issues_as_the_importer_would():
    call_command("generate_corpus", issues=3, seed=5, workers=1, verbosity=0)
    assert list(Issue.objects.values_list("number", flat=True).order_by("number")) == [1, 2, 3]
    for number in (1, 2, 3):
        assert _stored(number) == corpus.make_issue(number, seed=5).to_dict()
        issue = Issue.objects.get(number=number)
        assert issue.source_text == corpus.source_stub(number, 5)
        assert issue.published_on == corpus.issue_date(number)
        assert all(item.issue_id == item.section.issue_id for item in issue.items.all())
    # The items' copies of their issue's and section's keys came with the rows.
    copies = ("issue_number", "published_on", "section_name", "section_position")
    originals = ("issue__number", "issue__published_on", "section__name", "section__position")
    rows = Item.objects.order_by("pk")
    assert list(rows.values_list(*copies)) == list(rows.values_list(*originals))
    # The automatic tags are exactly what retag would give, and the vocabulary
    # exactly what rebuild_words counts.
    tags_before = set(ItemTag.objects.values_list("item_id", "tag_id", "source"))
    assert tags_before
    assert retag() == (0, 0)
    words = dict(Word.objects.values_list("word", "ndoc"))
    rebuild_words()
    assert dict(Word.objects.values_list("word", "ndoc")) == words
    # Items are searchable, and the id sequences moved past the copied rows.
    assert Item.objects.search("model").exists()
    section = Section.objects.create(issue=issue, name=SectionName.INDUSTRY, position=99)
    Item.objects.create(issue=issue, section=section, position=1, title="after")


@pytest.mark.django_db
def test_command_numbers_after_the_highest_issue_and_refuses_taken_numbers():
    call_command("generate_corpus", issues=2, seed=1, workers=1, verbosity=0)
    call_command("generate_corpus", issues=2, seed=1, workers=1, verbosity=0)
    assert list(Issue.objects.values_list("number", flat=True).order_by("number")) == [1, 2, 3, 4]
    with pytest.raises(CommandError, match="issue #2 exists already"):
        call_command("generate_corpus", issues=3, seed=1, start=2, workers=1, verbosity=0)
    with pytest.raises(CommandError, match="--issues must be between"):
        call_command("generate_corpus", issues=0, verbosity=0)
    assert Issue.objects.count() == 4


def _schema() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT tablename, indexdef FROM pg_indexes WHERE tablename LIKE 'issues_%%'
               UNION ALL
               SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint
               WHERE conrelid::regclass::text LIKE 'issues_%%'"""
        )
        return set(cursor.fetchall())


@pytest.mark.django_db
def test_bulk_load_rebuilds_every_index_and_key_it_dropped(monkeypatch):
    monkeypatch.setattr(generate_corpus, "BULK_ITEMS", 1)
    before = _schema()
    call_command("generate_corpus", issues=2, seed=3, workers=1, verbosity=0)
    assert _schema() == before
    assert Item.objects.count() == sum(len(corpus.make_issue(n, 3).items) for n in (1, 2))


def test_a_million_items_span_fifteen_years_of_dates():
    assert corpus.issue_date(1) == datetime.date(2017, 1, 5)
    assert corpus.issue_date(6) == corpus.issue_date(1)
    assert corpus.issue_date(7) == datetime.date(2017, 1, 6)
    assert corpus.issue_date(33_334).year == 2032


def test_chunks_number_rows_without_gaps():
    chunks = corpus.plan_chunks(range(5, 12), seed=2, first_ids=(10, 100, 1000), size=3)
    assert [chunk.numbers for chunk in chunks] == [range(5, 8), range(8, 11), range(11, 12)]
    matcher = Vocabulary({})
    next_item = 1000
    for chunk in chunks:
        assert chunk.item_id == next_item
        rows = corpus.chunk_rows(chunk, matcher, "2024-01-01T00:00:00+00:00")["issues_item"]
        ids = [int(line.split("\t")[0]) for line in rows.splitlines()]
        assert ids == list(range(next_item, next_item + len(ids)))
        next_item += len(ids)
    assert chunks[1].issue_id == 13 and chunks[2].issue_id == 16


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_every_loaded_page_is_all_visible():
    # Index-only scans (the tag facets) skip the table only for all-visible pages;
    # with asynchronous commits left unflushed, VACUUM would mark none of them.
    call_command("generate_corpus", issues=20, seed=1, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, relpages, relallvisible FROM pg_class WHERE relname = ANY(%s)"
            " ORDER BY relname",
            [list(generate_corpus.TABLES)],
        )
        pages = cursor.fetchall()
    assert [name for name, _, _ in pages] == sorted(generate_corpus.TABLES)
    # (Tag links depend on the tag vocabulary, which a transactional test may have emptied.)
    assert {name: total > 0 for name, total, _ in pages if name != "issues_itemtag"} == {
        "issues_issue": True,
        "issues_item": True,
        "issues_section": True,
    }
    assert all(visible == total for _, total, visible in pages), pages
