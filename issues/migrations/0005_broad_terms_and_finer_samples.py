import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.expressions
from django.db import migrations, models


def sample_index(share):
    return django.contrib.postgres.indexes.GinIndex(
        condition=models.Q(("sample_bucket__lt", 256 // share)),
        fields=["search_vector"],
        name=f"item_search_sample{share}_idx",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("issues", "0004_item_search_title_and_sample"),
    ]

    operations = [
        # Re-adding a stored column rewrites the item table: longer than the app's
        # statement timeout on a big archive.
        migrations.RunSQL("SET LOCAL statement_timeout = 0", migrations.RunSQL.noop),
        migrations.CreateModel(
            name="BroadTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("lexeme", models.CharField(max_length=200)),
                ("ndoc", models.PositiveIntegerField()),
                (
                    "item_ids",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(), size=None
                    ),
                ),
                ("up_to", models.BigIntegerField()),
                ("built_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "ordering": ["-ndoc"],
                "constraints": [
                    models.UniqueConstraint(fields=("lexeme",), name="broadterm_unique_lexeme")
                ],
            },
        ),
        # A generated column's expression cannot be altered: the 1-in-32 bucket
        # becomes a 1-in-256 one by dropping and adding it, with its indexes.
        migrations.RemoveIndex(model_name="item", name="item_search_sample8_idx"),
        migrations.RemoveIndex(model_name="item", name="item_search_sample32_idx"),
        migrations.RemoveField(model_name="item", name="sample_bucket"),
        migrations.AddField(
            model_name="item",
            name="sample_bucket",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.expressions.CombinedExpression(
                    models.F("id"), "%%", models.Value(256)
                ),
                output_field=models.SmallIntegerField(),
            ),
        ),
        migrations.AddIndex(model_name="item", index=sample_index(8)),
        migrations.AddIndex(model_name="item", index=sample_index(32)),
        migrations.AddIndex(model_name="item", index=sample_index(256)),
    ]
