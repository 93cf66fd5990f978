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

    timings = by_class(queries, lambda query: calls.append(query.q), 2, classes={"rare", "common"})

    assert calls == ["a", "b", "c", "a", "b", "c", "a", "b", "c"]
    assert {cls: timing["n"] for cls, timing in timings.items()} == {"rare": 4, "common": 2}


def test_the_committed_results_are_their_json_written_out():
    for name in ("100k", "1m"):
        result = json.loads((RESULTS / f"{name}.json").read_text())
        markdown = report.markdown(result)
        assert markdown == (RESULTS / f"{name}.md").read_text()
        assert "`import_issues FOLDER --jobs 2`, files read and reported included: 200" in markdown
        assert ", in rounds of every query." in markdown
