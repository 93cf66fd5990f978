"""Search helpers for one results page: snippets, facets, a chart, did-you-mean, suggestions.

Plain functions over Item querysets (see ItemQuerySet.search). The only
HTML they know is `snippet_html`, which escapes first and then turns the
sentinel markers that ts_headline put around matches into <mark>.
"""

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat, Length, Replace
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from issues import cache
from issues.models import (
    BROAD_MATCHES,
    NEWEST_MATCHES,
    SAMPLE_BUCKETS,
    SEARCH_CONFIG,
    Issue,
    Item,
    Kind,
    Section,
    SectionName,
    Word,
    clean_query,
    search_query,
)
from issues.paths import path_to

# Control characters: the parser strips C0 characters from imported text, so
# these cannot occur in an item and mark exactly where ts_headline matched.
START, STOP = "\x02", "\x03"
# Stands in for "<" in the text given to ts_headline, which drops whatever looks
# like an HTML tag ("dig <burrows>" would lose its last word); snippet_html puts
# it back, escaped.
LESS_THAN = "\x01"
_SENTINELS = re.compile(f"[{START}{STOP}]")
_OTHER_CONTROL = re.compile(r"[\x00\x01\x04-\x08\x0b\x0c\x0e-\x1f\x7f]")

DASH = "\N{EN DASH}"
TOP_TAGS = 20
# Issue-number ranges used as a facet when the matching issues have no dates.
ISSUE_RANGE = 50
MAX_BARS = 60
FEW_RESULTS = 3
SUGGESTIONS = 10
MIN_PREFIX = 3
# Deeper pages lie past the end of any archive (100 million rows at the largest
# page size); the cap keeps every row position a bigint.
MAX_PAGE = 1_000_000


# --- snippets -----------------------------------------------------------------


def with_snippets(items, q: str):
    """Annotate `title_snippet` and `text_snippet` (raw, with sentinels).

    Call it on the page's slice: PostgreSQL evaluates SELECT-list functions
    after ORDER BY/LIMIT, so only the shown rows are highlighted.
    """
    query = search_query(q)
    marks = {"config": SEARCH_CONFIG, "start_sel": START, "stop_sel": STOP}
    text = Concat("blurb", Value(" "), "abstract", output_field=TextField())
    title = Replace("title", Value("<"), Value(LESS_THAN))
    return items.annotate(
        title_snippet=SearchHeadline(title, query, highlight_all=True, **marks),
        text_snippet=SearchHeadline(
            Replace(text, Value("<"), Value(LESS_THAN)),
            query,
            max_fragments=2,
            max_words=24,
            min_words=10,
            fragment_delimiter=" … ",
            **marks,
        ),
    )


# A page of results in one hand-written statement, for the search page and the
# API. Through the ORM the same rows cost about 9 ms of Python per page (cloning,
# compiling and populating select_related), more than the database's own work;
# tests/test_search_result_rows.py holds the two equal.
_RESULT_SQL = """
SELECT i.id, i.issue_id, i.section_id, i.position, i.title, i.blurb, i.abstract, i.kind,
       i.sponsored, i.note, i.url, i.issue_number, i.published_on, i.section_name,
       i.section_position,
       (SELECT coalesce(json_agg(json_build_object('id', t.id, 'name', t.name, 'slug', t.slug)
                                 ORDER BY t.name, t.id), '[]')::text
        FROM issues_itemtag it JOIN issues_tag t ON t.id = it.tag_id
        WHERE it.item_id = i.id){ranked}
FROM issues_item i{query}
WHERE i.id = ANY(%s)"""
# The rank as Item.objects.search() computes it and the snippets as with_snippets()
# marks them; ts_headline runs on these rows only.
_RANKED_SQL = """,
       ts_rank_cd(i.search_vector, q),
       ts_headline(%s::regconfig, replace(i.title, '<', %s), q, %s),
       ts_headline(%s::regconfig, replace(i.blurb || ' ' || i.abstract, '<', %s), q, %s)"""
