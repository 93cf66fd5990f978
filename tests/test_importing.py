import pytest
from django.utils import timezone

from issues.importing import ImportRefused, IssueExists, Outcome, import_text, retag, sha256
from issues.models import Issue, IssueRevision, Item, ItemTag, Section, Tag, TagSource, Word
from issues.parsing import ParseError

ISSUE = """Deep Learning Weekly Issue #501

Robots that read, and a faster transformer

Hey folks,

This week: robots and transformers.

Until next week!


A robot that reads manuals

Researchers at DeepMind teach a robot to follow printed instructions.

A faster transformer for long documents

A sparse attention scheme that scales to book-length inputs.

Papers & Publications

Sparse Attention at Scale

Abstract: We study sparse attention for long sequences.
"""


def changed(text: str) -> str:
    return text.replace("book-length inputs", "book-length inputs and code")


@pytest.fixture
def robotics():
    return Tag.objects.get(slug="robotics")


@pytest.mark.django_db
class TestCreate:
    def test_it_stores_the_issue_sections_and_items_in_text_order(self):
        result = import_text(ISSUE)

        assert result.outcome == Outcome.CREATED
        issue = Issue.objects.get(number=501)
        assert issue.subtitle == "Robots that read, and a faster transformer"
        assert issue.source_text == ISSUE
        assert issue.source_sha256 == sha256(ISSUE)
        assert list(issue.sections.values_list("name", "position")) == [
            ("Industry", 1),
            ("Papers & Publications", 2),
        ]
        assert list(
            issue.items.order_by("section__position", "position").values_list(
                "section__name", "position", "title", "kind"
            )
        ) == [
            ("Industry", 1, "A robot that reads manuals", "article"),
            ("Industry", 2, "A faster transformer for long documents", "article"),
            ("Papers & Publications", 1, "Sparse Attention at Scale", "paper"),
        ]

    def test_every_column_of_the_items_and_their_tag_links_is_stored(self):
        result = import_text(ISSUE.replace("Sparse Attention at Scale", "Sparse Attention [PDF]"))

        issue = result.issue
        rows = Item.objects.filter(issue=issue).order_by("section__position", "position")
        assert [
            (item.section.name, item.position, item.kind, item.sponsored, item.note, item.url)
            for item in rows
        ] == [
            ("Industry", 1, "article", False, "", ""),
            ("Industry", 2, "article", False, "", ""),
            ("Papers & Publications", 1, "paper", False, "", ""),
        ]
        assert rows[2].title == "Sparse Attention [PDF]"
        assert rows[2].abstract == "We study sparse attention for long sequences."
        stamps = {item.created_at for item in rows} | {item.updated_at for item in rows}
        links = ItemTag.objects.filter(item__issue=issue)
        link_stamps = {link.created_at for link in links}
        assert len(stamps) == len(link_stamps) == 1
        assert issue.created_at <= stamps.pop() <= link_stamps.pop() <= timezone.now()
        # Each link belongs to the item whose text matched (the DeepMind robot).
        assert {
            (link.item.title, link.tag.slug) for link in links if link.tag.slug == "deepmind"
        } == {("A robot that reads manuals", "deepmind")}

    def test_it_tags_items_automatically(self):
        import_text(ISSUE)

        robot = Item.objects.get(title="A robot that reads manuals")
        assert sorted(robot.item_tags.values_list("tag__slug", "source")) == [
            ("deepmind", "auto"),
            ("robotics", "auto"),
        ]

    def test_it_counts_the_vocabulary(self):
        import_text(ISSUE)

        assert Word.objects.get(word="robot").ndoc == 1
        assert Word.objects.get(word="sparse").ndoc == 2

    def test_it_refuses_text_that_is_not_an_issue_and_stores_nothing(self):
        with pytest.raises(ParseError):
            import_text("Hello there\n\nNot an issue")

        assert Issue.objects.count() == 0

    def test_it_refuses_an_item_too_large_to_index(self):
        huge = ISSUE.replace("Researchers at DeepMind", "word " * 60_000)

        with pytest.raises(ImportRefused, match=r"item 1 is .* bytes of text"):
            import_text(huge)

        assert Issue.objects.count() == 0


