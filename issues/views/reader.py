"""The reader's pages: home, issues, items, tags and sections.

Every page runs a fixed number of queries (pinned in tests/test_pages_queries.py).
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from issues.filters_reader import IssueFilter
from issues.models import Issue, Item, SectionName, Tag
from issues.paging import LateRows
from issues.related import related_items

PAGE_SIZE = 20
TAGS_PER_PAGE = 200  # the vocabulary is curated: one page in practice, but never unbounded
TOP_TAGS = 12
ISSUE_COLUMNS = ("number", "title", "subtitle", "published_on")
# Columns no page shows: the search vectors and an issue's source text can be large.
HEAVY_ISSUE_COLUMNS = ("source_text", "search_vector")


def paginate(request, rows, per_page: int = PAGE_SIZE, count: int | None = None):
    """The asked page of a queryset or LateRows; `count`, when the caller knows it
    cheaper than counting the rows."""
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: this is its cached value
    # get_page clamps anything that is not a page number to the first or last page.
    return paginator.get_page(request.GET.get("page"))


@require_safe
def home(request):
    # Aggregating queries ignore Meta.ordering, so each one orders explicitly.
    issues = Issue.objects.with_item_count().only(*ISSUE_COLUMNS).order_by("-number")
    issues = list(issues[:6])
    latest = issues[0] if issues else None
    items = Item.objects.only("title", "blurb", "abstract", "section_id").order_by("position")
    sections = (
        latest.sections.prefetch_related(Prefetch("items", queryset=items)) if latest else []
    )
    top_tags = Tag.objects.in_use().with_item_count()
    context = {
        "latest": latest,
        "sections": sections,
        "recent": issues[1:],
        "top_tags": top_tags.order_by("-item_count", "name")[:TOP_TAGS],
        "issue_count": Issue.objects.count(),
        "item_count": Item.objects.count(),
    }
    return render(request, "issues/home.html", context)


@require_safe
def issue_list(request):
    filters = IssueFilter(request.GET or None, queryset=Issue.objects.all())
    if filters.is_bound and not filters.is_valid():
        issues = Issue.objects.none()
    else:
        issues = filters.qs.with_item_count().only(*ISSUE_COLUMNS).order_by("-number")
    context = {"filters": filters, "page": paginate(request, LateRows(issues))}
    return render(request, "issues/issue_list.html", context)


@require_safe
def issue_detail(request, number):
    issue = get_object_or_404(Issue.objects.defer(*HEAVY_ISSUE_COLUMNS), number=number)
    items = Item.objects.order_by("position").for_lists()
    sections = issue.sections.prefetch_related(Prefetch("items", queryset=items))
    neighbours = Issue.objects.only("number", "title", "subtitle")
    context = {
        "issue": issue,
        "sections": sections,
        "previous": neighbours.filter(number__lt=number).order_by("-number").first(),
        "next": neighbours.filter(number__gt=number).order_by("number").first(),
    }
    return render(request, "issues/issue_detail.html", context)


@require_safe
def item_detail(request, pk):
    item = get_object_or_404(Item.objects.for_lists(), pk=pk)
    context = {"item": item, "related": related_items(item)}
    return render(request, "issues/item_detail.html", context)


@require_safe
def tag_list(request):
    tags = Tag.objects.with_item_count().order_by("-category", "name", "pk")
    page = paginate(request, tags, per_page=TAGS_PER_PAGE)
    return render(request, "issues/tag_list.html", {"tags": page, "page": page})


@require_safe
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    items = Item.objects.filter(tags=tag).newest_first().for_lists()
    page = paginate(request, LateRows(items), count=tag.count_items())
    context = {"tag": tag, "page": page}
    return render(request, "issues/tag_detail.html", context)


@require_safe
def section_detail(request, slug):
    section = SectionName.from_slug(slug)
    if section is None:
        raise Http404("no such section")
    items = Item.objects.in_section(section).newest_first().for_lists()
    page = paginate(request, LateRows(items))
    context = {"section": section, "sections": SectionName, "page": page}
    return render(request, "issues/section_detail.html", context)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)
