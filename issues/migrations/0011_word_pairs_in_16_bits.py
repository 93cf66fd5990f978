"""Word pairs hashed to 16 bits instead of 32 (see 0010).

At 1M items the 32-bit index had a key for nearly every pair: 321 MB, and two
importing processes waited on its pending list (a folder imported at 58 issues/s
with it, 113 without). With 65,536 keys it is 118 MB and the folder import 92/s,
and a phrase's look-up lets through a few hundred more items than it matches
(459 for the 372 of "deepmind framework" at 1M), all then checked by position.
The column is dropped and added again so that every item's pairs are rehashed.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

import issues.models

PAIR_HASH = r"""
CREATE OR REPLACE FUNCTION issues_pair_hash(first text, second text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ('x' || left(md5(first || ' ' || second), {digits}))::bit({bits})::integer
"""


def search_pairs():
    return models.GeneratedField(
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
    )


class Migration(migrations.Migration):
    dependencies = [("issues", "0010_item_search_pairs")]

    operations = [
        # Filling the column rewrites the item table: longer than a request may take.
        migrations.RunSQL("SET LOCAL statement_timeout = 0", migrations.RunSQL.noop),
        migrations.RemoveIndex(model_name="item", name="item_search_pairs_idx"),
        migrations.RemoveField(model_name="item", name="search_pairs"),
        migrations.RunSQL(
            PAIR_HASH.format(digits=4, bits=16), PAIR_HASH.format(digits=8, bits=32)
        ),
        migrations.AddField(model_name="item", name="search_pairs", field=search_pairs()),
        migrations.AddIndex(
            model_name="item",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_pairs"], name="item_search_pairs_idx"
            ),
        ),
    ]
