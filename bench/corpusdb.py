"""The benchmark's own database per scale, filled by generate_corpus (never your data)."""

import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SCALES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
ITEMS_PER_ISSUE = 30
SEED = 1


def base_url() -> str:
    base = os.environ.get("DATABASE_URL", "").strip()
    if base:
        return base
    sys.path.insert(0, str(ROOT))
    from archive.embedded_db import embedded_database_url

    return embedded_database_url(Path(os.environ.get("ARCHIVE_DATA_DIR", ROOT / "var")).resolve())


def database_url(scale: str) -> str:
    """`<name>_<scale>` next to DATABASE_URL's database (archive_bench -> archive_bench_100k)."""
    url = urllib.parse.urlsplit(base_url())
    base = url.path.strip("/") or "archive"
    name = re.sub(r"_(10k|100k|1m)$", "", base) + f"_{scale}"
    with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    return url._replace(path=f"/{name}").geturl()


# Settings of the benchmark's own database (ALTER DATABASE, so only its sessions get
# them), as docs/scaling.md recommends for production: the data is in memory, where
# an index probe costs about a sequential read, and JIT compilation costs a short
# query tens of milliseconds.
DATABASE_SETTINGS = {"jit": "off", "random_page_cost": "1.1"}


def _load_record(scale: str) -> Path:
    return ROOT / "var" / "bench" / f"load_{scale}.json"


def prepare(env: dict, scale: str) -> dict:
    """Migrate and generate the corpus if it is not there yet; return what was done."""
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    wanted = SCALES[scale]
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        name = conn.execute("SELECT current_database()").fetchone()[0]
        for setting, value in DATABASE_SETTINGS.items():
            conn.execute(f'ALTER DATABASE "{name}" SET {setting} = {value}')
        have = conn.execute("SELECT count(*) FROM issues_item").fetchone()[0]
        if have and not conn.execute("SELECT count(*) FROM issues_broadterm").fetchone()[0]:
            # A corpus generated before the broad-word lists existed.
            subprocess.run([*manage, "rank_broad_terms"], cwd=ROOT, env=env, check=True)
        if have:
            # A corpus generated before generate_corpus's VACUUM could mark its pages
            # all-visible (it skips the pages that already are).
            conn.execute("VACUUM")
    load = None
    if have < wanted * 0.95:
        issues = -(-(wanted - have) // ITEMS_PER_ISSUE)
        began = time.monotonic()
        done = subprocess.run(
            [*manage, "generate_corpus", "--issues", str(issues), "--seed", str(SEED), "-v2"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        load = {
            "issues": issues,
            "seconds": round(time.monotonic() - began, 1),
            "output": done.stdout.strip(),
            "phases": done.stderr.strip().splitlines(),
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        print(done.stdout.strip(), flush=True)
        _load_record(scale).parent.mkdir(parents=True, exist_ok=True)
        _load_record(scale).write_text(json.dumps(load, indent=1))
    elif _load_record(scale).exists():
        # Loaded by an earlier run: its load time still describes this corpus.
        load = json.loads(_load_record(scale).read_text()) | {"earlier_run": True}
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        counts = conn.execute(
            """SELECT (SELECT count(*) FROM issues_issue), (SELECT count(*) FROM issues_item),
                      (SELECT count(*) FROM issues_itemtag),
                      pg_total_relation_size('issues_item'),
                      (SELECT avg(pg_column_size(search_vector)) FROM
                          (SELECT search_vector FROM issues_item TABLESAMPLE SYSTEM (1)) s)"""
        ).fetchone()
    return {
        "database_settings": DATABASE_SETTINGS,
        "generated_now": load,
        "issues": counts[0],
        "items": counts[1],
        "item_tags": counts[2],
        "item_table_mb": round(counts[3] / 2**20),
        "avg_vector_bytes": round(float(counts[4] or 0)),
    }
