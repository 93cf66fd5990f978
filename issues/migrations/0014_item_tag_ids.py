"""Items carry the ids of their tags.

A search counts its matches by tag: through ItemTag, that was an index look-up per
match (at 100k items, a third of the facet statement of "across best", see
docs/scaling.md). Triggers on ItemTag keep the copy exact, whatever
adds, moves or removes links. They rewrite only the items whose ids changed: the
importer writes an item's ids with the item (a rewrite would cost as much again
as storing it, its search vectors being computed anew).
"""

import django.contrib.postgres.fields
from django.db import migrations, models

TRIGGERS = """
CREATE FUNCTION issues_refresh_tag_ids(items bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE issues_item i SET tag_ids = fresh.ids
    FROM (
        SELECT changed.id, coalesce(
            (SELECT array_agg(tag_id ORDER BY tag_id) FROM issues_itemtag
             WHERE item_id = changed.id), '{}') AS ids
        FROM (SELECT DISTINCT unnest(items)) AS changed (id)
    ) fresh
    WHERE i.id = fresh.id AND i.tag_ids IS DISTINCT FROM fresh.ids
$$;

CREATE FUNCTION issues_itemtag_hand_on_ids() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM issues_refresh_tag_ids(ARRAY(SELECT item_id FROM new_links));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM issues_refresh_tag_ids(ARRAY(SELECT item_id FROM old_links));
    ELSE
        PERFORM issues_refresh_tag_ids(
            ARRAY(SELECT item_id FROM old_links UNION SELECT item_id FROM new_links));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER itemtag_added AFTER INSERT ON issues_itemtag
REFERENCING NEW TABLE AS new_links
FOR EACH STATEMENT EXECUTE FUNCTION issues_itemtag_hand_on_ids();
CREATE TRIGGER itemtag_removed AFTER DELETE ON issues_itemtag
REFERENCING OLD TABLE AS old_links
FOR EACH STATEMENT EXECUTE FUNCTION issues_itemtag_hand_on_ids();
CREATE TRIGGER itemtag_changed AFTER UPDATE ON issues_itemtag
REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
FOR EACH STATEMENT EXECUTE FUNCTION issues_itemtag_hand_on_ids();
"""
DROP_TRIGGERS = """
DROP TRIGGER itemtag_added ON issues_itemtag;
DROP TRIGGER itemtag_removed ON issues_itemtag;
DROP TRIGGER itemtag_changed ON issues_itemtag;
DROP FUNCTION issues_itemtag_hand_on_ids();
DROP FUNCTION issues_refresh_tag_ids(bigint[]);
"""
COPY_IDS = "SELECT issues_refresh_tag_ids(ARRAY(SELECT DISTINCT item_id FROM issues_itemtag))"


class Migration(migrations.Migration):
    dependencies = [
        ("issues", "0013_item_copied_keys"),
    ]

    operations = [
        # Copying the ids rewrites every tagged item: no request's time limit.
        migrations.RunSQL("SET LOCAL statement_timeout = 0", migrations.RunSQL.noop),
        migrations.AddField(
            model_name="item",
            name="tag_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(),
                db_default=models.Value(
                    [],
                    output_field=django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(), size=None
                    ),
                ),
                editable=False,
                size=None,
            ),
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        migrations.RunSQL(COPY_IDS, migrations.RunSQL.noop),
    ]
