"""The search service in-process: what the search page and the API ask of it, minus HTTP.

`page` is one results page: the ItemFilter queryset (Item.objects.search under the
page's filters), the 20 rows with ts_headline snippets and their tags. `full` is
the search page's view itself, called in-process (ranked page, facets, total,
chart, rendered template), so it follows whatever the view does. Prefix queries
go through issues.search.suggest, the search box's prefix completion.
"""

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Prefetch
from django.http import QueryDict
from django.test import RequestFactory

from issues import search as engine
from issues.filters import ItemFilter
from issues.models import Item, Tag
from issues.views import search as views

PAGE_SIZE = 20
DEFERRED = ("search_vector", "note", "issue__source_text", "issue__intro", "issue__search_vector")


def _filterset(query):
    data = QueryDict(mutable=True)
    for name, value in query.params().items():
        data[name] = value
    filterset = ItemFilter(data, queryset=Item.objects.all())
    if not filterset.is_valid():
        raise ValueError(f"invalid query {query.params()}: {filterset.errors}")
    return filterset


def page(query) -> list[int]:
    """One page of results with snippets and tags; returns the ids in order."""
    if query.prefix:
        return [row["id"] for row in engine.suggest(query.prefix)]
    filterset = _filterset(query)
    # The same columns the search page loads (issues/views/search.py).
    rows = (
        filterset.qs.select_related("issue", "section")
        .defer(*DEFERRED)
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("name", "slug")))
    )
    rows = engine.with_snippets(rows, filterset.query_text)[:PAGE_SIZE]
    return [row.pk for row in rows]


_requests = RequestFactory()


def full(query) -> list[int]:
    """The search page's view for the query, rendered, without HTTP."""
    if query.prefix:
        return page(query)
    request = _requests.get("/search/", query.params(), HTTP_HOST="127.0.0.1")
    request.user = AnonymousUser()
    response = views.search(request)
    if response.status_code != 200:
        raise ValueError(f"/search/ answered {response.status_code} for {query.params()}")
    return []


def exact_top(query, limit: int = PAGE_SIZE) -> list[int]:
    """The exact ts_rank_cd order over the full vector: the relevance reference.

    For a prefix, every title word starting with it counts (suggest looks at
    the 20 most common completions only).
    """
    tag_join, args = "", []
    if query.tag:
        tag_join = (
            "JOIN issues_itemtag it ON it.item_id = i.id "
            "JOIN issues_tag t ON t.id = it.tag_id AND t.slug = %s"
        )
        args.append(query.tag)
    if query.prefix:
        tsquery, extra = "to_tsquery('simple', %s)", "AND i.title <> ''"
        args.append(f"{query.prefix}:*A")
    else:
        tsquery, extra = "websearch_to_tsquery('english', %s)", ""
        args.append(query.q)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT i.id FROM issues_item i {tag_join}
                JOIN issues_issue s ON s.id = i.issue_id
                JOIN issues_section sec ON sec.id = i.section_id, {tsquery} q
                WHERE i.search_vector @@ q {extra}
                ORDER BY ts_rank_cd(i.search_vector, q) DESC, s.number DESC,
                         sec.position, i.position, i.id
                LIMIT {int(limit)}""",
            args,
        )
        return [row[0] for row in cursor.fetchall()]


def hits(query) -> int:
    if query.prefix:
        return 0
    return _filterset(query).qs.count()
