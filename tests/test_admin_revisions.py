"""An issue's earlier source texts: listed, viewable, and a way back by re-parsing one."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from issues.importing import import_text, sha256
from issues.models import Issue, IssueRevision, Item
from tests.admin_support import editor, issue_text

OLD = issue_text(7, extra=" <b>and bold claims</b>")
NEW = issue_text(7, extra=" and phones")


@pytest.fixture
def revision(db):
    import_text(OLD)
    import_text(NEW, update=True)
    return IssueRevision.objects.get()


def reparse_url(revision) -> str:
    return reverse("admin:issues_issuerevision_reparse", args=[revision.pk])


def test_the_issue_page_lists_its_revisions(staff_client, revision):
    response = staff_client.get(reverse("admin:issues_issue_change", args=[revision.issue.pk]))

    [_, _, revisions] = response.context["inline_admin_formsets"]
    assert [form.instance.pk for form in revisions.formset.forms] == [revision.pk]
    assert revisions.formset.forms[0].instance.text_length == len(OLD)
    assert reverse("admin:issues_issuerevision_change", args=[revision.pk]) in (
        response.content.decode()
    )


def test_the_revision_list_finds_an_issues_revisions_by_number(staff_client, revision):
    import_text(issue_text(8))
    import_text(issue_text(8, extra=" again"), update=True)
    url = reverse("admin:issues_issuerevision_changelist")

    response = staff_client.get(url, {"q": "7"})

    assert [r.issue.number for r in response.context["cl"].result_list] == [7]
    assert staff_client.get(url, {"q": "seven"}).context["cl"].result_list.count() == 0


def test_a_revision_shows_its_text_escaped_and_offers_a_re_parse(staff_client, revision):
    response = staff_client.get(reverse("admin:issues_issuerevision_change", args=[revision.pk]))

    page = response.content.decode()
    assert "&lt;b&gt;and bold claims&lt;/b&gt;" in page
    assert "<b>and bold claims</b>" not in page
    assert reparse_url(revision) in page
    assert 'name="_save"' not in page  # a revision is never edited


def test_re_parsing_asks_first(staff_client, revision):
    response = staff_client.get(reparse_url(revision))

    assert response.status_code == 200
    assert "7 items" in response.content.decode()
    assert Issue.objects.get().source_text == NEW


def test_re_parsing_restores_the_text_and_keeps_the_replaced_one(staff_client, revision):
    Item.objects.filter(title="").update(title="Segmentation, by staff")

    response = staff_client.post(reparse_url(revision))

    issue = Issue.objects.get()
    assert response["Location"] == reverse("admin:issues_issue_change", args=[issue.pk])
    assert issue.source_text == OLD
    assert list(issue.revisions.values_list("source_sha256", flat=True)) == [
        sha256(NEW),
        sha256(OLD),
    ]
    assert issue.items.filter(title="Segmentation, by staff").count() == 1  # staff work kept
    entry = LogEntry.objects.get()
    assert (entry.action_flag, entry.object_id) == (CHANGE, str(issue.pk))
    assert entry.change_message.startswith("Re-parsed from the Issue #7 revision of ")


def test_a_revision_of_another_issue_number_is_refused(staff_client, revision):
    stray = IssueRevision.objects.create(
        issue=revision.issue, source_text=issue_text(9), source_sha256=sha256(issue_text(9))
    )

    shown = staff_client.get(reparse_url(stray))
    staff_client.post(reparse_url(stray))

    assert "this text is of issue #9, not #7" in shown.content.decode()
    assert list(Issue.objects.values_list("number", flat=True)) == [7]
    assert Issue.objects.get().source_text == NEW


def test_a_revision_that_no_longer_parses_shows_why(staff_client, revision):
    broken = IssueRevision.objects.create(
        issue=revision.issue, source_text="garbage", source_sha256=sha256("garbage")
    )

    response = staff_client.post(reparse_url(broken))

    assert response.status_code == 200
    assert "no title line" in response.content.decode()
    assert Issue.objects.get().source_text == NEW


def test_an_editor_may_re_parse_but_not_change_a_revision(client, revision):
    client.force_login(editor())

    client.post(reparse_url(revision))

    assert Issue.objects.get().source_text == OLD
    change = reverse("admin:issues_issuerevision_change", args=[revision.pk])
    assert client.post(change, {"source_text": "x"}).status_code == 403
    delete = reverse("admin:issues_issuerevision_delete", args=[revision.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403


def test_staff_who_may_only_view_issues_may_not_re_parse(client, revision):
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_issue", "view_issuerevision"])
    )
    client.force_login(viewer)

    assert client.get(reparse_url(revision)).status_code == 403
    assert client.post(reparse_url(revision)).status_code == 403
    assert Issue.objects.get().source_text == NEW


def test_an_unknown_revision_is_a_404(staff_client, db):
    url = reverse("admin:issues_issuerevision_reparse", args=[999])

    assert staff_client.get(url).status_code == 404


def test_a_revision_address_that_is_not_a_number_falls_to_the_admins_own_handling(
    staff_client, db
):
    url = reverse("admin:issues_issuerevision_changelist") + "abc/reparse/"

    response = staff_client.get(url)

    assert response["Location"] == f"{url}change/"
