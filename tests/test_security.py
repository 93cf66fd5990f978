"""Security headers, CSRF, login lockout, and static guards on templates and code."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
# The one place allowed to mark text safe: it escapes first, then adds <mark>.
SAFE_ALLOWED = {ROOT / "issues" / "search.py", ROOT / "issues" / "templatetags" / "search_tags.py"}


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get("/")

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_csrf_is_enforced_on_the_admin_login():
    User.objects.create_user("editor", password="a long enough password", is_staff=True)
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("admin:login"), {"username": "editor", "password": "a long enough password"}
    )

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_out(client, settings):
    User.objects.create_user("editor", password="a long enough password", is_staff=True)
    login = reverse("admin:login")

    failures = [
        client.post(login, {"username": "editor", "password": f"wrong {n}"}).status_code
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    locked = client.post(login, {"username": "editor", "password": "a long enough password"})

    assert failures[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_no_template_has_inline_script_or_style_attributes():
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=\"", text):
            offenders.append(str(template.relative_to(ROOT)))

    assert offenders == []


def test_nothing_marks_imported_text_safe_outside_the_snippet_helper():
    pattern = re.compile(r"\|\s*safe\b|mark_safe\(|autoescape off|SafeString\(")
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("issues", "templates", "archive")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".html", ".txt", ".xml"}
        and path not in SAFE_ALLOWED
        and "migrations" not in path.parts
        and pattern.search(path.read_text())
    ]

    assert offenders == []
