"""The Markdown report of one bench run (bench/results/<scale>.md)."""

from bench.queries import CLASSES

TARGET_P95_MS = {"10k": 20.0, "100k": 20.0, "1m": 100.0}
TARGET_PREFIX_P95_MS = {"10k": 30.0, "100k": 30.0, "1m": 100.0}


def ms(value) -> str:
    if value is None:
        return "-"
    if value >= 1000:
        return f"{value / 1000:.2f} s"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def pair(stats) -> str:
    return f"{ms(stats['p50'])} / {ms(stats['p95'])}" if stats else "-"


def ratio(mine, theirs) -> str:
    if not mine or not theirs or not theirs["p95"]:
        return "-"
    return f"{mine['p95'] / theirs['p95']:.2f}x"


def _theirs(cls: str) -> str:
    # The service computes counts with every page; so do the baselines' "full".
    return "page" if cls == "prefix" else "full"


def markdown(result: dict) -> str:
    scale = result["scale"]
    machine = result["machine"]
    corpus = result["corpus"]
    service = result["service"]
    base = result.get("baselines", {})
    lines = [
        f"# Search benchmark, {scale}: {corpus['items']:,} items in {corpus['issues']:,} issues"
        + (f" ({result['label']})" if result.get("label") else ""),
        "",
        f"{result['when']}, git {result['git']}; {machine['cores']} cores, PostgreSQL "
        f"{machine['postgres']}, Python {machine['python']}; load average before "
        f"{machine['load_average_before'][0]}, after {machine.get('load_average_after', ['?'])[0]}"
        f"; {result['runs_per_query']} timed runs per query after a warm-up"
        + (", in rounds of every query" if result.get("rounds") else "")
        + (
            " (each round through the service, then each baseline)"
            if result.get("side_by_side")
            else ""
        )
        + ". Times in ms, "
        "p50 / p95 over every run of every query in the class. Database settings: "
        f"{corpus.get('database_settings', {})}.",
        "",
        "**service**: what /search/ computes before rendering (issues.search.facets: the "
        "counts and the ranked ids of page 1; then the 20 rows with ts_headline snippets "
        "and tags); prefix: the search box's suggest(). SQLite FTS5 and Tantivy do the same "
        "work (bm25 page with snippets and tags, plus section/kind/year/top-tag counts); "
        "naive icontains returns the newest 20 matches, nothing else.",
        "",
        "| class | hits (median) | service | SQLite FTS5 | Tantivy | naive icontains "
        "| ÷ SQLite (p95) | ÷ Tantivy (p95) | top-20 overlap with exact ts_rank_cd |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    hits: dict[str, list[int]] = {}
    for query in result.get("queries", []):
        hits.setdefault(query["cls"], []).append(query["hits"])
    for cls in CLASSES:
        if cls not in service:
            continue
        mine = service[cls]["service"]
        sqlite = base.get("sqlite_fts5", {}).get(cls, {}).get(_theirs(cls))
        tantivy = base.get("tantivy", {}).get(cls, {}).get(_theirs(cls))
        naive = base.get("naive", {}).get(cls, {}).get("page")
        counts = sorted(hits.get(cls, [0]))
        overlap = result.get("relevance_overlap_pct", {}).get(cls)
        lines.append(
            f"| {cls} | {counts[len(counts) // 2]:,} | **{pair(mine)}** | {pair(sqlite)} | "
            f"{pair(tantivy)} | {pair(naive)} | {ratio(mine, sqlite)} | {ratio(mine, tantivy)} | "
            f"{'-' if overlap is None else f'{overlap}%'} |"
        )
    lines += [
        "",
        "The same classes three ways: the exact ORM slice (Item.objects.search()[:20] with "
        "snippets, no counts: exact ts_rank_cd over every match), the service, and the search "
        "page's view rendered in-process; and the baselines without counts:",
        "",
        "| class | exact ORM page | service | view (rendered) | SQLite page | Tantivy page |",
        "|---|---|---|---|---|---|",
    ]
    for cls in CLASSES:
        if cls in service:
            lines.append(
                f"| {cls} | {pair(service[cls]['orm_page'])} | {pair(service[cls]['service'])} "
                f"| {pair(service[cls]['view'])} | "
                f"{pair(base.get('sqlite_fts5', {}).get(cls, {}).get('page'))} | "
                f"{pair(base.get('tantivy', {}).get(cls, {}).get('page'))} |"
            )
    lines += _statements(result)
    lines += _targets(result)
    if "http" in result:
        lines += _http(result)
    if base.get("builds"):
        lines += ["", "Baseline indexes: " + "; ".join(
            f"{name} {info['size_mb']} MB" + (
                f", built in {info['built_now_s']} s" if info["built_now_s"] else " (cached)"
            )
            for name, info in base["builds"].items()
        ) + "."]  # fmt: skip
    if "import" in result:
        done = result["import"]
        if "issues" in done:  # one mode only (older results)
            done = {"one_by_one": done}
        lines += ["", "Import into this corpus, one transaction per issue:"]
        jobs = done.get("folder", {}).get("jobs")
        for mode, label in (
            ("one_by_one", "import_text one at a time (admin upload, API)"),
            ("bulk", "import_text as one `import_issues` process does (words counted at the end)"),
            ("folder", f"`import_issues FOLDER --jobs {jobs}`, files read and reported included"),
        ):
            if mode in done:
                run = done[mode]
                lines.append(
                    f"- {label}: {run['issues']} issues ({run['items']:,} items) in "
                    f"{run['seconds']} s = **{run['issues_per_s']} issues/s**"
                )
    generated = corpus.get("generated_now")
    if generated:
        when = (
            f"by an earlier run ({generated.get('when', '?')})"
            if generated.get("earlier_run")
            else "in this run"
        )
        lines += ["", f"Corpus generated {when} in {generated['seconds']} s: "
                  f"{generated['output']}"]  # fmt: skip
    lines += [
        "",
        f"Corpus: item table {corpus['item_table_mb']:,} MB, average search vector "
        f"{corpus['avg_vector_bytes']} bytes.",
    ]
    return "\n".join(lines) + "\n"


def _statements(result: dict) -> list[str]:
    """The service's SQL statements alone, where the run timed them (since 2026-12-07)."""
    service = result["service"]
    timed = [cls for cls in CLASSES if "statements" in service.get(cls, {})]
    if not timed:
        return []
    lines = [
        "",
        "The service's SQL statements alone, in the same runs: from sending each statement "
        "to receiving its rows (PostgreSQL's work and the round trips), added up per run. "
        "The rest of the service is Python (the filter form, building and compiling the "
        "statements, reading the rows). Where the statements' own p95 is over the class's "
        "target, no speed-up of the Python brings the service within it:",
        "",
        "| class | service | its statements | statements ÷ service (p50) "
        "| statements' p95 within the target |",
        "|---|---|---|---|---|",
    ]
    for cls in timed:
        mine, statements = service[cls]["service"], service[cls]["statements"]
        limit = _limit(result["scale"], cls)
        share = statements["p50"] / mine["p50"] if mine["p50"] else 0
        within = "yes" if statements["p95"] <= limit else "NO"
        lines.append(
            f"| {cls} | {pair(mine)} | {pair(statements)} | {share:.0%} | {within} (≤ {limit:g}) |"
        )
    return lines


def _limit(scale: str, cls: str) -> float:
    return (TARGET_PREFIX_P95_MS if cls == "prefix" else TARGET_P95_MS)[scale]


def _targets(result: dict) -> list[str]:
    scale = result["scale"]
    service = result["service"]
    base = result.get("baselines", {})
    lines = ["", "Targets:", ""]
    for cls in CLASSES:
        if cls not in service:
            continue
        mine = service[cls]["service"]
        limit = _limit(scale, cls)
        checks = [f"p95 {ms(mine['p95'])} ≤ {limit:g}: {'yes' if mine['p95'] <= limit else 'NO'}"]
        sqlite = base.get("sqlite_fts5", {}).get(cls, {}).get(_theirs(cls))
        if sqlite:
            faster = mine["p95"] < sqlite["p95"]
            checks.append(f"faster than SQLite: {'yes' if faster else 'NO'}")
        tantivy = base.get("tantivy", {}).get(cls, {}).get(_theirs(cls))
        if tantivy:
            times = mine["p95"] / tantivy["p95"] if tantivy["p95"] else float("inf")
            checks.append(f"{times:.0f}x Tantivy: {'yes' if times <= 100 else 'NO'}")
        lines.append(f"- {cls}: " + "; ".join(checks))
    return lines


def _http(result: dict) -> list[str]:
    http = result["http"]
    service = result["service"]
    lines = [
        "",
        "HTTP through gunicorn (2 sync workers, loopback), p50 / p95 ms; /search/ and "
        "/api/items/ compute facets and the page for every query (prefix: /search/suggest):",
        "",
        "| class | /search/ c=1 | /search/ c=8 | /api/items/ c=1 | /api/items/ c=8 (req/s) "
        "| API c=1 p95 - service p95 |",
        "|---|---|---|---|---|---|",
    ]
    for cls in CLASSES:
        if cls not in http["api"]:
            continue
        api, page = http["api"][cls], http["search"][cls]
        gap = api["c1"]["p95"] - service[cls]["service"]["p95"]
        lines.append(
            f"| {cls} | {pair(page['c1'])} | {pair(page['c8'])} | {pair(api['c1'])} | "
            f"{pair(api['c8'])} ({api['c8']['requests_per_s']}) | {gap:+.1f} ms |"
        )
    cached, memory = http.get("pages_cached", {}), http.get("pages_memory", {})
    lines += [
        "",
        "Pages, 400 requests at concurrency 8 (uncached: CACHE_PAGES=0; memory: each "
        "worker's local memory, the version read from PostgreSQL; Redis: the shared cache; "
        "anonymous pages kept until an import), req/s and p50 / p95 ms:",
        "",
        "| page | uncached | uncached ms | memory | memory ms | Redis | Redis ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, stats in http["pages"].items():
        row = [f"| {label} | {stats['requests_per_s']} | {pair(stats)}"]
        for kept in (memory.get(label), cached.get(label)):
            row.append(f"{kept['requests_per_s'] if kept else '-'} | {pair(kept)}")
        lines.append(" | ".join(row) + " |")
    lines += ["", f"gunicorn worker RSS after the search run: {http['worker_rss_mb']} MB"]
    if "worker_rss_mb_memory" in http:
        lines[-1] += f"; after the pages cached in memory: {http['worker_rss_mb_memory']} MB"
    if "worker_rss_mb_cached" in http:
        lines[-1] += f"; after the pages cached in Redis: {http['worker_rss_mb_cached']} MB"
    lines[-1] += "."
    return lines