@pytest.mark.django_db
class TestAgain:
    def test_the_same_text_is_unchanged_and_writes_nothing(self):
        import_text(ISSUE)
        before = Issue.objects.get().updated_at

        result = import_text(ISSUE)

        assert result.outcome == Outcome.UNCHANGED
        assert Issue.objects.get().updated_at == before
        assert (Issue.objects.count(), Section.objects.count(), Item.objects.count()) == (1, 2, 3)
        assert Word.objects.get(word="robot").ndoc == 1

    def test_other_text_is_refused_without_update(self):
        import_text(ISSUE)

        with pytest.raises(IssueExists, match="issue #501 already exists with different text"):
            import_text(changed(ISSUE))

        assert Issue.objects.get().source_text == ISSUE
        assert IssueRevision.objects.count() == 0

    def test_a_dry_run_reports_without_writing(self):
        assert import_text(ISSUE, dry_run=True).outcome == Outcome.CREATED
        assert Issue.objects.count() == 0

        import_text(ISSUE)
        result = import_text(changed(ISSUE), update=True, dry_run=True)

        assert result.outcome == Outcome.UPDATED
        assert Issue.objects.get().source_text == ISSUE


@pytest.mark.django_db
class TestUpdate:
    def test_it_keeps_the_previous_text_as_a_revision(self):
        import_text(ISSUE)

        result = import_text(changed(ISSUE), update=True)

        assert result.outcome == Outcome.UPDATED
        issue = Issue.objects.get()
        assert issue.source_text == changed(ISSUE)
        assert list(issue.revisions.values_list("source_text", "source_sha256")) == [
            (ISSUE, sha256(ISSUE))
        ]
        assert Item.objects.filter(blurb__endswith="inputs and code.").count() == 1

    def test_it_keeps_what_staff_added(self, robotics):
        import_text(ISSUE)
        issue = Issue.objects.get()
        issue.published_on = "2021-03-01"
        issue.save()
        item = Item.objects.get(title="A faster transformer for long documents")
        item.url = "https://example.com/fast"
        item.note = "Staff note"
        item.save()
        ItemTag.objects.create(item=item, tag=robotics, source=TagSource.STAFF)

        import_text(changed(ISSUE), update=True)

        issue.refresh_from_db()
        assert str(issue.published_on) == "2021-03-01"
        item = Item.objects.get(title="A faster transformer for long documents")
        assert (item.url, item.note) == ("https://example.com/fast", "Staff note")
        assert ItemTag.objects.filter(item=item, tag=robotics, source=TagSource.STAFF).exists()

    def test_it_keeps_the_vocabulary_counts_right(self):
        import_text(ISSUE)

        import_text(changed(ISSUE), update=True)

        assert Word.objects.get(word="robot").ndoc == 1
        assert Word.objects.get(word="code").ndoc == 1


@pytest.mark.django_db
class TestRetag:
    def test_it_restores_automatic_tags_and_never_removes_staff_tags(self, robotics):
        import_text(ISSUE)
        transformer = Item.objects.get(title="A faster transformer for long documents")
        ItemTag.objects.create(item=transformer, tag=robotics, source=TagSource.STAFF)
        ItemTag.objects.filter(source=TagSource.AUTO).delete()

        added, removed = retag()

        assert (added, removed) == (3, 0)
        assert sorted(transformer.item_tags.values_list("tag__slug", "source")) == [
            ("robotics", "staff"),
            ("transformers", "auto"),
        ]

    def test_it_removes_automatic_tags_that_no_longer_match(self, robotics):
        import_text(ISSUE)
        Tag.objects.filter(slug="robotics").update(match_terms="humanoid")

        added, removed = retag()

        assert (added, removed) == (0, 1)
        assert not ItemTag.objects.filter(tag=robotics).exists()
