"""The staff admin: issues with their sections and items in text order, items with
full-text search and bulk tagging, the tag vocabulary, imports and revisions."""

import re
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.views.main import ORDER_VAR
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, Length
from django.http import HttpResponseBadRequest
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from issues import admin_import
from issues.admin_tags import add_tag, merge_tags, remove_tag
from issues.cache import BumpsVersionAdmin
from issues.forms import (
    ItemForm,
    ItemFormSet,
    ItemInlineForm,
    MergeTagsForm,
    PositionedForm,
    SectionFormSet,
    TagChoiceForm,
)
from issues.importing import retag
from issues.models import (
    Issue,
    IssueRevision,
    Item,
    ItemTag,
    Section,
    SectionName,
    Tag,
    TagSource,
    clean_query,
)

admin.site.site_header = "Deep Learning Weekly Archive: staff"
admin.site.site_title = "Archive staff"
admin.site.index_title = "Curate the archive"

COMPACT_TEXT = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})},
    models.URLField: {"assume_scheme": "https", "widget": forms.URLInput(attrs={"size": 30})},
}
# An issue's columns that no label or list shows; they can be long.
ISSUE_LONG_FIELDS = ("subtitle", "intro", "source_text", "search_vector")


# PostgreSQL refuses NUL and lone surrogates in text; other controls mean nothing in a list.
NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class CleanQueryMixin:
    """Admin lists refuse query parameters PostgreSQL cannot take, with a 400, not a 500."""

    def changelist_view(self, request, extra_context=None):
        for key, values in request.GET.lists():
            if any(NOT_TEXT.search(text) for text in (key, *values)):
                return HttpResponseBadRequest(
                    "The address holds control characters; remove them and try again."
                )
        return super().changelist_view(request, extra_context)


def log_changes(request, objects, message: str) -> None:
    LogEntry.objects.log_actions(request.user.pk, objects, CHANGE, message)


def action_page(request, model_admin, queryset, template: str, title: str, **context):
    """An action's intermediate page: it re-posts the selection to apply the action to
    the same rows, and Cancel returns to the list as it was (filters and all)."""
    across = request.POST.get("select_across") == "1"
    if across:
        # The ticked rows of the page; Django wants them even when the action is for all.
        posted = request.POST.getlist(ACTION_CHECKBOX_NAME)
        selected = [int(value) for value in posted if value.isdigit()]
    else:
        selected = list(queryset.order_by().values_list("pk", flat=True))
    return admin_import.render_page(
        request,
        model_admin,
        template,
        title,
        changelist_url=request.get_full_path(),
        select_across=across,
        selected=selected,
        selected_count=queryset.count(),
        **context,
    )


# A request has gunicorn's 30 s, and each of its statements DB_STATEMENT_TIMEOUT_MS
# (5 s). Rewriting an item costs about half a millisecond on a 2-core machine (its
# search vectors are computed again), and so does reading and matching one for
# automatic tagging: an action over more items than these would be cut short, its
# work rolled back. (A tag on 23,000 of 100,000 items took over 5 s to merge.)
MAX_ACTION_ITEMS = 4000
MAX_RETAG_ITEMS = 20_000


def too_many_items(model_admin, request, count: int, limit: int, instead: str) -> bool:
    """Refuse, with one message and nothing changed, an action over more than `limit` items."""
    if count <= limit:
        return False
    model_admin.message_user(
        request,
        f"That action covers {count:,} items, more than one here can within a page's "
        f"time (at most {limit:,}); nothing was changed: {instead}.",
        messages.ERROR,
    )
    return True


def report_retag(model_admin, request, objects, scope: str, added: int, removed: int) -> None:
    log_changes(
        request, objects, f"Re-ran automatic tagging{scope} ({added} added, {removed} removed)."
    )
    model_admin.message_user(
        request,
        f"Automatic tagging: {added} tag links added, {removed} removed.",
        messages.SUCCESS,
    )


def ranked(request, listed, found):
    """Search results best first, unless staff sorted the list by a column."""
    return found.order_by(*listed.query.order_by) if ORDER_VAR in request.GET else found


def count_of(model, field: str) -> Coalesce:
    """How many `model` rows point at each row, as a subquery rather than a join, so
    that a list's count stays a plain count."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(rows), 0)


def with_issue(queryset):
    """Rows with their issue joined for their labels, without the issue's long texts."""
    return queryset.select_related("issue").defer(
        *(f"issue__{name}" for name in ISSUE_LONG_FIELDS)
    )


@admin.display(description="Public page")
def public_link(obj) -> str:
    return format_html('<a href="{}">View on site</a>', obj.get_absolute_url())


