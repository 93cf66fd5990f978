"""Items from other issues that read like a given item.

The item's most distinctive words (those fewest other items use, from the Word
vocabulary the importer keeps) are OR-ed into one full-text query; the other
issues' items that match are ordered by how many of those words they share,
then by their rank against the query. Few and rare words keep the match set, and
so the ranking work, small even on a large archive.
"""

from functools import reduce
from operator import add, or_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, F, When

from issues.models import SEARCH_CONFIG, Item, Word

MAX_TERMS = 8
# A word in more items than this says little about what an item is about.
MAX_WORD_ITEMS = 500

_ITEM_WORDS_SQL = """
    SELECT word.id, word.word, word.ndoc FROM issues_word AS word
    WHERE word.word IN (
        SELECT unnest(tsvector_to_array(
            to_tsvector('simple', item.title || ' ' || item.blurb || ' ' || item.abstract)))
        FROM issues_item AS item WHERE item.id = %s)
      AND word.ndoc BETWEEN 2 AND %s
      -- an English stop word would become an empty query
      AND numnode(plainto_tsquery('english', word.word)) > 0
    ORDER BY word.ndoc, word.word
    LIMIT %s
"""


def distinctive_words(item: Item, limit: int = MAX_TERMS) -> list[str]:
    """The item's rarest words that at least one other item shares."""
    words = Word.objects.raw(_ITEM_WORDS_SQL, [item.pk, MAX_WORD_ITEMS, limit])
    return [word.word for word in words]


def related_items(item: Item, limit: int = 5) -> list[Item]:
    """Items of other issues sharing the most of the item's distinctive words, then by rank."""
    terms = [
        SearchQuery(word, search_type="plain", config=SEARCH_CONFIG)
        for word in distinctive_words(item)
    ]
    if not terms:
        return []
    query = reduce(or_, terms)
    shared = reduce(add, (Case(When(search_vector=term, then=1), default=0) for term in terms))
    related = (
        Item.objects.filter(search_vector=query)
        .exclude(issue_id=item.issue_id)
        .annotate(shared=shared, rank=SearchRank(F("search_vector"), query))
        .select_related("issue", "section")
        # What a related link shows: not the vectors, nor the issue's source text.
        .only("title", "blurb", "abstract", "issue__number", "section__name")
        .order_by("-shared", "-rank", "-issue__number", "pk")
    )
    return list(related[:limit])
