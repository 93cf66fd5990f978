"""Jobs over the whole archive are not cut short by the statement timeout of requests.

DB_STATEMENT_TIMEOUT_MS (5 s) bounds every statement of the app's connections,
which is right for a page and wrong for a job whose statements read every item:
at 100,000 items recounting the vocabulary took 6 s, so `manage.py rebuild_words`
and the restore that ends with it failed. Each job's statements must run with no
timeout, and the request's timeout must come back after it.
"""

import pytest
from django.core.management import call_command
from django.db import connection

from issues.broad import rebuild_broad_terms
from issues.importing import import_text, rebuild_words
from tests.search_helpers import issue_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def archive():
    import_text(
        issue_text(1, {"Industry": [("Bison herds", "Bison graze the prairie in herds.")]})
    )


def timeouts_of_statements(job) -> list[tuple[str, str]]:
    """(the statement's first words, the statement_timeout it ran under) for each
    statement of the job, read on the same connection just before it runs."""
    seen = []

    def wrapper(execute, sql, params, many, context):
        # The driver's own cursor: a Django cursor would come back to this wrapper.
        with connection.connection.cursor() as raw:
            raw.execute("SHOW statement_timeout")
            seen.append((" ".join(sql.split()[:2]), raw.fetchone()[0]))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        job()
    return seen


def request_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("job", "statements"),
    [
        (rebuild_words, ["DELETE FROM", "INSERT INTO"]),
        (lambda: rebuild_broad_terms(min_items=1), ["SELECT coalesce(max(id),", "DELETE FROM"]),
    ],
    ids=["rebuild_words", "rebuild_broad_terms"],
)
def test_a_recount_of_the_whole_archive_runs_without_the_timeout(job, statements):
    before = request_timeout()

    seen = dict(timeouts_of_statements(job))

    assert before == "5s"
    assert all(seen[statement] == "0" for statement in statements), seen
    assert request_timeout() == before


def test_a_backup_reads_every_table_without_the_timeout(tmp_path):
    seen = timeouts_of_statements(lambda: call_command("export_archive", str(tmp_path)))

    reads = [timeout for statement, timeout in seen if statement.startswith('SELECT "')]
    assert len(reads) == 6  # issues, revisions, sections, items, their tags, all tags
    assert set(reads) == {"0"}
    assert request_timeout() == "5s"