_QUERY_SQL = ",\n     websearch_to_tsquery(%s::regconfig, %s) q"
_TITLE_HEADLINE = f"StartSel='{START}', StopSel='{STOP}', HighlightAll=true"
_TEXT_HEADLINE = (
    f"StartSel='{START}', StopSel='{STOP}', MaxWords=24, MinWords=10, MaxFragments=2, "
    "FragmentDelimiter=' … '"
)
_ITEM_COLUMNS = (
    *("id", "issue_id", "section_id", "position", "title", "blurb", "abstract", "kind"),
    *("sponsored", "note", "url", "issue_number", "published_on", "section_name"),
    "section_position",
)


def result_rows(ids: list[int], q: str) -> dict[int, Item]:
    """The items `ids` (by id) as a page of results shows them: with their issue's
    number and date, their section, their tags (Item.listed_tags) and, for a query,
    `rank`, `title_snippet` and `text_snippet`. Other columns are deferred."""
    if not ids:
        return {}
    sql, params = _RESULT_SQL, []
    if q:
        sql = sql.format(ranked=_RANKED_SQL, query=_QUERY_SQL)
        params = [SEARCH_CONFIG, LESS_THAN, _TITLE_HEADLINE]
        params += [SEARCH_CONFIG, LESS_THAN, _TEXT_HEADLINE]
        params += [SEARCH_CONFIG, clean_query(q)]
    else:
        sql = sql.format(ranked="", query="")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, list(ids)])
        return {row[0]: _result_item(row, cursor.db.alias) for row in cursor.fetchall()}


def _result_item(row, db: str) -> Item:
    item = Item.from_db(db, _ITEM_COLUMNS, row[:15])
    issue = Issue.from_db(db, ("id", "number", "published_on"), (row[1], *row[11:13]))
    section = Section.from_db(
        db, ("id", "issue_id", "name", "position"), (row[2], row[1], *row[13:15])
    )
    Item.issue.field.set_cached_value(item, issue)
    Item.section.field.set_cached_value(item, section)
    Section.issue.field.set_cached_value(section, issue)
    item.tag_list = json.loads(row[15])
    if len(row) > 16:
        item.rank, item.title_snippet, item.text_snippet = row[16:]
    return item


def snippet_html(raw: str) -> SafeString:
    """Escape the text, then make the sentinels the only live tags: balanced <mark>s."""
    raw = _OTHER_CONTROL.sub("", (raw or "").replace(LESS_THAN, "<"))
    parts = []
    open_mark = False
    position = 0
    for match in _SENTINELS.finditer(raw):
        parts.append(escape(raw[position : match.start()]))
        if match.group() == START and not open_mark:
            parts.append("<mark>")
            open_mark = True
        elif match.group() == STOP and open_mark:
            parts.append("</mark>")
            open_mark = False
        position = match.end()
    parts.append(escape(raw[position:]))
    if open_mark:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text was escaped above)


# --- facets and chart -----------------------------------------------------------


@dataclass(frozen=True)
class Facet:
    group: str  # section, kind, tag, year, issues
    label: str
    count: int
    # The filter parameters this facet sets, e.g. (("section", "learning"),).
    params: tuple[tuple[str, str], ...]


@dataclass
class Facets:
    total: int
    sections: list[Facet]
    kinds: list[Facet]
    tags: list[Facet]
    years: list[Facet]
    issue_ranges: list[Facet]
    per_issue: list[tuple[int, int]]  # (issue number, matching items), oldest first
    per_month: list[tuple[str, int]]  # ("YYYY-MM", matching items), oldest first
    page_ids: list[int] = field(default_factory=list)  # the asked rows, in order
    # True when the counts are estimates from a sample (a broad query, see facets()).
    approximate: bool = False


