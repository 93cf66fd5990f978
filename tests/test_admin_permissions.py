"""The Editors group can curate issues, items and tags, and nothing else."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse

from issues.importing import import_text
from issues.models import Item
from tests.admin_support import EDITORS, editor, form_data, issue_text

CURATED = ("issue", "section", "item", "tag", "itemtag")


@pytest.fixture
def editor_client(client, db):
    import_text(issue_text(7))
    client.force_login(editor())
    return client


def test_the_editors_group_has_exactly_the_curation_permissions(db):
    codenames = set(
        Group.objects.get(name=EDITORS).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )

    assert codenames == {
        ("issues", f"{action}_{model}")
        for model in CURATED
        for action in ("add", "change", "delete", "view")
        if (action, model) != ("delete", "issue")
    } | {("issues", "view_issuerevision")}


def test_an_editor_can_change_an_item_and_it_is_in_the_history(editor_client):
    item = Item.objects.get(title="")
    url = reverse("admin:issues_item_change", args=[item.pk])
    data = form_data(editor_client.get(url))
    data["title"] = "Segmenting images, a survey"

    response = editor_client.post(url, data)

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Segmenting images, a survey"
    entry = LogEntry.objects.get()
    assert (entry.action_flag, entry.object_id, entry.user.username) == (
        CHANGE,
        str(item.pk),
        "editor",
    )


def test_an_editor_cannot_delete_an_issue(editor_client):
    issue = Item.objects.get(title="").issue
    url = reverse("admin:issues_issue_delete", args=[issue.pk])

    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert type(issue).objects.filter(pk=issue.pk).exists()


@pytest.mark.parametrize("model", ["issue", "issuerevision", "section", "item", "tag"])
def test_an_editor_sees_every_archive_list(editor_client, model):
    assert editor_client.get(reverse(f"admin:issues_{model}_changelist")).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
        "admin:authtoken_tokenproxy_changelist",
    ],
)
def test_an_editor_cannot_see_users_groups_or_tokens(editor_client, url):
    assert editor_client.get(reverse(url)).status_code == 403


def test_the_editors_index_lists_only_the_archive(editor_client):
    response = editor_client.get(reverse("admin:index"))

    assert [app["app_label"] for app in response.context["app_list"]] == ["issues"]


def test_an_editor_cannot_add_a_revision(editor_client):
    assert editor_client.get(reverse("admin:issues_issuerevision_add")).status_code == 403
