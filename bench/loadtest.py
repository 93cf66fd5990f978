"""`make loadtest`: 2 minutes at concurrency 32 against gunicorn on loopback.

Serves a 10,000-item generated archive from its own database (`<name>_loadtest`
next to DATABASE_URL's, or on the embedded server), so a developer's data is
never touched. Writes bench/results/loadtest.json and loadtest.md.
"""

import argparse
import csv
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def database_url() -> str:
    base = os.environ.get("DATABASE_URL", "").strip()
    if not base:
        sys.path.insert(0, str(ROOT))
        from archive.embedded_db import embedded_database_url

        base = embedded_database_url(Path(os.environ.get("ARCHIVE_DATA_DIR", ROOT / "var")))
    info = psycopg.conninfo.conninfo_to_dict(base)
    name = f"{info.get('dbname') or 'archive'}_loadtest"
    with psycopg.connect(**(info | {"dbname": "postgres"}), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


def prepare(env: dict, items: int) -> dict:
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        have = conn.execute("SELECT count(*) FROM issues_item").fetchone()[0]
    if not have:  # a database from an earlier run is reused as it is
        issues = max(1, round(items / 29.7))
        subprocess.run(
            [*manage, "generate_corpus", "--issues", str(issues), "--seed", "1"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        return {
            "issues": [
                r[0] for r in conn.execute("SELECT number FROM issues_issue ORDER BY number")
            ],
            "tags": [r[0] for r in conn.execute("SELECT slug FROM issues_tag ORDER BY slug")],
            "words": [
                r[0]
                for r in conn.execute(
                    "SELECT word FROM issues_word WHERE length(word) > 4"
                    " ORDER BY ndoc DESC LIMIT 60"
                )
            ],
            "items": conn.execute("SELECT count(*) FROM issues_item").fetchone()[0],
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--duration", default="2m")
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--name", default="loadtest", help="results file name under bench/results")
    args = parser.parse_args()

    env = os.environ | {
        "DATABASE_URL": database_url(),
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "API_ANON_RATE": "none",
        "AXES_ENABLED": "0",
    }
    targets = prepare(env, args.items)
    tmp = RESULTS / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "targets.json").write_text(json.dumps(targets))
    port = free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "archive.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(args.users),
                "-t",
                args.duration,
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(tmp / "loadtest"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env | {"LOADTEST_TARGETS": str(tmp / "targets.json")},
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=15)
    report(tmp / "loadtest_stats.csv", args, targets["items"])


def report(stats_csv: Path, args, items: int) -> None:
    rows = list(csv.DictReader(stats_csv.open()))
    table = [
        {
            "name": row["Name"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
        }
        for row in rows
    ]
    result = {
        "cores": os.cpu_count(),
        "users": args.users,
        "duration": args.duration,
        "gunicorn_workers": args.workers,
        "items": items,
        "redis": bool(os.environ.get("REDIS_URL")),
        # Without Redis, pages are cached in each worker's memory unless CACHE_PAGES=0.
        "cache_pages": os.environ.get("CACHE_PAGES", "1") != "0",
        "rows": table,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(result, indent=2))
    lines = [
        f"# Load test: {args.users} users for {args.duration}, {items:,} items, "
        f"{args.workers} gunicorn workers, {os.cpu_count()} cores, "
        f"{'Redis cache' if result['redis'] else 'no shared cache'}",
        "",
        "| request | count | failures (4xx/5xx) | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|---|---|",
    ] + [
        f"| {r['name']} | {r['requests']} | {r['failures']} | {r['rps']} | {r['p50_ms']:g} | "
        f"{r['p95_ms']:g} | {r['p99_ms']:g} |"
        for r in table
    ]
    (RESULTS / f"{args.name}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