# Issues


class YearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Issue.objects.dates("published_on", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years] + [("none", "No date")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(published_on=None)
        if self.value() and self.value().isdigit():
            return queryset.filter(published_on__year=int(self.value()))
        return queryset


class IssueMissingFilter(admin.SimpleListFilter):
    title = "has missing"
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [("title", "Item titles"), ("url", "Item links")]

    def queryset(self, request, queryset):
        field = self.value()
        if field not in ("title", "url"):
            return queryset
        return queryset.filter(Exists(Item.objects.filter(issue=OuterRef("pk"), **{field: ""})))


class SectionInline(admin.TabularInline):
    model = Section
    form = PositionedForm
    formset = SectionFormSet
    fields = ("position", "name")
    ordering = ("position",)
    extra = 0

    def get_queryset(self, request):
        # Each row's label names its issue.
        return with_issue(super().get_queryset(request))


class ItemInline(admin.TabularInline):
    model = Item
    form = ItemInlineForm
    formset = ItemFormSet
    fields = ("position", "section", "title", "blurb", "kind", "sponsored", "url")
    ordering = ("section__position", "position")
    formfield_overrides = COMPACT_TEXT
    extra = 0
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["section"]
        # One query for the choices of every row, not one per row.
        sections = list(Section.objects.filter(issue=obj).order_by("position"))
        field.queryset = Section.objects.filter(issue=obj)
        field.choices = [("", "---------")] + [(s.pk, f"{s.position}. {s.name}") for s in sections]
        for flag in ("can_add_related", "can_change_related", "can_delete_related"):
            setattr(field.widget, flag, False)
        field.widget.can_view_related = False
        return formset


class RevisionInline(admin.TabularInline):
    model = IssueRevision
    fields = ("created_at", "size", "source_sha256")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "Earlier source texts (revisions)"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("source_text")
            .annotate(text_length=Length("source_text"))
        )

    @admin.display(description="Characters")
    def size(self, revision) -> int:
        return revision.text_length

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Issue)
class IssueAdmin(CleanQueryMixin, BumpsVersionAdmin, admin.ModelAdmin):
    list_display = ("number", "title", "short_subtitle", "published_on", "item_count", public_link)
    list_display_links = ("number", "title")
    list_filter = (YearFilter, IssueMissingFilter)
    search_fields = ("number",)  # see get_search_results: a number, or words
    search_help_text = "An issue number, or words of the subtitle and intro."
    fields = ("number", "title", "subtitle", "intro", "published_on")
    list_per_page = 50

    def get_inlines(self, request, obj):
        # Items need the issue's sections to exist first.
        return [SectionInline, ItemInline, RevisionInline] if obj else [SectionInline]

    def get_readonly_fields(self, request, obj=None):
        # The number ties the issue to its source text and its revisions.
        return ("number",) if obj else ()

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("source_text", "search_vector")
            .annotate(item_count=count_of(Item, "issue"))
        )

    def get_search_results(self, request, queryset, search_term):
        term = clean_query(search_term).removeprefix("#")
        if not term:
            return queryset, False
        if term.isdigit():
            return queryset.filter(number=int(term)), False
        return ranked(request, queryset, queryset.search(term)), False

    @admin.display(description="Items", ordering="item_count")
    def item_count(self, issue) -> int:
        return issue.item_count

    @admin.display(description="Subtitle")
    def short_subtitle(self, issue) -> str:
        return Truncator(issue.subtitle).chars(80)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "import/",
                view(partial(admin_import.import_upload_view, model_admin=self)),
                name="issues_issue_import",
            ),
            path(
                "import/confirm/",
                view(partial(admin_import.import_confirm_view, model_admin=self)),
                name="issues_issue_import_confirm",
            ),
            *super().get_urls(),
        ]


@admin.register(IssueRevision)
class IssueRevisionAdmin(CleanQueryMixin, BumpsVersionAdmin, admin.ModelAdmin):
    list_display = ("__str__", "issue", "created_at", "source_sha256")
    search_fields = ("issue__number__exact",)
    search_help_text = "An issue number."
    fields = ("issue", "created_at", "source_sha256", "text")
    readonly_fields = fields
    view_on_site = False

    def get_queryset(self, request):
        return with_issue(super().get_queryset(request)).defer("source_text")

    @admin.display(description="Source text")
    def text(self, revision) -> str:
        return format_html("<pre class='revision-text'>{}</pre>", revision.source_text)

    # Revisions are the record of what was replaced: they are never edited or removed.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/reparse/",
                view(partial(admin_import.reparse_view, model_admin=self)),
                name="issues_issuerevision_reparse",
            ),
            *super().get_urls(),
        ]


