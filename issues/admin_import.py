"""Importing issue texts from the admin: upload, preview, confirm; re-parse a revision.

Every write goes through issues.importing.import_text, so the admin follows the
same rules as the import_issues command. Between preview and confirm the texts
wait in the user's session (server-side, so app servers stay stateless).
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from issues.forms import ImportUploadForm
from issues.importing import ImportRefused, IssueExists, Outcome, import_text
from issues.models import Issue, IssueRevision, clean_query
from issues.parsing import ParsedIssue, ParseError, decode, parse_issue

SESSION_KEY = "issue_import"
MAX_NAME_LENGTH = 120


@dataclass
class FilePreview:
    """One uploaded file: its parse and what confirming would do, or why it cannot."""

    name: str
    text: str = ""
    parsed: ParsedIssue | None = None
    outcome: str = ""
    error: str = ""
    current_item_count: int | None = None
    index: int | None = None  # its place among the files kept for confirmation

    @property
    def items(self):
        return self.parsed.items if self.parsed else []

    @property
    def titleless(self) -> int:
        return sum(1 for item in self.items if not item.title)

    @property
    def sponsored(self) -> int:
        return sum(1 for item in self.items if item.sponsored)

    @property
    def repos(self) -> int:
        return sum(1 for item in self.items if item.kind == "repo")

    @property
    def inferred_sections(self) -> list[str]:
        return [s.name for s in self.parsed.sections if s.header_inferred] if self.parsed else []


def display_name(name: str) -> str:
    return clean_query(name)[:MAX_NAME_LENGTH] or "(unnamed file)"


def read_upload(upload) -> FilePreview:
    name = display_name(upload.name)
    if not name.lower().endswith(".txt"):
        return FilePreview(name, error="not a .txt file")
    if upload.size > settings.IMPORT_MAX_BYTES:
        return FilePreview(
            name, error=f"file is over the size limit of {settings.IMPORT_MAX_BYTES:,} bytes"
        )
    try:
        text = decode(upload.read(), settings.IMPORT_MAX_BYTES)
    except ParseError as exc:
        return FilePreview(name, error=str(exc))
    return preview_text(name, text)


def preview_text(name: str, text: str) -> FilePreview:
    """Parse, and ask the importer (as a dry run) what storing the text would do."""
    try:
        parsed = parse_issue(text)
        result = import_text(text, update=True, dry_run=True)
    except (ParseError, ImportRefused) as exc:
        return FilePreview(name, error=str(exc))
    preview = FilePreview(name, text, parsed, result.outcome)
    if result.outcome == Outcome.UPDATED:
        current = Issue.objects.with_item_count().filter(number=parsed.number).first()
        preview.current_item_count = current.item_count if current else None
    return preview


def refuse_repeated_numbers(previews: list[FilePreview]) -> None:
    first_file: dict[int, str] = {}
    for preview in previews:
        if preview.parsed is None:
            continue
        number = preview.parsed.number
        if number in first_file:
            preview.error = f"issue #{number} is also in {first_file[number]} of this upload"
        first_file.setdefault(number, preview.name)


def import_upload_view(request, *, model_admin):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    posted = request.method == "POST"
    form = ImportUploadForm(request.POST, request.FILES) if posted else ImportUploadForm()
    if not posted or not form.is_valid():
        return render_page(
            request, model_admin, "import_upload.html", "Import issue texts", form=form
        )
    previews = [read_upload(upload) for upload in form.cleaned_data["files"]]
    refuse_repeated_numbers(previews)
    kept = [preview for preview in previews if not preview.error]
    for index, preview in enumerate(kept):
        preview.index = index
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {
        "token": token,
        "files": [{"name": preview.name, "text": preview.text} for preview in kept],
    }
    return render_page(
        request,
        model_admin,
        "import_preview.html",
        "Check the import",
        previews=previews,
        kept=kept,
        token=token,
        can_update=model_admin.has_change_permission(request),
    )


@require_POST
def import_confirm_view(request, *, model_admin):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    batch = request.session.get(SESSION_KEY)
    token = request.POST.get("token", "").encode()
    if not batch or not secrets.compare_digest(batch["token"].encode(), token):
        messages.error(request, "This preview has expired or was confirmed already; upload again.")
        return redirect("admin:issues_issue_import")
    del request.session[SESSION_KEY]
    can_update = model_admin.has_change_permission(request)
    for index, file in enumerate(batch["files"]):
        update = can_update and request.POST.get(f"update-{index}") == "on"
        store(request, model_admin, file["name"], file["text"], update=update)
    return redirect("admin:issues_issue_changelist")


def store(request, model_admin, name: str, text: str, *, update: bool) -> None:
    """Import one text, then say what happened and log it in the admin history."""
    try:
        result = import_text(text, update=update)
    except IssueExists as exc:
        messages.warning(request, f"The file {name} was not stored: {exc}")
        return
    except (ParseError, ImportRefused) as exc:
        messages.error(request, f"The file {name} was not stored: {exc}")
        return
    if result.outcome == Outcome.CREATED:
        model_admin.log_addition(request, result.issue, f"Imported from the file {name}.")
    elif result.outcome == Outcome.UPDATED:
        model_admin.log_change(
            request,
            result.issue,
            f"Replaced by the file {name}; the previous text is kept as a revision.",
        )
    messages.success(request, f"The file {name}: {result}.")


def reparse_view(request, object_id, *, model_admin):
    """Re-import an issue from one of its stored revisions (confirm, then POST)."""
    revision = get_object_or_404(IssueRevision.objects.select_related("issue"), pk=object_id)
    issue_admin = model_admin.admin_site.get_model_admin(Issue)
    if not (
        model_admin.has_view_permission(request, revision)
        and issue_admin.has_change_permission(request, revision.issue)
    ):
        raise PermissionDenied
    preview = preview_text(str(revision), revision.source_text)
    if preview.parsed and preview.parsed.number != revision.issue.number:
        preview.error = (
            f"this text is of issue #{preview.parsed.number}, not #{revision.issue.number}"
        )
    if request.method != "POST" or preview.error:
        return render_page(
            request, model_admin, "reparse.html", "Re-parse", revision=revision, preview=preview
        )
    try:
        result = import_text(revision.source_text, update=True)
    except (ParseError, ImportRefused) as exc:
        messages.error(request, f"Nothing changed: {exc}")
        return redirect("admin:issues_issuerevision_change", revision.pk)
    if result.outcome == Outcome.UPDATED:
        issue_admin.log_change(
            request,
            result.issue,
            f"Re-parsed from the {revision}; the replaced text is kept as a revision.",
        )
    messages.success(request, f"Re-parsed: {result}.")
    return redirect("admin:issues_issue_change", revision.issue.pk)


def render_page(request, model_admin, template: str, title: str, **context):
    """A page of the admin's own for the model (templates/admin/issues/<model>/)."""
    opts = model_admin.opts
    return TemplateResponse(
        request,
        f"admin/issues/{opts.model_name}/{template}",
        {
            **model_admin.admin_site.each_context(request),
            "opts": opts,
            "title": title,
            "changelist_url": reverse(f"admin:issues_{opts.model_name}_changelist"),
            **context,
        },
    )
