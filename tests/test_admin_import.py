"""Importing from the admin: upload, preview each parse, confirm, stored by import_text."""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from issues.admin_import import SESSION_KEY
from issues.importing import import_text, sha256
from issues.models import Issue, IssueRevision, Item
from tests.admin_support import editor, issue_text, messages_of

UPLOAD = reverse("admin:issues_issue_import")
CONFIRM = reverse("admin:issues_issue_import_confirm")


def txt(name: str, text: str | bytes) -> SimpleUploadedFile:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/plain")


def upload(client, *files):
    return client.post(UPLOAD, {"files": list(files)})


def confirm(client, response, **extra):
    return client.post(CONFIRM, {"token": response.context["token"], **extra})


def test_the_upload_page_renders(staff_client):
    response = staff_client.get(UPLOAD)

    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()
    assert "multiple" in response.content.decode()


def test_the_issue_list_links_to_the_import(staff_client):
    response = staff_client.get(reverse("admin:issues_issue_changelist"))

    assert UPLOAD in response.content.decode()


def test_a_good_file_is_previewed_then_stored_on_confirm(staff_client):
    text = issue_text(7)

    preview = upload(staff_client, txt("issue-7.txt", text))

    assert preview.status_code == 200
    [file] = preview.context["previews"]
    assert (file.name, file.error, file.outcome) == ("issue-7.txt", "", "created")
    assert (file.titleless, file.sponsored, file.repos) == (1, 1, 1)
    assert file.inferred_sections == ["Learning"]
    page = preview.content.decode()
    assert "A new issue: confirming stores it." in page
    assert "Section headers inferred where the text lost them: Learning" in page
    assert "Items whose title was lost (blurb only): 1" in page
    assert "Learning (header inferred)" in page
    assert "acme/fastlib" in page
    assert not Issue.objects.exists()  # a preview stores nothing

    done = confirm(staff_client, preview)

    assert done.status_code == 302
    assert done["Location"] == reverse("admin:issues_issue_changelist")
    issue = Issue.objects.get()
    assert (issue.number, issue.source_text, issue.items.count()) == (7, text, 7)
    assert messages_of(done) == ["The file issue-7.txt: issue #7 created."]
    entry = LogEntry.objects.get()
    assert (entry.action_flag, entry.object_id, entry.change_message) == (
        ADDITION,
        str(issue.pk),
        "Imported from the file issue-7.txt.",
    )
    assert SESSION_KEY not in staff_client.session


def test_a_changed_file_is_stored_only_with_the_explicit_update_choice(staff_client):
    import_text(issue_text(7))
    changed = issue_text(7, extra=" and phones")

    preview = upload(staff_client, txt("issue-7.txt", changed))

    [file] = preview.context["previews"]
    assert (file.outcome, file.current_item_count, file.index) == ("updated", 7, 0)
    assert 'name="update-0"' in preview.content.decode()

    refused = confirm(staff_client, preview)

    assert Issue.objects.get().source_text == issue_text(7)
    assert not IssueRevision.objects.exists()
    [message] = messages_of(refused)
    assert message.startswith(
        "The file issue-7.txt was not stored: issue #7 already exists with different text"
    )
    assert not LogEntry.objects.exists()

    preview = upload(staff_client, txt("issue-7.txt", changed))
    confirm(staff_client, preview, **{"update-0": "on"})

    issue = Issue.objects.get()
    assert issue.source_text == changed
    assert list(issue.revisions.values_list("source_sha256", flat=True)) == [sha256(issue_text(7))]
    entry = LogEntry.objects.get()
    assert (entry.action_flag, entry.change_message) == (
        CHANGE,
        "Replaced by the file issue-7.txt; the previous text is kept as a revision.",
    )


