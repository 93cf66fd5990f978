"""POST /api/issues/import: the five outcomes of import_text, size, body forms and auth."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from issues.importing import import_text
from issues.models import Issue, IssueRevision

URL = "/api/issues/import"
ISSUE = """Deep Learning Weekly Issue #77

A subtitle

Industry

Quokka arms ship

A marsupial company ships quokka arms.
"""
CHANGED = ISSUE.replace("quokka arms.", "quokka arms and legs.")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_throttle")]


def token_for(username: str, *permissions: str) -> str:
    user = User.objects.create_user(username)
    user.user_permissions.add(*Permission.objects.filter(codename__in=permissions))
    return Token.objects.create(user=user).key


@pytest.fixture
def editor() -> str:
    """A token of a member of the Editors group the migrations create."""
    user = User.objects.create_user("editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return Token.objects.create(user=user).key


def post(client, body, token, query="", content_type="text/plain; charset=utf-8"):
    headers = {"Authorization": f"Token {token}"} if token else {}
    return client.post(f"{URL}{query}", body, content_type=content_type, headers=headers)


def test_created(client, editor):
    response = post(client, ISSUE, editor)

    assert response.status_code == 201
    assert response.json() == {
        "outcome": "created",
        "number": 77,
        "url": "http://testserver/issues/77/",
        "api_url": "http://testserver/api/issues/77/",
    }
    assert Issue.objects.get(number=77).source_text == ISSUE


def test_unchanged(client, editor):
    import_text(ISSUE)

    response = post(client, ISSUE, editor)

    assert response.status_code == 200
    assert response.json()["outcome"] == "unchanged"
    assert IssueRevision.objects.count() == 0


def test_other_text_for_an_existing_number_is_a_conflict(client, editor):
    import_text(ISSUE)

    response = post(client, CHANGED, editor)

    assert response.status_code == 409
    assert response.json() == {
        "detail": "issue #77 already exists with different text; import it with update to "
        "replace it (the current text is kept as a revision)"
    }
    assert Issue.objects.get(number=77).source_text == ISSUE


def test_update_replaces_and_keeps_a_revision(client, editor):
    import_text(ISSUE)

    response = post(client, CHANGED, editor, "?update=1")

    assert response.status_code == 200
    assert response.json()["outcome"] == "updated"
    assert Issue.objects.get(number=77).source_text == CHANGED
    assert list(IssueRevision.objects.values_list("source_text", flat=True)) == [ISSUE]


def test_update_of_a_new_number_creates(client, editor):
    response = post(client, ISSUE, editor, "?update=true")

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (
            "Not a newsletter\n\nat all",
            "no title line: expected 'Deep Learning Weekly Issue #N', got 'Not a newsletter'",
        ),
        ("", "Send the issue text as a text/plain body or a file named 'file'."),
        ("   \n\n ", "empty file"),
        (b"Deep Learning Weekly Issue #5\x00", "binary file (it contains a NUL byte)"),
        (b"Deep Learning Weekly Issue #5\n\n\xff\xfe", "not UTF-8 (invalid byte at offset 31)"),
        (ISSUE.replace("#77", "#0"), "issue number must be 1 or more"),
    ],
)
def test_text_that_is_not_an_issue_is_a_400_with_the_parse_error(client, editor, body, detail):
    response = post(client, body, editor)

    assert response.status_code == 400
    assert response.json() == {"detail": detail}
    assert not Issue.objects.exists()


def test_an_item_too_large_to_index_is_a_400(client, editor):
    text = ISSUE.replace("quokka arms.", "quokka arms " + "word " * 60_000)

    response = post(client, text, editor)

    assert response.status_code == 400
    assert response.json()["detail"].startswith("item 1 is 300,")
    assert not Issue.objects.exists()


def test_over_the_size_limit_is_a_413(client, editor, settings):
    settings.IMPORT_MAX_BYTES = len(ISSUE.encode())
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = settings.IMPORT_MAX_BYTES + 1000

    assert post(client, ISSUE, editor).status_code == 201
    response = post(client, ISSUE.replace("#77", "#78") + "x", editor)

    assert response.status_code == 413
    assert response.json() == {
        "detail": f"The issue text is over the size limit of {len(ISSUE.encode()):,} bytes."
    }
    assert list(Issue.objects.values_list("number", flat=True)) == [77]


def test_a_declared_length_far_over_the_limit_is_refused_before_reading(client, editor, settings):
    settings.IMPORT_MAX_BYTES = 100
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    upload = SimpleUploadedFile("77.txt", ISSUE.encode() * 10, content_type="text/plain")

    response = client.post(URL, {"file": upload}, headers={"Authorization": f"Token {editor}"})

    assert response.status_code == 413
    assert not Issue.objects.exists()


def test_a_content_length_that_is_not_a_number_reads_as_empty(client, editor):
    response = client.post(
        URL,
        ISSUE,
        content_type="text/plain",
        headers={"Authorization": f"Token {editor}"},
        CONTENT_LENGTH="lots",
    )

    assert response.status_code == 400
    assert not Issue.objects.exists()


def test_multipart_file(client, editor):
    upload = SimpleUploadedFile("77.txt", ISSUE.encode(), content_type="text/plain")

    response = client.post(URL, {"file": upload}, headers={"Authorization": f"Token {editor}"})

    assert response.status_code == 201
    assert Issue.objects.get(number=77).source_text == ISSUE


def test_multipart_without_a_file_is_a_400(client, editor):
    response = client.post(URL, {"other": "x"}, headers={"Authorization": f"Token {editor}"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Send the issue text as a text/plain body or a file named 'file'."
    }


def test_json_body_is_unsupported(client, editor):
    response = post(client, '{"text": "x"}', editor, content_type="application/json")

    assert response.status_code == 415
    assert response.json() == {"detail": 'Unsupported media type "application/json" in request.'}


def test_invalid_update_flag_is_a_400_naming_it(client, editor):
    response = post(client, ISSUE, editor, "?update=maybe")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid update: Must be a valid boolean.",
        "errors": {"update": ["Must be a valid boolean."]},
    }
    assert not Issue.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Token nope"},
        {"Authorization": "Bearer x"},
        {"Authorization": "Token"},
    ],
    ids=["none", "unknown-token", "other-scheme", "empty-token"],
)
def test_without_a_valid_token_is_a_401(client, headers):
    response = client.post(URL, ISSUE, content_type="text/plain", headers=headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert set(response.json()) == {"detail"}
    assert not Issue.objects.exists()


def test_a_session_login_is_not_enough(client, admin_user):
    client.force_login(admin_user)

    response = client.post(URL, ISSUE, content_type="text/plain")

    assert response.status_code == 401


def test_an_inactive_users_token_is_a_401(client, editor):
    User.objects.filter(username="editor").update(is_active=False)

    assert post(client, ISSUE, editor).status_code == 401


def test_a_user_without_add_issue_gets_a_403(client):
    token = token_for("reader", "view_issue", "change_issue")

    response = post(client, ISSUE, token)

    assert response.status_code == 403
    assert response.json() == {
        "detail": "This token's user may not import issues (it needs the add_issue permission)."
    }
    assert not Issue.objects.exists()


def test_update_needs_change_issue_too(client):
    import_text(ISSUE)
    token = token_for("adder", "add_issue")

    assert post(client, ISSUE.replace("#77", "#78"), token).status_code == 201
    response = post(client, CHANGED, token, "?update=1")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "This token's user may not update issues (it needs change_issue)."
    }
    assert Issue.objects.get(number=77).source_text == ISSUE


def test_get_is_not_allowed(client, editor):
    response = client.get(URL, headers={"Authorization": f"Token {editor}"})

    assert response.status_code == 405
