"""Compare two versions of the search code on a machine whose speed drifts.

    python -m bench.minimums --scale 100k [--runs 12] [class ...]

Times the service in-process (bench.service.service: the search page's counts and
page of rows) for every query of each class, `--runs` times in rounds, and prints
per class the sum over its queries of each query's fastest run, the slowest
query's fastest run, and the same sums per statement (timed around each
statement). A drift of the machine's speed moves medians and p95s by a third
or more within minutes; a minimum over a dozen runs barely moves, so running
this from two checkouts in turn, against the benchmark's database
(`make bench SCALE=...` makes it), compares the code rather than the moment.
"""

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import corpusdb  # noqa: E402
from bench import queries as query_mix  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(corpusdb.SCALES), default="100k")
    parser.add_argument("--runs", type=int, default=12, help="timed runs per query")
    parser.add_argument("classes", nargs="*", default=list(query_mix.CLASSES))
    args = parser.parse_args()
    conninfo = corpusdb.database_url(args.scale)
    os.environ.update(DATABASE_URL=conninfo, CACHE_PAGES="0")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 40)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.db import connection

    from bench import service

    queries = query_mix.choose(conninfo)
    statements: list[float] = []

    def timed(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - began) * 1000)

    for cls in args.classes:
        totals, per_statement = defaultdict(list), defaultdict(list)
        for round_number in range(args.runs + 1):  # the first round warms up
            for query in (query for query in queries if query.cls == cls):
                statements.clear()
                with connection.execute_wrapper(timed):
                    began = time.perf_counter()
                    service.service(query)
                    took = (time.perf_counter() - began) * 1000
                if round_number:
                    name = f"{query.q} [{query.tag}]" if query.tag else query.q or query.prefix
                    totals[name].append(took)
                    per_statement[name].append(list(statements))
        fastest = {name: min(times) for name, times in totals.items()}
        slowest = max(fastest, key=fastest.get)
        columns = max(len(runs[0]) for runs in per_statement.values())
        by_statement = [
            sum(min(run[i] for run in runs if len(run) > i) for runs in per_statement.values())
            for i in range(columns)
        ]
        print(
            f"{cls:10} sum of minimums {sum(fastest.values()):7.1f} ms; slowest query "
            f"{fastest[slowest]:6.1f} ({slowest}); by statement "
            + ", ".join(f"{value:.1f}" for value in by_statement)
        )


if __name__ == "__main__":
    main()
