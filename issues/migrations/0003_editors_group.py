from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
# Editors curate the archive's content; they manage neither users nor tokens, and
# cannot delete a whole issue (with its revisions): only an administrator can.
PERMISSIONS = [
    f"{action}_{model}"
    for model in ("issue", "section", "item", "tag", "itemtag")
    for action in ("add", "change", "delete", "view")
    if (action, model) != ("delete", "issue")
] + ["view_issuerevision"]


def add_editors(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="issues", codename__in=PERMISSIONS)
    )


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("issues", "0002_tag_vocabulary"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_editors, remove_editors)]
