"""Items carry their issue's number and date and their section's name and position.

A search sorts its matches by issue number and section position and counts them
by section, issue and month: read from the issue and section tables, that was two
look-ups per match (about a third of a two-word search's time at 100k items, see
docs/scaling.md). Triggers keep the copies exact, so the application never
writes them: an item takes them from its issue and section when it is inserted
or moved, and an issue or section hands a change on to its items.
"""

from django.db import migrations, models

TRIGGERS = """
CREATE FUNCTION issues_item_copy_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT number, published_on INTO NEW.issue_number, NEW.published_on
    FROM issues_issue WHERE id = NEW.issue_id;
    SELECT name, position INTO NEW.section_name, NEW.section_position
    FROM issues_section WHERE id = NEW.section_id;
    RETURN NEW;
END $$;
CREATE TRIGGER item_copy_keys BEFORE INSERT OR UPDATE OF issue_id, section_id
ON issues_item FOR EACH ROW EXECUTE FUNCTION issues_item_copy_keys();

CREATE FUNCTION issues_issue_hand_on_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE issues_item SET issue_number = NEW.number, published_on = NEW.published_on
    WHERE issue_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER issue_hand_on_keys AFTER UPDATE OF number, published_on
ON issues_issue FOR EACH ROW
WHEN (OLD.number IS DISTINCT FROM NEW.number OR OLD.published_on IS DISTINCT FROM NEW.published_on)
EXECUTE FUNCTION issues_issue_hand_on_keys();

CREATE FUNCTION issues_section_hand_on_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE issues_item SET section_name = NEW.name, section_position = NEW.position
    WHERE section_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER section_hand_on_keys AFTER UPDATE OF name, position
ON issues_section FOR EACH ROW
WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.position IS DISTINCT FROM NEW.position)
EXECUTE FUNCTION issues_section_hand_on_keys();
"""
DROP_TRIGGERS = """
DROP TRIGGER item_copy_keys ON issues_item;
DROP FUNCTION issues_item_copy_keys();
DROP TRIGGER issue_hand_on_keys ON issues_issue;
DROP FUNCTION issues_issue_hand_on_keys();
DROP TRIGGER section_hand_on_keys ON issues_section;
DROP FUNCTION issues_section_hand_on_keys();
"""
COPY_KEYS = """
UPDATE issues_item i
SET issue_number = s.number, published_on = s.published_on,
    section_name = sec.name, section_position = sec.position
FROM issues_issue s, issues_section sec
WHERE s.id = i.issue_id AND sec.id = i.section_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("issues", "0012_angle_brackets_searchable"),
    ]

    operations = [
        # Copying the keys rewrites every item: no request's time limit.
        migrations.RunSQL("SET LOCAL statement_timeout = 0", migrations.RunSQL.noop),
        migrations.AddField(
            model_name="item",
            name="issue_number",
            field=models.PositiveIntegerField(db_default=0, editable=False),
        ),
        migrations.AddField(
            model_name="item",
            name="published_on",
            field=models.DateField(db_default=None, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="item",
            name="section_name",
            field=models.CharField(
                choices=[
                    ("Industry", "Industry"),
                    ("Mobile & Edge", "Mobile Edge"),
                    ("Learning", "Learning"),
                    ("Libraries & Code", "Libraries"),
                    ("Papers & Publications", "Papers"),
                ],
                db_default="",
                editable=False,
                max_length=40,
            ),
        ),
        migrations.AddField(
            model_name="item",
            name="section_position",
            field=models.PositiveSmallIntegerField(db_default=0, editable=False),
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        migrations.RunSQL(COPY_KEYS, migrations.RunSQL.noop),
    ]