@admin.register(Section)
class SectionAdmin(CleanQueryMixin, BumpsVersionAdmin, admin.ModelAdmin):
    list_display = ("__str__", "issue", "name", "position")
    list_filter = ("name",)
    search_fields = ("issue__number__exact", "name")
    search_help_text = "An issue number and/or a section name."
    autocomplete_fields = ("issue",)
    ordering = ("-issue__number", "position")

    def get_queryset(self, request):
        return with_issue(super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        # Items carry their issue too; moving a section would part them from it.
        return ("issue",) if obj else ()


# Items


class MissingFilter(admin.SimpleListFilter):
    field = ""

    def lookups(self, request, model_admin):
        return [("1", "Yes")]

    def queryset(self, request, queryset):
        return queryset.filter(**{self.field: ""}) if self.value() == "1" else queryset


class NoTitleFilter(MissingFilter):
    title = "missing title"
    parameter_name = "no_title"
    field = "title"


class NoUrlFilter(MissingFilter):
    title = "missing link"
    parameter_name = "no_url"
    field = "url"


class SectionFilter(admin.SimpleListFilter):
    title = "section"
    parameter_name = "section"

    def lookups(self, request, model_admin):
        return [(name, name) for name in SectionName.values]

    def queryset(self, request, queryset):
        return queryset.in_section(self.value()) if self.value() else queryset


class TagFilter(admin.SimpleListFilter):
    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        return list(Tag.objects.order_by("name").values_list("slug", "name"))

    def queryset(self, request, queryset):
        # One link per (item, tag), so this never repeats an item.
        return queryset.filter(item_tags__tag__slug=self.value()) if self.value() else queryset


class ItemTagInline(admin.TabularInline):
    model = ItemTag
    fields = ("tag", "source", "created_at")
    readonly_fields = ("source", "created_at")
    autocomplete_fields = ("tag",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("tag")


@admin.register(Item)
class ItemAdmin(CleanQueryMixin, BumpsVersionAdmin, admin.ModelAdmin):
    form = ItemForm
    list_display = (
        "__str__",
        "issue_number",
        "section_name",
        "kind",
        "sponsored",
        "has_url",
        "tag_names",
        public_link,
    )
    list_filter = ("kind", SectionFilter, "sponsored", TagFilter, NoTitleFilter, NoUrlFilter)
    search_fields = ("title",)  # see get_search_results: the full-text index
    search_help_text = 'Words of the title, blurb or abstract; "a phrase", or, -word.'
    show_full_result_count = False
    list_per_page = 50
    fields = ("issue_link", *ItemForm.Meta.fields)
    readonly_fields = ("issue_link",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    autocomplete_fields = ("section",)
    inlines = (ItemTagInline,)
    actions = ("add_tag", "remove_tag", "mark_sponsored", "unmark_sponsored", "retag_items")

    def get_queryset(self, request):
        # Lists need neither the issue's long texts nor the search vectors.
        return (
            with_issue(super().get_queryset(request))
            .select_related("section")
            .defer("search_vector", "search_title", "search_pairs")
            .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("name")))
        )

    def get_search_results(self, request, queryset, search_term):
        if not clean_query(search_term):
            return queryset, False
        return ranked(request, queryset, queryset.search(search_term)), False

    def save_formset(self, request, form, formset, change):
        # Whoever picks a tag here is staff, also when they change an automatic one.
        for tag_form in formset.forms:
            if isinstance(tag_form.instance, ItemTag) and tag_form.has_changed():
                tag_form.instance.source = TagSource.STAFF
        super().save_formset(request, form, formset, change)

    @admin.display(description="Issue", ordering="issue__number")
    def issue_number(self, item) -> str:
        return f"#{item.issue.number}"

    @admin.display(description="Section", ordering="section__position")
    def section_name(self, item) -> str:
        return item.section.name

    @admin.display(description="Link", boolean=True)
    def has_url(self, item) -> bool:
        return bool(item.url)

    @admin.display(description="Tags")
    def tag_names(self, item) -> str:
        return ", ".join(tag.name for tag in item.tags.all())

    @admin.display(description="Issue")
    def issue_link(self, item) -> str:
        if item.issue_id is None:
            return "(the issue of the section)"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:issues_issue_change", args=[item.issue_id]),
            item.issue,
        )

    @admin.action(description="Add a tag to the selected items", permissions=["change"])
    def add_tag(self, request, queryset):
        return self._tag_action(request, queryset, adding=True)

    @admin.action(description="Remove a tag from the selected items", permissions=["change"])
    def remove_tag(self, request, queryset):
        return self._tag_action(request, queryset, adding=False)

    def _tag_action(self, request, queryset, *, adding: bool):
        if self._too_many(request, queryset):
            return None
        form = TagChoiceForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_page(
                request,
                self,
                queryset,
                "tag_action.html",
                "Add a tag" if adding else "Remove a tag",
                form=form,
                adding=adding,
                action="add_tag" if adding else "remove_tag",
            )
        tag = form.cleaned_data["tag"]
        if adding:
            count = add_tag(queryset, tag)
            log_changes(request, queryset, f"Added the tag {tag} (staff).")
            self.message_user(request, f"Tagged {count} items with {tag}.", messages.SUCCESS)
        else:
            count = remove_tag(queryset, tag)
            log_changes(request, queryset, f"Removed the tag {tag}.")
            self.message_user(request, f"Removed {tag} from {count} items.", messages.SUCCESS)
        return None

    @admin.action(description="Mark the selected items as sponsored", permissions=["change"])
    def mark_sponsored(self, request, queryset):
        self._set_sponsored(request, queryset, True)

    @admin.action(description="Unmark the selected items as sponsored", permissions=["change"])
    def unmark_sponsored(self, request, queryset):
        self._set_sponsored(request, queryset, False)

    def _set_sponsored(self, request, queryset, sponsored: bool):
        if self._too_many(request, queryset):
            return
        changed = list(queryset.exclude(sponsored=sponsored))
        Item.objects.filter(pk__in=[item.pk for item in changed]).update(
            sponsored=sponsored, updated_at=timezone.now()
        )
        log_changes(request, changed, "Marked sponsored." if sponsored else "Unmarked sponsored.")
        self.message_user(request, f"Changed {len(changed)} items.", messages.SUCCESS)

    @admin.action(
        description="Re-run automatic tagging on the selected items", permissions=["change"]
    )
    def retag_items(self, request, queryset):
        if self._too_many(request, queryset):
            return
        added, removed = retag(Item.objects.filter(pk__in=queryset.order_by().values("pk")))
        report_retag(self, request, queryset, "", added, removed)

    def _too_many(self, request, queryset) -> bool:
        count = queryset.count()
        return too_many_items(self, request, count, MAX_ACTION_ITEMS, "select fewer at once")


