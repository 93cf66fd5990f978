"""Words in angle brackets are searchable: "<think>" is indexed as "think".

to_tsvector's parser reads "<think>" as an HTML tag and drops it, so a word that
appeared only inside angle brackets could not be found (in this newsletter:
"<think>" tokens, "<|endoftext|>"), though websearch_to_tsquery reads the same
query as "think". The search vectors now read every text with "<" as a space
(issues.models.searchable). Generated columns cannot change their expression,
so the four are dropped and added again, with their indexes: every vector is
recomputed.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.functions.text
from django.db import migrations, models

import issues.models

# The new definitions, as makemigrations writes them for an AlterField (which
# PostgreSQL cannot do to a generated column).
FIELDS = {
    ("issue", "search_vector"): models.GeneratedField(
        db_persist=True,
        expression=django.contrib.postgres.search.CombinedSearchVector(
            django.contrib.postgres.search.SearchVector(
                django.db.models.functions.text.Replace(
                    "subtitle",
                    models.Value("<"),
                    models.Value(" "),
                    output_field=models.TextField(),
                ),
                config="english",
                weight="A",
            ),
            "||",
            django.contrib.postgres.search.SearchVector(
                django.db.models.functions.text.Replace(
                    "intro",
                    models.Value("<"),
                    models.Value(" "),
                    output_field=models.TextField(),
                ),
                config="english",
                weight="B",
            ),
            django.contrib.postgres.search.SearchConfig("english"),
        ),
        output_field=django.contrib.postgres.search.SearchVectorField(),
    ),
    ("item", "search_pairs"): models.GeneratedField(
        db_persist=True,
        expression=issues.models.WordPairs(
            django.contrib.postgres.search.CombinedSearchVector(
                django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.SearchVector(
                        django.db.models.functions.text.Replace(
                            "title",
                            models.Value("<"),
                            models.Value(" "),
                            output_field=models.TextField(),
                        ),
                        config="english",
                        weight="A",
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        django.db.models.functions.text.Replace(
                            "blurb",
                            models.Value("<"),
                            models.Value(" "),
                            output_field=models.TextField(),
                        ),
                        config="english",
                        weight="B",
                    ),
                    django.contrib.postgres.search.SearchConfig("english"),
                ),
                "||",
                django.contrib.postgres.search.SearchVector(
                    django.db.models.functions.text.Replace(
                        "abstract",
                        models.Value("<"),
                        models.Value(" "),
                        output_field=models.TextField(),
                    ),
                    config="english",
                    weight="C",
                ),
                django.contrib.postgres.search.SearchConfig("english"),
            )
        ),
        output_field=django.contrib.postgres.fields.ArrayField(
            base_field=models.IntegerField(), size=None
        ),
    ),
    ("item", "search_title"): models.GeneratedField(
        db_persist=True,
        expression=django.contrib.postgres.search.SearchVector(
            django.db.models.functions.text.Replace(
                "title",
                models.Value("<"),
                models.Value(" "),
                output_field=models.TextField(),
            ),
            config="english",
            weight="A",
        ),
        output_field=django.contrib.postgres.search.SearchVectorField(),
    ),
    ("item", "search_vector"): models.GeneratedField(
        db_persist=True,
        expression=django.contrib.postgres.search.CombinedSearchVector(
            django.contrib.postgres.search.CombinedSearchVector(
                django.contrib.postgres.search.SearchVector(
                    django.db.models.functions.text.Replace(
                        "title",
                        models.Value("<"),
                        models.Value(" "),
                        output_field=models.TextField(),
                    ),
                    config="english",
                    weight="A",
                ),
                "||",
                django.contrib.postgres.search.SearchVector(
                    django.db.models.functions.text.Replace(
                        "blurb",
                        models.Value("<"),
                        models.Value(" "),
                        output_field=models.TextField(),
                    ),
                    config="english",
                    weight="B",
                ),
                django.contrib.postgres.search.SearchConfig("english"),
            ),
            "||",
            django.contrib.postgres.search.SearchVector(
                django.db.models.functions.text.Replace(
                    "abstract",
                    models.Value("<"),
                    models.Value(" "),
                    output_field=models.TextField(),
                ),
                config="english",
                weight="C",
            ),
            django.contrib.postgres.search.SearchConfig("english"),
        ),
        output_field=django.contrib.postgres.search.SearchVectorField(),
    ),
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
                index=django.contrib.postgres.indexes.GinIndex(
                    fields=fields, name=name, condition=condition
                ),
            )
            for model, fields, name, condition in INDEXES
        ),
    ]
