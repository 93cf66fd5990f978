"""Shared pieces of the browser tests: Debian's Chromium, axe-core, screenshots.

Playwright drives the system Chromium (never a downloaded browser) against
pytest-django's live server.
"""

import importlib
import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WIDTHS = {"phone": 390, "desktop": 1280}

requires_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)",
)

# The live server runs in another thread, so its tests commit; the flush after
# each one also empties the migrations' data (see restore_migration_data).
# serialized_rollback is no help: after another transactional test's flush,
# restoring the content types it serialized collides with the recreated ones.
live = pytest.mark.django_db(transaction=True)


def restore_migration_data() -> None:
    """Put back the tag vocabulary migration 0002 created (idempotent)."""
    from django.apps import apps

    vocabulary = importlib.import_module("issues.migrations.0002_tag_vocabulary")
    vocabulary.add_vocabulary(apps, None)


def launch():
    """Yield a headless Chromium; for a module- or session-scoped fixture."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, which Django's ORM
    # would otherwise refuse to share with the test's own queries.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def serve_plain_static(settings) -> None:
    """Let the live server's static handler find files under their own names.

    It serves from the finders, which know no hashed manifest names; whitenoise
    serving the hashed, compressed files is tested without a browser.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


class PageProblems:
    """Console errors (a CSP violation is one) and failed requests of a page."""

    def __init__(self, page):
        self.messages: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.messages.append(f"page error: {error}"))
        page.on("response", self._response)

    def _console(self, message):
        if message.type == "error":
            self.messages.append(f"console: {message.text}")

    def _response(self, response):
        if response.status >= 400:
            self.messages.append(f"{response.status} {response.url}")


def axe_violations(page) -> list[str]:
    """Serious and critical axe-core violations on the page, one line each."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{violation['impact']}: {violation['id']} ({violation['help']}) at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in result
        if violation["impact"] in {"serious", "critical"}
    ]


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
