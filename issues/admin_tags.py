"""Staff tag curation: bulk tagging and merging, in a few statements each."""

from django.db import transaction

from issues.models import ItemTag, Tag, TagSource


def add_tag(items, tag: Tag) -> int:
    """Tag the items as staff did; an automatic link to the tag becomes a staff one.

    Returns how many items now carry the tag by staff choice.
    """
    links = [
        ItemTag(item_id=pk, tag=tag, source=TagSource.STAFF)
        for pk in items.order_by().values_list("pk", flat=True)
    ]
    ItemTag.objects.bulk_create(
        links, update_conflicts=True, unique_fields=["item", "tag"], update_fields=["source"]
    )
    return len(links)


def remove_tag(items, tag: Tag) -> int:
    """Untag the items; returns how many links went."""
    deleted, _ = ItemTag.objects.filter(item__in=items.order_by().values("pk"), tag=tag).delete()
    return deleted


def merge_tags(sources: list[Tag], target: Tag) -> int:
    """Move the sources' items to the target and delete the sources.

    A link is staff on the target when either tag had it by staff choice, and the
    target takes the sources' match terms, so automatic tagging keeps the moved
    links. Returns how many item links moved (links the target already had count
    once, as the target's).
    """
    moved = 0
    with transaction.atomic():
        for source in sources:
            target.item_tags.filter(
                source=TagSource.AUTO,
                item__in=source.item_tags.filter(source=TagSource.STAFF).values("item"),
            ).update(source=TagSource.STAFF)
            moved += source.item_tags.exclude(item__in=target.item_tags.values("item")).update(
                tag=target
            )
            target.match_terms = "\n".join(_merged_terms(target.terms, source.terms))
            source.delete()
        target.save(update_fields=["match_terms"])
    return moved


def _merged_terms(terms: list[str], more: list[str]) -> list[str]:
    merged = list(terms)
    known = {term.lower() for term in terms}
    for term in more:
        if term.lower() not in known:
            merged.append(term)
            known.add(term.lower())
    return merged
