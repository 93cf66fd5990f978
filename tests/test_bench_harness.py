"""The benchmark's own logic (bench/): how queries are timed and how results are written."""

import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from bench import report
from bench.run import by_class
from bench.service import StatementClock

RESULTS = Path(__file__).resolve().parent.parent / "bench" / "results"


@dataclass(frozen=True)
class Query:
    cls: str
    q: str


def test_each_query_is_warmed_up_then_timed_in_rounds_of_every_query():
    queries = [Query("rare", "a"), Query("common", "b"), Query("rare", "c"), Query("phrase", "d")]
    calls = []

    timings = by_class(
        queries, {"service": lambda query: calls.append(query.q)}, 2, classes={"rare", "common"}
    )

    assert calls == ["a", "b", "c", "a", "b", "c", "a", "b", "c"]
    assert {cls: timing["n"] for cls, timing in timings["service"].items()} == {
        "rare": 4,
        "common": 2,
    }


def test_the_service_and_its_baselines_are_timed_side_by_side():
    queries = [Query("rare", "a"), Query("common", "b")]
    calls = []
    engines = {
        name: (lambda query, name=name: calls.append(f"{name} {query.q}"))
        for name in ("service", "sqlite", "tantivy")
    }

    timings = by_class(queries, engines, 2)

    one_round = ["service a", "service b", "sqlite a", "sqlite b", "tantivy a", "tantivy b"]
    assert calls == one_round * 3  # the warm-up, then two rounds
    assert sorted(timings) == ["service", "sqlite", "tantivy"]
    assert all(timings[name]["rare"]["n"] == 2 for name in timings)


def test_a_run_side_by_side_says_so_in_its_report():
    result = json.loads((RESULTS / "100k.json").read_text()) | {"side_by_side": True}

    assert (
        ", in rounds of every query (each round through the service, then each baseline)."
        in report.markdown(result)
    )


def test_the_committed_results_are_their_json_written_out():
    for name in ("100k", "1m", "100k-2026-12-07"):  # the last with the statements alone
        result = json.loads((RESULTS / f"{name}.json").read_text())
        markdown = report.markdown(result)
        assert markdown == (RESULTS / f"{name}.md").read_text()
        assert "`import_issues FOLDER --jobs 2`, files read and reported included: 200" in markdown
        assert ", in rounds of every query" in markdown


@pytest.mark.django_db
def test_the_statement_clock_times_the_sql_of_each_timed_run_and_not_the_python():
    def sleeps(query):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(%s)", [float(query.q)])
        time.sleep(0.05)  # Python's time: not the database's

    clock = StatementClock(sleeps)
    queries = [Query("rare", "0.02"), Query("common", "0.0")]

    timings = by_class(queries, {"service": clock}, 2)

    assert {cls: len(runs) for cls, runs in clock.by_class.items()} == {"rare": 2, "common": 2}
    assert all(20 <= run < 50 for run in clock.by_class["rare"])
    assert all(run < 20 for run in clock.by_class["common"])
    assert timings["service"]["rare"]["p50"] >= 70  # the call's own time, SQL and Python


def test_a_run_that_timed_the_statements_reports_them_against_the_targets():
    result = json.loads((RESULTS / "100k.json").read_text())
    result["service"]["phrase"]["statements"] = {"p50": 15.0, "p95": 24.0}
    result["service"]["rare"]["statements"] = {"p50": 2.33, "p95": 3.0}

    markdown = report.markdown(result)

    assert "| class | service | its statements | statements ÷ service (p50) |" in markdown
    assert "| rare | 4.66 / 5.74 | 2.33 / 3.00 | 50% | yes (≤ 20) |" in markdown
    assert "| phrase | 15.1 / 17.2 | 15.0 / 24.0 | 99% | NO (≤ 20) |" in markdown
    assert "| common |" not in markdown.split("its statements")[1].split("Targets:")[0]
