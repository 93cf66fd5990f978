"""`make bench SCALE=10k|100k|1m`: search latency per query class, side by side with baselines.

Runs against its own database `<DATABASE_URL's name>_<scale>` (generated with
generate_corpus on first use) and writes bench/results/<scale>.json and .md:

- the search service in-process (one page with snippets; the same plus facets),
- the full HTTP request through gunicorn with 2 workers (/search/, /api/items/,
  /search/suggest for prefixes) at concurrency 1 and 8, loopback only,
- the same queries through naive icontains, SQLite FTS5 (bm25) and Tantivy,
- the top-20 overlap of the service with exact ts_rank_cd ranking per class,
- import throughput (import_text, and `import_issues --jobs 2` on a folder), the HTTP
  ceiling of a trivial endpoint, requests/s of the home and an issue page, gunicorn
  worker memory.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))

from bench import corpusdb  # noqa: E402

# Timed runs per query (after one untimed warm-up) by scale.
RUNS = {"10k": 5, "100k": 5, "1m": 3}
NAIVE_PER_CLASS = {"10k": 8, "100k": 3, "1m": 2}
HTTP_RUNS = 3
IMPORT_ISSUES = {"10k": 100, "100k": 100, "1m": 60}
FOLDER_ISSUES = 200
FOLDER_JOBS = 2


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> dict:
    return {
        "p50": round(percentile(values, 0.5), 2),
        "p95": round(percentile(values, 0.95), 2),
        "max": round(max(values), 2) if values else None,
        "n": len(values),
    }


def timed(call, query) -> float:
    began = time.perf_counter()
    call(query)
    return (time.perf_counter() - began) * 1000


def by_class(queries, calls: dict, runs: int, classes=None) -> dict[str, dict]:
    """Each query once through each call to warm up, then `runs` rounds, in each
    of which every call takes every query in turn: {call name: {class: timings}}.

    In rounds of every query, as the HTTP part sends them: the same query run
    back to back finds its pages in PostgreSQL's buffers, which flattered the
    in-process figures against the HTTP ones (by ~5 ms a broad query at 1M).
    And the calls (the service and its baselines) in the same rounds: this
    machine's speed drifts by up to 2x within minutes, which timing all of the
    service and then all of a baseline would read as a difference between the
    engines. Within a round each call runs its whole mix, so none pays for
    another's use of the CPU's caches between two of its queries.
    """
    chosen = [query for query in queries if not classes or query.cls in classes]
    for call in calls.values():
        for query in chosen:
            call(query)  # warm-up: plans, caches, the first page of the index
    pooled: dict[str, dict[str, list[float]]] = {name: {} for name in calls}
    for _ in range(runs):
        for name, call in calls.items():
            for query in chosen:
                pooled[name].setdefault(query.cls, []).append(timed(call, query))
    return {
        name: {cls: summary(values) for cls, values in by_cls.items()}
        for name, by_cls in pooled.items()
    }


SERVICE_CALLS = ("service", "orm_page", "view")


def measure_search(queries, conninfo: str, scale: str, runs: int, baselines: bool) -> dict:
    """The service's three ways and, with `baselines`, SQLite FTS5 and Tantivy
    (page, and full with counts), timed side by side (see by_class); the naive
    scan on a few queries afterwards. {"service": ..., "baselines": ...}."""
    from bench import baselines as engines
    from bench import service

    calls = {name: getattr(service, name) for name in SERVICE_CALLS}
    calls["service"] = statements = service.StatementClock(service.service)
    builds = {}
    if baselines:
        for name, engine in (("sqlite_fts5", engines.SQLiteFTS), ("tantivy", engines.Tantivy)):
            began = time.monotonic()
            target = engine(conninfo, scale)
            builds[name] = {
                "built_now_s": target.build_seconds,
                "ready_s": round(time.monotonic() - began, 1),
                "size_mb": target.size_mb,
            }
            calls[f"{name} page"], calls[f"{name} full"] = target.page, target.full
    print(f"[{scale}] service{' and baselines' * baselines} ...", flush=True)
    timed_by = by_class(queries, calls, runs)
    result = {
        "service": {
            cls: {name: timed_by[name][cls] for name in SERVICE_CALLS}
            | {"statements": summary(statements.by_class[cls])}
            for cls in timed_by["service"]
        }
    }
    if not baselines:
        return result
    result["baselines"] = {"builds": builds}
    for name in builds:
        page, full = timed_by[f"{name} page"], timed_by[f"{name} full"]
        result["baselines"][name] = {cls: {"page": page[cls], "full": full[cls]} for cls in page}
    # The scan is slow by design: a few queries per class, one timed run each.
    few, seen = [], {}
    for query in queries:
        seen[query.cls] = seen.get(query.cls, 0) + 1
        if seen[query.cls] <= NAIVE_PER_CLASS[scale]:
            few.append(query)
    naive = by_class(few, {"naive": engines.naive}, 1)["naive"]
    result["baselines"]["naive"] = {cls: {"page": timing} for cls, timing in naive.items()}
    return result


def measure_relevance(queries) -> dict:
    from bench import service

    overlaps: dict[str, list[float]] = {}
    for query in queries:
        got = service.service(query)
        exact = service.exact_top(query, limit=len(got) if query.prefix else 20)
        share = 1.0 if not exact else len(set(got) & set(exact)) / len(exact)
        query.overlap = round(share * 100)
        overlaps.setdefault(query.cls, []).append(share)
    return {cls: round(statistics.mean(values) * 100) for cls, values in overlaps.items()}


PAGES = {
    "static file (WhiteNoise)": "/static/css/search.css",
    "404 through Django (no query)": "/api/no-such-endpoint",
    "home": "/",
    "issue page": "/issues/{issue}/",
    "tag page": "/tags/nlp/",
}


def _pages(server, items: int) -> dict:
    from bench import web

    pages = {}
    for label, path in PAGES.items():
        urls = [server.base + path.format(issue=max(1, items // 60))] * 400
        web.load(urls[:20], 2)  # warm-up (and, with Redis, the cache)
        done = web.load(urls, 8)
        pages[label] = summary(done["latencies"]) | {
            "requests_per_s": done["requests_per_s"],
            "statuses": done["statuses"],
        }
    return pages


def measure_http(queries, conninfo: str, items: int) -> dict:
    """Search without a cache (every request computed); pages again cached in each
    worker's memory, and in Redis."""
    from bench import web

    result: dict = {"search": {}, "api": {}}
    with web.Server(web.server_env(conninfo, redis_url=None, cache_pages=False)) as server:
        for name, path in (("search", "/search/"), ("api", "/api/items/")):
            for cls in dict.fromkeys(query.cls for query in queries):
                mine = [query for query in queries if query.cls == cls]
                urls = [
                    web.url(server.base, "/search/suggest" if q.prefix else path, q.params())
                    for q in mine
                ]
                web.load(urls, 1)  # warm-up
                single = web.load(urls * HTTP_RUNS, 1)
                eight = web.load(urls * 8, 8)
                result[name][cls] = {
                    "c1": summary(single["latencies"]) | {"statuses": single["statuses"]},
                    "c8": summary(eight["latencies"])
                    | {"statuses": eight["statuses"], "requests_per_s": eight["requests_per_s"]},
                }
        result["pages"] = _pages(server, items)
        result["worker_rss_mb"] = server.worker_rss_mb()
    with web.Server(web.server_env(conninfo, redis_url=None)) as server:
        result["pages_memory"] = _pages(server, items)
        result["worker_rss_mb_memory"] = server.worker_rss_mb()
    redis_url = web.redis_url()
    if redis_url:
        with web.Server(web.server_env(conninfo, redis_url=redis_url)) as server:
            web.bump_redis_version(redis_url, conninfo)  # nothing from an earlier run
            result["pages_cached"] = _pages(server, items)
            result["redis_url"] = redis_url
            result["worker_rss_mb_cached"] = server.worker_rss_mb()
    return result


