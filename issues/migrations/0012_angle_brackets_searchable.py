"""Words in angle brackets are searchable: "<think>" is indexed as "think".

to_tsvector's parser reads "<think>" as an HTML tag and drops it, so a word that
appeared only inside angle brackets could not be found (in this newsletter:
"<think>" tokens, "<|endoftext|>"), though websearch_to_tsquery reads the same
query as "think". The search vectors now read every text with "<" as a space
(issues.models.searchable). Generated columns cannot change their expression,
so the four are dropped and added again, with their indexes: every vector is
recomputed.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    CombinedSearchVector,
    SearchConfig,
    SearchVector,
    SearchVectorField,
)
from django.db import migrations, models
from django.db.models.functions import Replace

import issues.models

ENGLISH = SearchConfig("english")


def searchable(column: str, weight: str) -> SearchVector:
    """A column's vector, as issues.models.searchable reads the column."""
    text = Replace(column, models.Value("<"), models.Value(" "), output_field=models.TextField())
    return SearchVector(text, config="english", weight=weight)


def generated(expression, output_field) -> models.GeneratedField:
    return models.GeneratedField(db_persist=True, expression=expression, output_field=output_field)


ITEM_VECTOR = CombinedSearchVector(
    CombinedSearchVector(searchable("title", "A"), "||", searchable("blurb", "B"), ENGLISH),
    "||",
    searchable("abstract", "C"),
    ENGLISH,
)
ISSUE_VECTOR = CombinedSearchVector(
    searchable("subtitle", "A"), "||", searchable("intro", "B"), ENGLISH
)

# The new definitions. PostgreSQL cannot alter a generated column's expression.
FIELDS = {
    ("issue", "search_vector"): generated(ISSUE_VECTOR, SearchVectorField()),
    ("item", "search_pairs"): generated(
        issues.models.WordPairs(ITEM_VECTOR), ArrayField(base_field=models.IntegerField())
    ),
    ("item", "search_title"): generated(searchable("title", "A"), SearchVectorField()),
    ("item", "search_vector"): generated(ITEM_VECTOR, SearchVectorField()),
}

INDEXES = [
    ("issue", ["search_vector"], "issue_search_vector_idx", None),
    ("item", ["search_vector"], "item_search_vector_idx", None),
    ("item", ["search_title"], "item_search_title_idx", None),
    ("item", ["search_pairs"], "item_search_pairs_idx", None),
    ("item", ["search_vector"], "item_search_sample8_idx", models.Q(sample_bucket__lt=32)),
    ("item", ["search_vector"], "item_search_sample32_idx", models.Q(sample_bucket__lt=8)),
    ("item", ["search_vector"], "item_search_sample256_idx", models.Q(sample_bucket__lt=1)),
]


class Migration(migrations.Migration):
    dependencies = [("issues", "0011_word_pairs_in_16_bits")]

    operations = [
        # Filling the columns rewrites the tables: longer than a request may take.
        migrations.RunSQL("SET LOCAL statement_timeout = 0", migrations.RunSQL.noop),
        *(migrations.RemoveIndex(model_name=model, name=name) for model, _, name, _ in INDEXES),
        *(migrations.RemoveField(model_name=model, name=name) for model, name in FIELDS),
        *(
            migrations.AddField(model_name=model, name=name, field=field)
            for (model, name), field in FIELDS.items()
        ),
        *(
            migrations.AddIndex(
                model_name=model,
                index=GinIndex(fields=fields, name=name, condition=condition),
            )
            for model, fields, name, condition in INDEXES
        ),
    ]
