"""Back up the whole archive to a folder and restore it exactly.

The folder holds every issue's current source text (`issues/<number>.txt`, what
a person would re-import) and `archive.json`: every row staff can change
(titles, links, dates, notes, tags and where they came from, revisions),
with timestamps, so a restore reproduces the archive field for field.
"""

import json
from pathlib import Path

from django.db import connection, transaction
from django.utils.dateparse import parse_date, parse_datetime

from issues import cache
from issues.batch import batch_transaction
from issues.importing import rebuild_words, sha256
from issues.models import Issue, IssueRevision, Item, ItemTag, Section, Tag

FORMAT_VERSION = 1
ITEM_FIELDS = ("position", "title", "blurb", "abstract", "kind", "sponsored", "note", "url")
TAG_FIELDS = ("name", "slug", "category", "description", "match_terms")


class RestoreError(Exception):
    """The folder cannot be restored; the message says why in one line."""


def export_archive(folder: Path) -> int:
    """Write the archive to `folder`; returns the number of issues written."""
    (folder / "issues").mkdir(parents=True, exist_ok=True)
    # Each prefetch reads a whole table in one statement.
    with batch_transaction():
        issues = Issue.objects.prefetch_related(
            "revisions", "sections__items__item_tags__tag"
        ).order_by("number")
        exported = []
        for issue in issues:
            (folder / "issues" / f"{issue.number}.txt").write_text(issue.source_text, "utf-8")
            exported.append(_issue_dict(issue))
        tags = [{field: getattr(tag, field) for field in TAG_FIELDS} for tag in Tag.objects.all()]
    document = {"format": FORMAT_VERSION, "tags": tags, "issues": exported}
    (folder / "archive.json").write_text(json.dumps(document, ensure_ascii=False, indent=1))
    return len(exported)


def _issue_dict(issue: Issue) -> dict:
    return {
        "number": issue.number,
        "title": issue.title,
        "subtitle": issue.subtitle,
        "intro": issue.intro,
        "published_on": issue.published_on.isoformat() if issue.published_on else None,
        "created_at": issue.created_at.isoformat(),
        "updated_at": issue.updated_at.isoformat(),
        "revisions": [
            {"source_text": revision.source_text, "created_at": revision.created_at.isoformat()}
            for revision in issue.revisions.all()
        ],
        "sections": [
            {
                "name": section.name,
                "position": section.position,
                "items": [_item_dict(item) for item in section.items.all()],
            }
            for section in issue.sections.all()
        ],
    }


def _item_dict(item: Item) -> dict:
    return {field: getattr(item, field) for field in ITEM_FIELDS} | {
        "created_at": item.created_at.isoformat(),
        "updated_at": item.updated_at.isoformat(),
        "tags": [
            {
                "slug": link.tag.slug,
                "source": link.source,
                "created_at": link.created_at.isoformat(),
            }
            for link in item.item_tags.all()
        ],
    }


def import_archive(folder: Path) -> int:
    """Restore a folder written by export_archive into an empty archive."""
    try:
        document = json.loads((folder / "archive.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise RestoreError(f"{folder / 'archive.json'}: cannot be read ({exc})") from None
    if document.get("format") != FORMAT_VERSION:
        raise RestoreError(f"unknown backup format {document.get('format')!r}")
    with transaction.atomic():
        if Issue.objects.exists():
            raise RestoreError("the archive is not empty; restore into an empty database")
        tags = _restore_tags(document["tags"])
        for entry in document["issues"]:
            text_file = folder / "issues" / f"{entry['number']}.txt"
            try:
                text = text_file.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise RestoreError(f"{text_file}: cannot be read ({exc})") from None
            _restore_issue(entry, text, tags)
    rebuild_words()
    cache.bump_version()
    return len(document["issues"])


def _restore_tags(entries: list[dict]) -> dict[str, Tag]:
    tags = {tag.slug: tag for tag in Tag.objects.all()}
    for entry in entries:
        tag = tags.get(entry["slug"]) or Tag(slug=entry["slug"])
        for field in TAG_FIELDS:
            setattr(tag, field, entry[field])
        tag.save()
        tags[tag.slug] = tag
    return tags


def _restore_issue(entry: dict, text: str, tags: dict[str, Tag]) -> None:
    issue = Issue.objects.create(
        number=entry["number"],
        title=entry["title"],
        subtitle=entry["subtitle"],
        intro=entry["intro"],
        published_on=parse_date(entry["published_on"]) if entry["published_on"] else None,
        source_text=text,
        source_sha256=sha256(text),
    )
    _set_timestamps("issues_issue", [(issue.pk, entry["created_at"], entry["updated_at"])])
    revisions = IssueRevision.objects.bulk_create(
        IssueRevision(
            issue=issue, source_text=r["source_text"], source_sha256=sha256(r["source_text"])
        )
        for r in entry["revisions"]
    )
    _set_timestamps(
        "issues_issuerevision",
        [
            (r.pk, e["created_at"], None)
            for r, e in zip(revisions, entry["revisions"], strict=True)
        ],
    )
    sections = Section.objects.bulk_create(
        Section(issue=issue, name=s["name"], position=s["position"]) for s in entry["sections"]
    )
    pairs = [
        (Item(issue=issue, section=section, **{f: i[f] for f in ITEM_FIELDS}), i)
        for section, s in zip(sections, entry["sections"], strict=True)
        for i in s["items"]
    ]
    Item.objects.bulk_create(item for item, _ in pairs)
    _set_timestamps(
        "issues_item", [(item.pk, i["created_at"], i["updated_at"]) for item, i in pairs]
    )
    links = [
        (ItemTag(item=item, tag=tags[t["slug"]], source=t["source"]), t)
        for item, i in pairs
        for t in i["tags"]
    ]
    ItemTag.objects.bulk_create(link for link, _ in links)
    _set_timestamps("issues_itemtag", [(link.pk, t["created_at"], None) for link, t in links])


def _set_timestamps(table: str, rows: list[tuple[int, str, str | None]]) -> None:
    """Put back the original timestamps, which auto_now fields overwrite on insert."""
    if not rows:
        return
    ids = [row[0] for row in rows]
    created = [parse_datetime(row[1]) for row in rows]
    updated = [parse_datetime(row[2]) if row[2] else None for row in rows]
    has_updated = table in {"issues_issue", "issues_item"}
    assignments = "created_at = v.created_at" + (
        ", updated_at = v.updated_at" if has_updated else ""
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {table} AS t SET {assignments}
                FROM unnest(%s::bigint[], %s::timestamptz[], %s::timestamptz[])
                     AS v(id, created_at, updated_at)
                WHERE t.id = v.id""",  # noqa: S608 (table and columns are constants)
            [ids, created, updated],
        )
