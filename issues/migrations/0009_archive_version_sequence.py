"""The archive version behind a local-memory cache (issues.cache): one number for every process."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("issues", "0008_drop_redundant_key_indexes")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS archive_version",
            "DROP SEQUENCE IF EXISTS archive_version",
        )
    ]
