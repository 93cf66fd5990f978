"""Word pairs: an index of which words stand side by side, so that a quoted phrase
of common words is found without reading every item that has all of its words.

issues_word_pairs(vector) hashes each pair of adjacent lexemes of a tsvector;
issues_phrase_pairs(query) hashes the pairs that a web-search tsquery needs
side by side, or gives none when the query has an OR or a NOT (see
ItemQuerySet.narrowed_by_word_pairs). A hash is the first 32 bits of an md5
(16 since 0011): a collision only lets an item through to the real phrase
match, it never keeps one out.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

import issues.models

# SQL-standard bodies: the names in them are bound when they are created, so
# they work under any search_path (a restore runs with an empty one).
PAIR_FUNCTIONS = [
    r"""
CREATE FUNCTION issues_pair_hash(first text, second text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ('x' || left(md5(first || ' ' || second), 8))::bit(32)::integer
""",
    r"""
CREATE FUNCTION issues_word_pairs(document tsvector) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (
    SELECT coalesce(array_agg(DISTINCT issues_pair_hash(previous, lexeme)), '{}')
    FROM (
        SELECT lexeme, at, lag(lexeme) OVER by_position AS previous,
               lag(at) OVER by_position AS previous_at
        FROM unnest(document) AS word, unnest(word.positions) AS at
        WINDOW by_position AS (ORDER BY at)
    ) AS words
    WHERE previous_at = at - 1
)
""",
    # The query's text token by token: a quoted lexeme (in which '' is a quote
    # and \\ a backslash) or an operator. A pair is a lexeme, <->, a lexeme.
    r"""
CREATE FUNCTION issues_phrase_pairs(query tsquery) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (
    WITH tokens AS (
        SELECT token[1] AS lexeme, token[2] AS operator, n
        FROM regexp_matches(
            query::text, '''((?:[^'']|'''')*)''|(<->|<\d+>|:[*A-D]+|[&|!()])', 'g'
        ) WITH ORDINALITY AS found (token, n)
    ),
    pairs AS (
        SELECT lag(lexeme, 2) OVER by_order AS first, lag(operator) OVER by_order AS joint,
               lexeme AS second, operator
        FROM tokens WINDOW by_order AS (ORDER BY n)
    )
    SELECT CASE
        WHEN bool_or(operator IN ('|', '!') OR operator LIKE ':%') THEN '{}'::integer[]
        ELSE coalesce(
            array_agg(DISTINCT issues_pair_hash(
                replace(replace(first, '''''', ''''), '\\', '\'),
                replace(replace(second, '''''', ''''), '\\', '\')
            )) FILTER (WHERE joint = '<->' AND first IS NOT NULL AND second IS NOT NULL),
            '{}'
        )
    END
    FROM pairs
)
""",
]

DROP_PAIR_FUNCTIONS = [
    "DROP FUNCTION issues_phrase_pairs(tsquery)",
    "DROP FUNCTION issues_word_pairs(tsvector)",
    "DROP FUNCTION issues_pair_hash(text, text)",
]


class Migration(migrations.Migration):
    dependencies = [("issues", "0009_archive_version_sequence")]

    operations = [
        # Filling the column rewrites the item table: longer than a request may take.
        migrations.RunSQL("SET LOCAL statement_timeout = 0", migrations.RunSQL.noop),
        migrations.RunSQL(PAIR_FUNCTIONS, DROP_PAIR_FUNCTIONS),
        migrations.AddField(
            model_name="item",
            name="search_pairs",
            field=models.GeneratedField(
                db_persist=True,
                expression=issues.models.WordPairs(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                "title", config="english", weight="A"
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "blurb", config="english", weight="B"
                            ),
                            django.contrib.postgres.search.SearchConfig("english"),
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            "abstract", config="english", weight="C"
                        ),
                        django.contrib.postgres.search.SearchConfig("english"),
                    )
                ),
                output_field=django.contrib.postgres.fields.ArrayField(
                    base_field=models.IntegerField(), size=None
                ),
            ),
        ),
        migrations.AddIndex(
            model_name="item",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_pairs"], name="item_search_pairs_idx"
            ),
        ),
    ]