# The facet counts over the matches `m`, the same for exact and sampled facets.
_FACET_GROUPS = """SELECT 'section', section, NULL, count(*) FROM m GROUP BY section
UNION ALL SELECT 'kind', kind, NULL, count(*) FROM m GROUP BY kind
UNION ALL SELECT 'issue', number::text, NULL, count(*) FROM m GROUP BY number
UNION ALL SELECT 'month', to_char(published_on, 'YYYY-MM'), NULL, count(*)
    FROM m WHERE published_on IS NOT NULL GROUP BY 2
UNION ALL (
    SELECT 'tag', t.slug, t.name, tagged.count FROM (
        SELECT tag_id, count(*) FROM m, unnest(m.tag_ids) AS tag_id GROUP BY tag_id
    ) tagged (tag_id, count) JOIN issues_tag t ON t.id = tagged.tag_id
    ORDER BY tagged.count DESC, t.name LIMIT {top_tags}
)
"""
_FACETS_SQL = """
WITH found (id, section, kind, number, published_on, tag_ids{keys})
    AS MATERIALIZED ({matches}),
m AS MATERIALIZED (
    SELECT id, section, kind, number, published_on, tag_ids, {number} AS row FROM found
    WHERE (SELECT count(*) FROM found) <= {broad}
)
SELECT 'found', NULL, NULL, count(*) FROM found
UNION ALL SELECT 'row', id::text, NULL, row FROM m WHERE row BETWEEN %s AND %s
UNION ALL {groups}""".replace("{groups}", _FACET_GROUPS)
# A broad query's counts from a sample of its matches, and its page ranked
# among its best candidates (see ranked_ids), in one statement.
_BROAD_SQL = """
WITH m (id, section, kind, number, published_on, tag_ids) AS MATERIALIZED ({sample}),
candidates (id{keys}) AS MATERIALIZED ({candidates})
SELECT 'candidates', NULL, NULL, count(*) FROM candidates
UNION ALL SELECT 'row', id::text, NULL, row FROM (
    SELECT id, {number} AS row FROM candidates
) c WHERE row BETWEEN %s AND %s
UNION ALL {groups}""".replace("{groups}", _FACET_GROUPS)
# The share of the archive that estimates whether a query is broad, and about how
# many of a broad query's matches its counts are estimated from (the counts are
# rounded to two figures and shown as estimates).
ESTIMATE_SHARE = 32
SAMPLE_ENOUGH = 200


def facets(matches, rows: tuple[int, int] | None = None) -> Facets:
    """Counts by section, kind, tag, year and issue for a filtered, ordered item queryset.

    Two queries. The first estimates the matches from a count of a 1-in-32
    sample. In the second, when that is at most BROAD_MATCHES, the matches are
    found (and ranked) once, in a materialized CTE; every facet, the chart, the
    total and the ids of `rows` (first, last: 1-based positions in the
    queryset's order, e.g. one page) are read from it.

    A broad query, more than BROAD_MATCHES matches by the estimate (or by the
    CTE reaching the limit, where it stops reading, and then at a query more),
    skips all that: its counts are estimated from a sample of about
    SAMPLE_ENOUGH of its matches (`approximate` is then true) and its rows are
    ranked among its best candidates (see ranked_ids). Keeping the estimate a
    query of its own spares a broad query the planning of the exact one, about
    2 ms; a narrow query pays about 1 ms for the round trip.

    The result is cached until the archive changes (issues.cache).
    """
    return cache.cached(
        "facets",
        lambda: (*matches.query.sql_with_params(), rows),
        lambda: _facets(matches, rows),
    )


def _facets(matches, rows) -> Facets:
    estimate, read = _estimate(matches), 0
    if estimate <= BROAD_MATCHES:
        found = _facet_rows(matches, rows)
        read = found["found"][0][2]
        if read <= BROAD_MATCHES:
            result = _facets_from_rows(found)
            result.page_ids = _page_ids(found)
            return result
    result = _broad(matches, rows, max(estimate, read))
    result.total = max(result.total, read)  # a small sample may miss the rows read
    return result


def _estimate(matches) -> int:
    """The number of matches, from a count of the 1-in-ESTIMATE_SHARE sample."""
    return ESTIMATE_SHARE * matches.sample(ESTIMATE_SHARE).order_by().count()


def _order_keys(matches, rows) -> tuple[dict, str]:
    """Sort keys k0, k1... for the queryset's order, and the row number over them."""
    keys = [key for key in matches.query.order_by if isinstance(key, str)] or ["pk"]
    if rows is None:  # no page asked: skip numbering (a sort of every match)
        return {}, "0"
    order = ", ".join(f"k{i}{' DESC' * key.startswith('-')}" for i, key in enumerate(keys))
    sort_keys = {f"k{i}": F(key.lstrip("-")) for i, key in enumerate(keys)}
    return sort_keys, f"row_number() OVER (ORDER BY {order})"