def measure_import(scale: str) -> dict:
    """Issues imported into this corpus per second, numbered far above it; removed afterwards.

    Three ways: import_text one issue at a time as the admin upload and the API
    import them; import_text as `import_issues` imports a folder in one process
    (bulk: the vocabulary counted once at the end, commits not waited for); and
    the `import_issues` command itself on a folder of files with --jobs 2.
    """
    from django.db import connection

    from issues import corpus, importing
    from issues.models import Issue

    result = {}
    modes = (
        ("one_by_one", 5_000_000, IMPORT_ISSUES[scale]),
        ("bulk", 6_000_000, IMPORT_ISSUES[scale]),
        ("folder", 7_000_000, FOLDER_ISSUES),
    )
    for mode, first, count in modes:
        issues = [corpus.make_issue(first + n, seed=99) for n in range(count)]
        texts = [corpus.render_issue(issue) for issue in issues]
        seconds = _timed_import(mode, texts)
        for issue in Issue.objects.filter(number__gte=first, number__lt=first + count):
            importing._forget_words(issue)  # keep the vocabulary counts exact
            issue.delete()
        result[mode] = {
            "issues": count,
            "items": sum(len(issue.items) for issue in issues),
            "seconds": round(seconds, 2),
            "issues_per_s": round(count / seconds, 1),
        } | ({"jobs": FOLDER_JOBS} if mode == "folder" else {})
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM issues_word WHERE ndoc = 0")
    return result