def test_the_same_text_again_is_unchanged_and_logs_nothing(staff_client):
    import_text(issue_text(7))

    preview = upload(staff_client, txt("issue-7.txt", issue_text(7)))
    done = confirm(staff_client, preview)

    assert preview.context["previews"][0].outcome == "unchanged"
    assert messages_of(done) == ["The file issue-7.txt: issue #7 unchanged."]
    assert not LogEntry.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("notes.txt", b"Shopping list\n\nmilk", "no title line: expected 'Deep Learning Weekly"),
        ("empty.txt", b"", "empty file"),
        ("latin.txt", "Deep Learning Weekly Issue #9\n\ncaf\xe9".encode("latin-1"), "not UTF-8"),
        ("binary.txt", b"Deep Learning\x00", "binary file (it contains a NUL byte)"),
        ("issue.pdf", issue_text(9).encode(), "not a .txt file"),
    ],
)
def test_a_bad_file_shows_its_one_line_error_and_nothing_is_stored(
    staff_client, name, data, error
):
    preview = upload(staff_client, txt(name, data))

    [file] = preview.context["previews"]
    assert file.error.startswith(error)
    assert "\n" not in file.error
    page = preview.content.decode()
    assert "Nothing from this file will be stored." in page
    assert "No file can be stored." in page
    assert preview.context["kept"] == []

    confirm(staff_client, preview)

    assert not Issue.objects.exists()


def test_a_bad_file_does_not_stop_the_good_ones(staff_client):
    preview = upload(
        staff_client,
        txt("bad.txt", "not an issue"),
        txt("issue-7.txt", issue_text(7)),
        txt("issue-8.txt", issue_text(8)),
    )

    assert [file.error != "" for file in preview.context["previews"]] == [True, False, False]
    assert "Store 2 files" in preview.content.decode()

    confirm(staff_client, preview)

    assert list(Issue.objects.values_list("number", flat=True)) == [8, 7]


def test_a_file_over_the_size_limit_is_refused_unread(staff_client, settings):
    settings.IMPORT_MAX_BYTES = 1000

    preview = upload(staff_client, txt("big.txt", issue_text(7) * 3))

    assert preview.context["previews"][0].error == "file is over the size limit of 1,000 bytes"


def test_two_files_of_one_issue_number_are_refused(staff_client):
    preview = upload(
        staff_client,
        txt("a.txt", issue_text(7)),
        txt("b.txt", issue_text(7, extra=" again")),
    )

    assert [file.error for file in preview.context["previews"]] == [
        "",
        "issue #7 is also in a.txt of this upload",
    ]


def test_an_upload_without_files_asks_for_them(staff_client):
    response = staff_client.post(UPLOAD, {})

    assert response.status_code == 200
    assert response.context["form"].errors == {"files": ["Choose one or more .txt files."]}


def test_a_confirmation_needs_the_preview_it_confirms(staff_client):
    preview = upload(staff_client, txt("issue-7.txt", issue_text(7)))

    for token in ("not-the-token", "é", ""):
        forged = staff_client.post(CONFIRM, {"token": token})
        assert forged["Location"] == UPLOAD
    assert not Issue.objects.exists()

    confirm(staff_client, preview)
    again = confirm(staff_client, preview)

    assert again["Location"] == UPLOAD
    assert messages_of(again)[-1] == (
        "This preview has expired or was confirmed already; upload again."
    )
    assert Issue.objects.count() == 1


def test_confirming_takes_a_post_only(staff_client):
    assert staff_client.get(CONFIRM).status_code == 405


def test_an_editor_may_import(client, db):
    client.force_login(editor())

    preview = upload(client, txt("issue-7.txt", issue_text(7)))
    confirm(client, preview)

    assert Issue.objects.get().number == 7


def test_staff_without_the_issue_permissions_may_not_import(client, db):
    client.force_login(User.objects.create_user("intern", is_staff=True))

    assert client.get(UPLOAD).status_code == 403
    assert client.post(CONFIRM, {"token": "x"}).status_code == 403
    assert not Item.objects.exists()
