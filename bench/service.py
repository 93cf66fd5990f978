"""The search service in-process: what the search page and the API ask of it, minus HTTP.

- `service`: what /search/ does before it renders: issues.search.facets() for the
  query's ItemFilter queryset (the counts and the ranked ids of page 1, in one
  query, or estimated and ranked from candidates for a broad query), then those
  20 rows as the page shows them (issues.search.result_rows: ts_headline
  snippets, rank and tags). Prefix queries go through
  issues.search.suggest, the search box's completion.
- `orm_page`: the plain ORM path, Item.objects.search() under the ItemFilter,
  sliced to 20 rows with snippets and tags: exact ts_rank_cd over every match,
  and no counts (what the code did before broad queries were bounded).
- `view`: the search page's view called in-process, template rendered.
- `StatementClock`: times the SQL statements of a call's runs, which is how much of
  the service no Python speed-up can take away.
"""

import time

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory

from issues import search as engine
from issues.filters import ItemFilter
from issues.models import Item
from issues.views import search as views

PAGE_SIZE = 20


def _filterset(query):
    data = QueryDict(mutable=True)
    for name, value in query.params().items():
        data[name] = value
    filterset = ItemFilter(data, queryset=Item.objects.all())
    if not filterset.is_valid():
        raise ValueError(f"invalid query {query.params()}: {filterset.errors}")
    return filterset


def _rows(queryset, q: str, limit: int | None = None) -> list:
    rows = engine.with_snippets(queryset.for_lists(), q)
    return list(rows[:limit] if limit else rows)


def service(query) -> list[int]:
    """Counts and page 1 with snippets and tags, as the search page computes them."""
    if query.prefix:
        return [row["id"] for row in engine.suggest(query.prefix)]
    filterset = _filterset(query)
    found = engine.facets(filterset.qs, rows=(1, PAGE_SIZE))
    rows = engine.result_rows(found.page_ids, query.q)
    return [pk for pk in found.page_ids if pk in rows]


class StatementClock:
    """A call that also adds up, per run, the time its SQL statements take from
    being sent to their rows being received (PostgreSQL's work and the round
    trips; not the Python that builds the statements or reads the rows).

    `by_class` holds each class's milliseconds per timed run; the first run of
    each query is the warm-up (see bench.run.by_class) and is left out.
    """

    def __init__(self, call):
        self.call = call
        self.by_class: dict[str, list[float]] = {}
        self._warmed: set[int] = set()

    def __call__(self, query):
        spent = 0.0

        def timed(execute, sql, params, many, context):
            nonlocal spent
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent += time.perf_counter() - began

        with connection.execute_wrapper(timed):
            result = self.call(query)
        if id(query) in self._warmed:
            self.by_class.setdefault(query.cls, []).append(spent * 1000)
        self._warmed.add(id(query))
        return result


def orm_page(query) -> list[int]:
    """The exact-ranked slice of the queryset, with snippets and tags, no counts."""
    if query.prefix:
        return service(query)
    filterset = _filterset(query)
    return [row.pk for row in _rows(filterset.qs, query.q, PAGE_SIZE)]


_requests = RequestFactory()


def view(query) -> list[int]:
    """The search page's view for the query, rendered, without HTTP."""
    if query.prefix:
        return service(query)
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