def _timed_import(mode: str, texts: list[str]) -> float:
    """Seconds to import the texts in this mode (writing the folder's files is not timed)."""
    import io
    import tempfile

    from django.core.management import call_command

    from issues import importing

    if mode == "folder":
        with tempfile.TemporaryDirectory() as folder:
            for index, text in enumerate(texts):
                Path(folder, f"{index:06}.txt").write_text(text)
            began = time.perf_counter()
            call_command(
                "import_issues",
                folder,
                jobs=FOLDER_JOBS,
                stdout=io.StringIO(),
                stderr=io.StringIO(),
            )
            return time.perf_counter() - began
    began = time.perf_counter()
    stored = [importing.import_text(text, bulk=mode == "bulk").issue.pk for text in texts]
    if mode == "bulk":
        importing.count_words_of(stored)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(corpusdb.SCALES), default="10k")
    parser.add_argument(
        "--skip", default="", help="comma list of parts to skip: baselines,http,import,relevance"
    )
    parser.add_argument("--runs", type=int, help="timed runs per query")
    parser.add_argument("--tag", default="", help="a label for this run (e.g. 'before')")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    scale = args.scale
    runs = args.runs or RUNS[scale]

    conninfo = corpusdb.database_url(scale)
    env = dict(os.environ) | {"DATABASE_URL": conninfo}
    env.setdefault("SECRET_KEY", "bench-" + "x" * 40)
    corpus_info = corpusdb.prepare(env, scale)

    os.environ.update(DATABASE_URL=conninfo, SECRET_KEY=env["SECRET_KEY"])
    # In-process measurements are uncached: every query is computed.
    os.environ.pop("REDIS_URL", None)
    os.environ["CACHE_PAGES"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.db import connection

    from bench import queries as query_mix
    from bench import service

    with connection.cursor() as cursor:
        # The harness's own session: the reference rankings and scans take seconds.
        cursor.execute("SET statement_timeout = 0")
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    queries = query_mix.choose(conninfo)
    for query in queries:
        query.hits = service.hits(query)

    load_before = os.getloadavg()
    print(f"[{scale}] load {load_before[0]:.2f}", flush=True)
    result = {
        "scale": scale,
        "label": args.tag,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "git": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "postgres": server_version,
            "load_average_before": [round(x, 2) for x in load_before],
        },
        "runs_per_query": runs,
        "rounds": True,  # see by_class
        "side_by_side": "baselines" not in skip,  # see by_class
        "corpus": corpus_info,
    }
    result |= measure_search(queries, conninfo, scale, runs, baselines="baselines" not in skip)
    if "relevance" not in skip:
        print(f"[{scale}] relevance ...", flush=True)
        result["relevance_overlap_pct"] = measure_relevance(queries)
    if "http" not in skip:
        print(f"[{scale}] http ...", flush=True)
        result["http"] = measure_http(queries, conninfo, corpus_info["items"])
    if "import" not in skip:
        print(f"[{scale}] import ...", flush=True)
        result["import"] = measure_import(scale)
    result["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    result["queries"] = [
        query.as_dict() | {"hits": query.hits, "overlap_pct": getattr(query, "overlap", None)}
        for query in queries
    ]
    from bench import report

    RESULTS.mkdir(parents=True, exist_ok=True)
    name = f"{scale}{'-' + args.tag if args.tag else ''}"
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=1) + "\n")
    markdown = report.markdown(result)
    (RESULTS / f"{name}.md").write_text(markdown)
    print(markdown)


if __name__ == "__main__":
    main()
