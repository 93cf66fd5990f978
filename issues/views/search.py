import time

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render

from issues import search as engine
from issues.filters import ItemFilter, SuggestForm
from issues.models import Item

PAGE_SIZE = 20
# Filters the search box form has no field for: kept as hidden inputs so a new query keeps them.
HIDDEN_FILTERS = ("sponsored", "issue_min", "issue_max", "published_after", "published_before")


def search(request):
    started = time.perf_counter()
    filterset = ItemFilter(request.GET, queryset=Item.objects.all())
    context = {
        "filter": filterset,
        "query": filterset.query_text,
        "page_size": PAGE_SIZE,
        "hidden_filters": HIDDEN_FILTERS,
    }
    if not filterset.is_valid():
        context["errors"] = filterset.error_messages()
        return render(request, "issues/search.html", context, status=400)
    if filterset.query_text or filterset.has_filters:
        context.update(_results(request, filterset))
    context["elapsed_ms"] = round((time.perf_counter() - started) * 1000)
    return render(request, "issues/search.html", context)


def _results(request, filterset) -> dict:
    """The page of results with its facets, chart and spelling help."""
    q = filterset.query_text
    results = filterset.qs
    asked = _page_number(request.GET.get("page"))
    # The facets query also ranks the matches and returns the asked page's ids.
    facets = engine.facets(results, rows=((asked - 1) * PAGE_SIZE + 1, asked * PAGE_SIZE))
    ranked = engine.RankedRows(
        results,
        facets,
        first=(asked - 1) * PAGE_SIZE + 1,
        rows_of=lambda ids: engine.result_rows(ids, q),
    )
    # Past the last page, the paginator shows the last one.
    page = Paginator(ranked, PAGE_SIZE).get_page(asked)
    context = {
        "page": page,
        "facets": facets,
        "facet_groups": _facet_groups(facets, request.GET),
        "chart": engine.chart(facets),
    }
    if q and facets.total < engine.FEW_RESULTS:
        if not facets.total and not engine.has_terms(q):
            context["stopwords_only"] = True
        else:
            context["did_you_mean"] = engine.did_you_mean(q, facets.total, filterset.filtered)
            context["did_you_mean_url"] = _with_query(request.GET, context["did_you_mean"])
    return context


def _page_number(value) -> int:
    try:
        return min(max(1, int(value)), engine.MAX_PAGE)
    except (TypeError, ValueError, OverflowError):
        return 1


def _facet_groups(facets, current) -> list[tuple[str, list[tuple]]]:
    """(heading, [(facet, link, active)]) for each non-empty facet group."""
    groups = [
        ("Section", facets.sections),
        ("Kind", facets.kinds),
        ("Tag", facets.tags),
        ("Year", facets.years) if facets.years else ("Issues", facets.issue_ranges),
    ]
    return [
        (
            heading,
            [(f, engine.facet_toggle(f, current), engine.facet_active(f, current)) for f in group],
        )
        for heading, group in groups
        if group
    ]


def _with_query(current, suggestion) -> str:
    if suggestion is None:
        return ""
    params = current.copy()
    params.pop("page", None)
    params["q"] = suggestion.query
    return "?" + params.urlencode()


def suggest(request):
    form = SuggestForm(request.GET)
    if not form.is_valid():
        errors = [f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()]
        return JsonResponse({"errors": errors}, status=400)
    q = form.cleaned_data["q"]
    return JsonResponse({"query": q, "suggestions": engine.suggest(q)})
