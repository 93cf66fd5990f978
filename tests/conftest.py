from pathlib import Path

import pytest

from tests.admin_support import superuser

SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
SAMPLE_ISSUES_DIR = Path(__file__).resolve().parent.parent / "issues" / "sample_issues"


def seed_files() -> list[Path]:
    return sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []


requires_seeds = pytest.mark.skipif(
    not seed_files(), reason=f"the shared seed issues are not at {SEEDS_DIR}"
)


def seed_path(number: int) -> Path:
    """The seed file of an issue number, found by its title line."""
    for path in seed_files():
        if f"#{number}" in path.read_text(encoding="utf-8").splitlines()[0]:
            return path
    pytest.skip(f"seed issue #{number} is not in {SEEDS_DIR}")


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Pinned query counts and data changed behind the importer's back assume no
    cache; tests/test_cache.py turns it on where it tests it."""
    settings.CACHE_PAGES = False


@pytest.fixture
def no_throttle(settings):
    """For API tests that make more requests than the anonymous rate allows (not the
    throttling tests, which set their own rates)."""
    settings.API_ANON_RATE = "none"


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module (tests/browser/)."""
    from tests.browser import harness

    yield from harness.launch()


@pytest.fixture
def live_site(live_server, settings):
    """pytest-django's live server with its static files and the migrations' data."""
    from tests.browser import harness

    harness.serve_plain_static(settings)
    harness.restore_migration_data()
    return live_server


@pytest.fixture
def staff_client(client, db):
    """A client logged in as a superuser (pytest-django's admin_client hashes a password)."""
    client.force_login(superuser())
    return client
