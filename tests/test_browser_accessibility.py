"""axe-core finds no serious or critical problems on the reader's pages, light or dark,
phone or desktop; a screenshot of each page at each width goes to test-artifacts/."""

import pytest

from issues.models import Item
from tests.browser import harness
from tests.browser.samples import import_sample

pytestmark = [pytest.mark.browser, harness.requires_chromium, harness.live]


@pytest.fixture
def pages(live_site):
    import_sample()
    item = Item.objects.get(title="Robots learn to walk with reinforcement learning")
    return {
        "home": live_site.url + "/",
        "issue": live_site.url + "/issues/102/",
        "item": live_site.url + item.get_absolute_url(),
        "tag": live_site.url + "/tags/transformers/",
        "search": live_site.url + "/search/?q=transformer",
        "issues": live_site.url + "/issues/",
        "not-found": live_site.url + "/issues/999/",
    }


@pytest.mark.parametrize(
    ("width", "scheme"),
    # Colours are what a scheme changes, so dark is checked at one width.
    [("phone", "light"), ("desktop", "light"), ("desktop", "dark")],
)
def test_pages_have_no_serious_accessibility_problems(browser, pages, width, scheme):
    # axe is injected as a script, which the page's Content-Security-Policy would refuse.
    context = browser.new_context(
        viewport={"width": harness.WIDTHS[width], "height": 900},
        color_scheme=scheme,
        bypass_csp=True,
    )
    page = context.new_page()
    problems = {}
    try:
        for name, url in pages.items():
            page.goto(url)
            found = harness.axe_violations(page)
            if found:
                problems[name] = found
            if scheme == "light":
                harness.screenshot(page, f"{name}-{harness.WIDTHS[width]}")
    finally:
        context.close()

    assert problems == {}


def test_nothing_overflows_a_phone_screen(browser, pages):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    wide = {}
    try:
        for name, url in pages.items():
            page.goto(url)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > 390:
                wide[name] = width
    finally:
        context.close()

    assert wide == {}