def _facet_rows(matches, rows) -> dict[str, list[tuple[str, str | None, int]]]:
    # The rows are numbered after the limit, so the limit stops the reading early.
    sort_keys, number = _order_keys(matches, rows)
    columns = (
        matches.narrowed_by_word_pairs()  # read only up to BROAD_MATCHES
        .order_by()
        .annotate(**sort_keys)
        .values_list(
            "id", "section_name", "kind", "issue_number", "published_on", "tag_ids", *sort_keys
        )
    )[: BROAD_MATCHES + 1]
    inner, params = columns.query.sql_with_params()
    sql = _FACETS_SQL.format(
        matches=inner,
        broad=BROAD_MATCHES,
        keys="".join(f", {key}" for key in sort_keys),
        number=number,
        top_tags=TOP_TAGS,
    )
    return _rows(sql, [*params, *(rows or (1, 0))])


def sample_buckets(estimate: int) -> int:
    """How many of the SAMPLE_BUCKETS id buckets hold about SAMPLE_ENOUGH of a
    query's matches, by its estimated count."""
    return min(SAMPLE_BUCKETS, max(1, -(-SAMPLE_BUCKETS * SAMPLE_ENOUGH // estimate)))


def _broad(matches, rows, estimate: int) -> Facets:
    sort_keys, number = _order_keys(matches, rows)
    first, last = rows or (1, 0)
    candidates, candidate_params = "SELECT NULL::bigint WHERE false", []
    if rows is not None:
        best = matches.best_candidates().annotate(**sort_keys).values_list("id", *sort_keys)
        candidates, candidate_params = best[:last].query.sql_with_params()
    buckets = sample_buckets(estimate)
    sample, sample_params = (
        matches.filter(sample_bucket__lt=buckets)
        .order_by()
        .values_list("id", "section_name", "kind", "issue_number", "published_on", "tag_ids")
        .query.sql_with_params()
    )
    sql = _BROAD_SQL.format(
        sample=sample,
        candidates=candidates,
        keys="".join(f", {key}" for key in sort_keys),
        number=number,
        top_tags=TOP_TAGS,
    )
    found = _rows(sql, [*sample_params, *candidate_params, first, last])
    scaled = {
        group: [
            (value, label, _about(round(count * SAMPLE_BUCKETS / buckets)))
            for value, label, count in found.get(group, [])
        ]
        for group in ("section", "kind", "issue", "month", "tag")
    }
    result = _facets_from_rows(scaled)
    result.approximate = True
    if rows is not None:
        if found["candidates"][0][2] >= last:
            result.page_ids = _page_ids(found)
        else:  # the page lies past the best candidates
            result.page_ids = ranked_ids(matches, first, last)
    return result


def _rows(sql: str, params) -> dict[str, list[tuple[str, str | None, int]]]:
    found: dict[str, list[tuple[str, str | None, int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for group, value, label, count in cursor.fetchall():
            found.setdefault(group, []).append((value, label, count))
    return found


def _page_ids(found) -> list[int]:
    return [int(value) for value, _, _ in sorted(found.get("row", []), key=lambda r: r[2])]


class RankedRows(Sequence):
    """A search's matches as a paginator sees them: `found.total` long, read a page at a time.

    facets() ranked and counted the matches (two queries) and returned the ids of
    the asked rows (`first` is the 1-based position of the first); slicing those
    rows reads them through `rows_of` (ids -> {id: the row as the caller shows it},
    e.g. result_rows), so a page costs one query more, whatever the ranking cost.
    Another slice (the paginator's last page, past the end) ranks its own ids.
    """

    def __init__(self, matches, found: Facets, first: int, rows_of: Callable):
        self.matches, self.found, self.first, self.rows_of = matches, found, first, rows_of

    def __len__(self) -> int:
        return self.found.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(len(self))
        if start == self.first - 1:
            # Every asked row, even past an estimated total that came out low.
            ids = self.found.page_ids
        elif start >= stop:
            return []
        else:
            ids = facets(self.matches, rows=(start + 1, stop)).page_ids
        rows = self.rows_of(ids)
        # An id can be gone if the facets came from a cache the database outran
        # (a restore, a rebuilt database): show what still exists.
        return [rows[pk] for pk in ids if pk in rows]


def _about(count: int) -> int:
    """An estimate to two significant figures: 12,345 -> 12,000."""
    digits = max(0, len(str(count)) - 2)
    return round(count, -digits) if digits else count


def ranked_ids(matches, first: int, last: int) -> list[int]:
    """Ids of rows first..last of a broad query, in tiers, each ranked exactly.

    First its best candidates (ItemQuerySet.best_candidates), then the rest of
    its words' lists (deeper_candidates: where a filter leaves few of the best),
    then its other title matches, then the rest: only deep pages, or filters
    few of the words' best items pass, reach the later tiers.
    """
    tiers = [matches.best_candidates(), matches.deeper_candidates(), matches.in_titles()]
    # A queryset without query words is a single tier.
    tiers = list(dict.fromkeys([*tiers, matches]))
    ids: list[int] = []
    skip, wanted = first - 1, last - first + 1
    for index, tier in enumerate(tiers):
        rows = tier
        for earlier in tiers[:index]:
            rows = rows.exclude(pk__in=earlier.order_by().values("pk"))
        got = list(rows.values_list("id", flat=True)[skip : skip + wanted - len(ids)])
        ids += got
        if len(ids) == wanted:
            break
        # This tier ended before the page did: the next one starts where it stopped.
        skip = max(0, skip - (skip + len(got) if got else rows.count()))
    return ids


def _facets_from_rows(rows) -> Facets:
    order = list(SectionName)
    sections = [
        Facet("section", value, count, (("section", SectionName(value).slug),))
        for value, _, count in sorted(
            rows.get("section", []), key=lambda row: order.index(SectionName(row[0]))
        )
    ]
    kinds = [
        Facet("kind", Kind(value).label, count, (("kind", value),))
        for value, _, count in sorted(rows.get("kind", []), key=lambda row: (-row[2], row[0]))
    ]
    tags = [
        Facet("tag", name, count, (("tag", slug),)) for slug, name, count in rows.get("tag", [])
    ]
    per_issue = sorted((int(value), count) for value, _, count in rows.get("issue", []))
    per_month = sorted((value, count) for value, _, count in rows.get("month", []))
    years = _years(per_month)
    return Facets(
        total=sum(facet.count for facet in sections),
        sections=sections,
        kinds=kinds,
        tags=tags,
        years=years,
        # Issue ranges stand in for years when no matching issue has a date: with
        # both, a big archive's answer would carry hundreds of redundant links.
        issue_ranges=[] if years else _issue_ranges(per_issue),
        per_issue=per_issue,
        per_month=per_month,
    )


def _years(per_month: list[tuple[str, int]]) -> list[Facet]:
    counts: dict[str, int] = {}
    for month, count in per_month:
        counts[month[:4]] = counts.get(month[:4], 0) + count
    return [
        Facet(
            "year",
            year,
            count,
            (("published_after", f"{year}-01-01"), ("published_before", f"{year}-12-31")),
        )
        for year, count in sorted(counts.items())
    ]


def _issue_ranges(per_issue: list[tuple[int, int]]) -> list[Facet]:
    counts: dict[int, int] = {}
    for number, count in per_issue:
        counts[number // ISSUE_RANGE] = counts.get(number // ISSUE_RANGE, 0) + count
    ranges = []
    for block, count in sorted(counts.items()):
        low, high = max(1, block * ISSUE_RANGE), block * ISSUE_RANGE + ISSUE_RANGE - 1
        params = (("issue_min", str(low)), ("issue_max", str(high)))
        ranges.append(Facet("issues", f"#{low}{DASH}{high}", count, params))
    return ranges


# Parameters a facet link replaces rather than adds to (tag is the one that adds).
_SINGLE = {"section", "kind", "issue_min", "issue_max", "published_after", "published_before"}


def facet_active(facet: Facet, current: QueryDict) -> bool:
    return all(value in current.getlist(name) for name, value in facet.params)


def facet_toggle(facet: Facet, current: QueryDict) -> str:
    """The query string that adds this facet's filter, or removes it when already on."""
    # Plain lists rather than a QueryDict copy: a results page builds dozens of these.
    params = {name: current.getlist(name) for name in current if name != "page"}
    active = facet_active(facet, current)
    for name, value in facet.params:
        if active:
            params[name] = [other for other in params.get(name, []) if other != value]
        elif name in _SINGLE:
            params[name] = [value]
        else:
            params[name] = [*params.get(name, []), value]
    return "?" + urlencode([(name, value) for name, values in params.items() for value in values])


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    width: int
    height: int
    max_count: int


def chart(facets: Facets, width: int = 600, height: int = 120) -> Chart | None:
    """Bars of matching items per month when issues have dates, else per issue.

    Neighbouring buckets merge so there are at most MAX_BARS bars.
    """
    if facets.per_month:
        buckets, title = facets.per_month, "Matching items per month"
    else:
        buckets = [(f"#{number}", count) for number, count in facets.per_issue]
        title = "Matching items per issue"
    if not buckets:
        return None
    size = -(-len(buckets) // MAX_BARS)
    merged = []
    for start in range(0, len(buckets), size):
        group = buckets[start : start + size]
        label = group[0][0] if len(group) == 1 else f"{group[0][0]}{DASH}{group[-1][0]}"
        merged.append((label, sum(count for _, count in group)))
    top = max(count for _, count in merged)
    slot = width / len(merged)
    bars = [
        Bar(
            label=label,
            count=count,
            x=round(index * slot + slot * 0.1, 2),
            y=round(height - height * count / top, 2),
            width=round(slot * 0.8, 2),
            height=round(height * count / top, 2),
        )
        for index, (label, count) in enumerate(merged)
    ]
    return Chart(title=title, bars=bars, width=width, height=height, max_count=top)


# --- all-stopword queries -------------------------------------------------------


def has_terms(q: str) -> bool:
    """Whether the query keeps any word after stopwords and punctuation go."""
    text = clean_query(q)
    if not text:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT numnode(websearch_to_tsquery(%s::regconfig, %s)) > 0", [SEARCH_CONFIG, text]
        )
        return cursor.fetchone()[0]


# --- did you mean ---------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_][\w-]*")
_OPERATORS = {"or", "and", "not"}
MAX_CANDIDATES = 1500
# Longer queries are not respelled: each word widens the candidate look-up.
MAX_WORDS = 8


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours counts 1), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                before is not None
                and i > 1
                and j > 1
                and char_a == b[j - 2]
                and a[i - 2] == char_b
            ):
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


def _allowed_typos(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def _candidate_prefixes(word: str) -> set[str]:
    """Two-letter prefixes a misspelling of `word` may share with the right word."""
    prefixes = {word[:2], word[1:3], word[0] + word[2:3], word[1] + word[0]}
    return {prefix for prefix in prefixes if len(prefix) == 2}


def _vocabulary(words: list[str]) -> tuple[set[str], dict[str, list[tuple[str, int]]]]:
    """Which words the archive knows, and spelling candidates for the others (one query)."""
    prefixes = sorted({prefix for word in words for prefix in _candidate_prefixes(word)})
    lengths = [len(word) for word in words]
    similar = Q(length__gte=min(lengths) - 2, length__lte=max(lengths) + 2) & reduce(
        or_, (Q(word__startswith=prefix) for prefix in prefixes)
    )
    rows = list(
        Word.objects.annotate(length=Length("word"))
        .filter(ndoc__gt=0)
        .filter(Q(word__in=words) | similar)
        .order_by("-ndoc", "word")
        .values_list("word", "ndoc")[:MAX_CANDIDATES]
    )
    known = {word for word, _ in rows} & set(words)
    return known, rows


def correct(word: str, candidates: list[tuple[str, int]]) -> str | None:
    """The closest, then most common, vocabulary word within the allowed typos."""
    limit = _allowed_typos(word)
    best = None
    for candidate, ndoc in candidates:
        distance = edit_distance(word, candidate, limit)
        if distance <= limit:
            key = (distance, -ndoc, candidate)
            best = min(best, key) if best else key
    return best[2] if best else None


@dataclass(frozen=True)
class DidYouMean:
    query: str
    count: int


def did_you_mean(q: str, found: int, matches=None) -> DidYouMean | None:
    """A respelled query from the archive's own words, if it finds more than `found`.

    `matches` is the filtered queryset to count in (all items by default).
    Two queries at most: the vocabulary look-up and the count.
    """
    text = clean_query(q)
    tokens = [
        (match, match.group().lower())
        for match in _WORD.finditer(text)
        if match.group().lower() not in _OPERATORS and len(match.group()) >= 3
    ]
    tokens = [(match, word) for match, word in tokens if len(word) <= 40][:MAX_WORDS]
    if not tokens:
        return None
    words = sorted({word for _, word in tokens})
    known, candidates = _vocabulary(words)
    fixes = {word: correct(word, candidates) for word in words if word not in known}
    fixes = {word: fix for word, fix in fixes.items() if fix and fix != word}
    if not fixes:
        return None
    corrected, position = [], 0
    for match, word in tokens:
        corrected.append(text[position : match.start()])
        corrected.append(fixes.get(word, match.group()))
        position = match.end()
    corrected.append(text[position:])
    query = "".join(corrected)
    base = Item.objects.all() if matches is None else matches
    count = base.search(query).count()
    return DidYouMean(query, count) if count > found else None


# --- prefix suggestions ---------------------------------------------------------


def suggest(q: str) -> list[dict]:
    """Suggestions for the search box (see _suggest), cached until the archive changes."""
    return cache.cached("suggest", (clean_query(q).lower(),), lambda: _suggest(q))


def _suggest(q: str) -> list[dict]:
    """Up to SUGGESTIONS item titles with a word starting with the query's last word.

    The prefix expands to whole words through the vocabulary (indexed LIKE),
    which then match the title (weight A) in the stemmed vector; earlier words
    of the query must appear anywhere in the item.
    """
    text = clean_query(q).lower()
    words = [word for word in _WORD.findall(text) if word not in _OPERATORS]
    if not words or len(words[-1]) < MIN_PREFIX:
        return []
    *before, prefix = words
    completions = list(
        Word.objects.filter(word__startswith=prefix, ndoc__gt=0)
        .order_by("-ndoc", "word")
        .values_list("word", "ndoc")[:20]
    )
    if not completions:
        return []
    title_terms = " | ".join(f"'{word}':A" for word, _ in completions)
    query = SearchQuery(f"({title_terms})", search_type="raw", config=SEARCH_CONFIG)
    if before:
        query &= search_query(" ".join(before))
    # The title index finds the title matches without reading every item that
    # has a completion somewhere in its text. The title vector is the full one's
    # weight A, so without earlier words the full vector adds no condition: asking
    # it anyway made the planner's estimate ~20 times too low, and it read every
    # title match (44 ms at 1M) instead of walking the newest items until ten
    # matched (2 ms).
    in_title = " | ".join(f"'{word}'" for word, _ in completions)
    items = Item.objects.filter(
        search_title=SearchQuery(in_title, search_type="raw", config=SEARCH_CONFIG)
    ).exclude(title="")
    if before:
        items = items.filter(search_vector=query)
    if sum(ndoc for _, ndoc in completions) > BROAD_MATCHES:
        # Thousands of titles start so, nearly all with the same rank (one title
        # word): newest first, read from the end of the issue index (the id
        # breaks ties between sections' equal positions).
        items = items.order_by("-issue_id", "-position", "-id")
    else:
        items = items.annotate(
            rank=SearchRank(F("search_vector"), query, cover_density=True)
        ).order_by("-rank", *NEWEST_MATCHES)
    items = items.values("id", "title", "issue_number")[:SUGGESTIONS]
    return [
        {
            "id": item["id"],
            "title": item["title"],
            "issue": item["issue_number"],
            "url": path_to("issues:item-detail", item["id"]),
        }
        for item in items
    ]
