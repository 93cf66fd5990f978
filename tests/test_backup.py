import json

import pytest
from django.core.management import CommandError, call_command

from issues.importing import import_text, rebuild_words
from issues.models import Issue, IssueRevision, Item, ItemTag, Section, Tag, TagSource, Word

FIRST = """Deep Learning Weekly Issue #12

Backups, restores and other chores

Hey folks,

Restores should be boring.

Until next week!


Why backups fail

A field guide to restores that did not restore.


An item whose title was stripped, about snapshot consistency.

Papers & Publications

Consistent Snapshots for Everyone

Abstract: We show that snapshots can be consistent and cheap.
"""
SECOND = FIRST.replace("Issue #12", "Issue #13").replace("chores", "more chores")


def snapshot() -> dict:
    """Every stored field of the archive, keyed by natural keys instead of ids."""
    return {
        "issues": list(
            Issue.objects.order_by("number").values(
                "number",
                "title",
                "subtitle",
                "intro",
                "published_on",
                "source_text",
                "source_sha256",
                "created_at",
                "updated_at",
            )
        ),
        "revisions": list(
            IssueRevision.objects.order_by("issue__number", "created_at").values(
                "issue__number", "source_text", "source_sha256", "created_at"
            )
        ),
        "sections": list(
            Section.objects.order_by("issue__number", "position").values(
                "issue__number", "name", "position"
            )
        ),
        "items": list(
            Item.objects.order_by("issue__number", "section__position", "position").values(
                "issue__number",
                "section__position",
                "position",
                "title",
                "blurb",
                "abstract",
                "kind",
                "sponsored",
                "note",
                "url",
                "created_at",
                "updated_at",
            )
        ),
        "item_tags": list(
            ItemTag.objects.order_by(
                "item__issue__number", "item__section__position", "item__position", "tag__slug"
            ).values(
                "item__issue__number",
                "item__section__position",
                "item__position",
                "tag__slug",
                "source",
                "created_at",
            )
        ),
        "tags": list(
            Tag.objects.order_by("slug").values(
                "name", "slug", "category", "description", "match_terms"
            )
        ),
        "words": list(Word.objects.order_by("word").values_list("word", "ndoc")),
    }


@pytest.fixture
def curated_archive(db):
    import_text(FIRST)
    import_text(SECOND)
    import_text(FIRST.replace("cheap.", "cheap and fast."), update=True)
    Issue.objects.filter(number=12).update(published_on="2020-02-14")
    titleless = Item.objects.get(issue__number=12, title="")
    titleless.title = "Snapshot consistency, filled in by staff"
    titleless.url = "https://example.com/snapshots"
    titleless.save()
    custom = Tag.objects.create(name="Backups", slug="backups", match_terms="backup\nrestore")
    ItemTag.objects.create(item=titleless, tag=custom, source=TagSource.STAFF)
    Tag.objects.filter(slug="datasets").update(description="Edited by staff")


def test_a_round_trip_reproduces_every_field(curated_archive, tmp_path):
    # The vocabulary is derived data that admin edits let drift; a restore recounts it.
    rebuild_words()
    before = snapshot()
    call_command("export_archive", str(tmp_path))
    Issue.objects.all().delete()
    Tag.objects.all().delete()
    Word.objects.all().delete()

    call_command("import_archive", str(tmp_path))

    assert snapshot() == before


def test_the_backup_holds_each_source_text_and_the_staff_additions(curated_archive, tmp_path):
    call_command("export_archive", str(tmp_path))

    assert sorted(p.name for p in (tmp_path / "issues").iterdir()) == ["12.txt", "13.txt"]
    assert (tmp_path / "issues" / "13.txt").read_text() == SECOND
    document = json.loads((tmp_path / "archive.json").read_text())
    first = document["issues"][0]
    assert (first["number"], first["published_on"]) == (12, "2020-02-14")
    assert [r["source_text"] for r in first["revisions"]] == [FIRST]
    titled = first["sections"][0]["items"][1]
    assert titled["title"] == "Snapshot consistency, filled in by staff"
    assert {"slug": "backups", "source": "staff"}.items() <= titled["tags"][0].items()


def test_it_restores_only_into_an_empty_archive(curated_archive, tmp_path):
    call_command("export_archive", str(tmp_path))

    with pytest.raises(CommandError, match="the archive is not empty"):
        call_command("import_archive", str(tmp_path))


@pytest.mark.django_db
def test_it_refuses_a_folder_that_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match=r"archive\.json: cannot be read"):
        call_command("import_archive", str(tmp_path))

    assert Issue.objects.count() == 0
