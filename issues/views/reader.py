from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from issues.models import Issue, Item, SectionName, Tag

PAGE_SIZE = 20


def home(request):
    issues = Issue.objects.with_item_count().only("number", "title", "subtitle", "published_on")
    return render(request, "issues/home.html", {"issues": issues[:50]})


def issue_list(request):
    page = Paginator(Issue.objects.with_item_count(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "issues/issue_list.html", {"page": page})


def issue_detail(request, number):
    issue = get_object_or_404(Issue, number=number)
    sections = issue.sections.prefetch_related("items")
    return render(request, "issues/issue_detail.html", {"issue": issue, "sections": sections})


def item_detail(request, pk):
    item = get_object_or_404(Item.objects.select_related("issue", "section"), pk=pk)
    return render(request, "issues/item_detail.html", {"item": item})


def tag_list(request):
    return render(request, "issues/tag_list.html", {"tags": Tag.objects.with_item_count()})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    items = Item.objects.filter(tags=tag).select_related("issue").newest_first()
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "issues/tag_detail.html", {"tag": tag, "page": page})


def section_detail(request, slug):
    name = SectionName.from_slug(slug)
    if name is None:
        return page_not_found(request, None)
    items = Item.objects.in_section(name).select_related("issue").newest_first()
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "issues/section_detail.html", {"section": name, "page": page})


def page_not_found(request, exception):
    return render(request, "404.html", status=404)
