"""The benchmark's own logic (bench/): how queries are timed and how results are written."""

import json
from dataclasses import dataclass
from pathlib import Path

from bench import report
from bench.run import by_class

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
    for name in ("100k", "1m"):
        result = json.loads((RESULTS / f"{name}.json").read_text())
        markdown = report.markdown(result)
        assert markdown == (RESULTS / f"{name}.md").read_text()
        assert "`import_issues FOLDER --jobs 2`, files read and reported included: 200" in markdown
        assert ", in rounds of every query" in markdown