# Tags


@admin.register(Tag)
class TagAdmin(CleanQueryMixin, BumpsVersionAdmin, admin.ModelAdmin):
    list_display = ("name", "slug", "category", "item_count", "term_count", public_link)
    list_filter = ("category",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "category", "description", "match_terms")
    actions = ("merge", "retag_all")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=count_of(ItemTag, "tag"))

    @admin.display(description="Items", ordering="item_count")
    def item_count(self, tag) -> int:
        return tag.item_count

    @admin.display(description="Match terms")
    def term_count(self, tag) -> int:
        return len(tag.terms)

    @admin.action(
        description="Merge the selected tags into another", permissions=["change", "delete"]
    )
    def merge(self, request, queryset):
        sources = list(queryset)
        # Every item of a merged tag is rewritten (its tag ids change).
        links = ItemTag.objects.filter(tag__in=sources).count()
        command = f"manage.py merge_tags {' '.join(tag.slug for tag in sources)} --into TARGET"
        if too_many_items(self, request, links, MAX_ACTION_ITEMS, f"run {command}"):
            return None
        form = MergeTagsForm(request.POST if "apply" in request.POST else None, sources=sources)
        if not form.is_valid():
            return action_page(
                request,
                self,
                queryset,
                "merge.html",
                "Merge tags",
                form=form,
                sources=sources,
                action="merge",
            )
        target = form.cleaned_data["target"]
        names = ", ".join(source.name for source in sources)
        with transaction.atomic():
            self.log_deletions(request, sources)
            moved = merge_tags(sources, target)
            self.log_change(
                request, target, f"Merged {names} into this tag ({moved} item links moved)."
            )
        self.message_user(request, f"Merged {names} into {target}.", messages.SUCCESS)
        return None

    @admin.action(
        description="Re-run automatic tagging on every item (after changing match terms)",
        permissions=["change"],
    )
    def retag_all(self, request, queryset):
        count = Item.objects.count()
        if too_many_items(self, request, count, MAX_RETAG_ITEMS, "run manage.py retag"):
            return
        added, removed = retag()
        report_retag(self, request, queryset, " on every item", added, removed)
