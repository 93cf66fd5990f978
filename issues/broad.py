"""The best-ranked items of every broad word, for ranking broad queries (see BroadTerm).

A query with 100,000 matches cannot be ranked by reading them all within a
page's time budget. For one word, ts_rank_cd is the sum of its occurrences'
weights (title 1.0, blurb 0.4, abstract 0.2), which is computed here for every
item from the stored vectors in one pass, and the best BROAD_LIST items of each
broad word are kept. Only items ranking 1.0 or more are considered (a title
occurrence, or three or more in the text): a broad word has hundreds of those,
so the top of its ranking is always among them, and a list is always the head
of the word's exact ranking. The first BEST_OF_LIST of a list are a broad
query's best candidates; the rest serve filters that few of those pass (a tag
seldom among a word's 300 best items has a page of items among its 3,000 best).
"""

from issues import cache
from issues.batch import batch_transaction
from issues.models import BROAD_MATCHES

BROAD_LIST = 3000

_LISTS_SQL = """
INSERT INTO issues_broadterm (lexeme, ndoc, item_ids, up_to, built_at)
WITH broad_words AS MATERIALIZED (
    SELECT u.lexeme, count(*) AS ndoc FROM issues_item i, unnest(i.search_vector) u
    GROUP BY u.lexeme HAVING count(*) > %s
)
SELECT ranked.lexeme, broad_words.ndoc, array_agg(ranked.id ORDER BY ranked.place),
       %s, now()
FROM (
    SELECT hits.lexeme, hits.id, row_number() OVER (
        PARTITION BY hits.lexeme
        ORDER BY hits.score DESC, issue.number DESC, section.position, hits.position, hits.id
    ) AS place
    FROM (
        SELECT u.lexeme, i.id, i.issue_id, i.section_id, i.position,
               (SELECT sum(CASE w WHEN 'A' THEN 1.0 WHEN 'B' THEN 0.4 WHEN 'C' THEN 0.2
                                  ELSE 0.1 END) FROM unnest(u.weights) w) AS score
        FROM issues_item i, unnest(i.search_vector) u
        WHERE u.lexeme IN (SELECT lexeme FROM broad_words)
          AND ('A' = ANY(u.weights) OR cardinality(u.positions) >= 3)
    ) hits
    JOIN issues_issue issue ON issue.id = hits.issue_id
    JOIN issues_section section ON section.id = hits.section_id
    WHERE hits.score >= 1.0
) ranked JOIN broad_words USING (lexeme)
WHERE ranked.place <= %s
GROUP BY ranked.lexeme, broad_words.ndoc
"""


def rebuild_broad_terms(min_items: int = BROAD_MATCHES, keep: int = BROAD_LIST) -> int:
    """Recompute every broad word's list from the stored vectors; returns how many there are."""
    with batch_transaction() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SELECT coalesce(max(id), 0) FROM issues_item")
        up_to = cursor.fetchone()[0]
        cursor.execute("DELETE FROM issues_broadterm")
        cursor.execute(_LISTS_SQL, [min_items, up_to, keep])
        count = cursor.rowcount
    cache.bump_version()  # cached pages and counts were ranked from the old lists
    return count
