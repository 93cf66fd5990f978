"""A reader's flows in a real browser: search, open a result, follow a tag, walk issues."""

import re

import pytest

from tests.browser import harness
from tests.browser.samples import import_sample

pytestmark = [pytest.mark.browser, harness.requires_chromium, harness.live]


@pytest.fixture
def site(live_site):
    import_sample()
    return live_site.url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = harness.PageProblems(page)
    yield page
    context.close()
    assert page.problems.messages == []


def test_search_from_home_open_a_result_and_follow_a_tag(site, page):
    from playwright.sync_api import expect

    page.goto(site + "/")
    page.get_by_label("Search the archive").fill("quokka")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/search/\?q=quokka$"))
    results = page.locator(".search-result__title a")
    expect(results).to_have_count(3)
    title = results.first.inner_text()
    results.first.click()

    page.wait_for_url(re.compile(r"/items/\d+/$"))
    expect(page.locator("h1")).to_have_text(title)
    tag = page.locator(".facts .tag").first
    tag_name = tag.inner_text()
    tag.click()

    page.wait_for_url(re.compile(r"/tags/[a-z-]+/$"))
    expect(page.locator("h1")).to_have_text(tag_name)
    expect(page.locator(".item-row__title a", has_text=title)).to_have_count(1)
    harness.screenshot(page, "flow-tag-page-1280")


def test_walk_previous_and_next_issues(site, page):
    from playwright.sync_api import expect

    page.goto(site + "/issues/103/")
    for number in (102, 101):
        page.locator("a[rel=prev]").click()
        page.wait_for_url(f"**/issues/{number}/")
        expect(page.locator("h1")).to_have_text(f"Deep Learning Weekly Issue #{number}")
    expect(page.locator("a[rel=prev]")).to_have_count(0)
    for number in (102, 103):
        page.locator("a[rel=next]").click()
        page.wait_for_url(f"**/issues/{number}/")
    expect(page.locator("a[rel=next]")).to_have_count(0)


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {id: el.id, text: el.textContent.trim(), tag: el.tagName,
                    cls: el.className, outline: getComputedStyle(el).outlineStyle};
        }"""
    )


def test_keyboard_only_skip_link_slash_to_search_and_tab_to_a_result(site, page):
    from playwright.sync_api import expect

    page.goto(site + "/issues/101/")
    expect(page.get_by_text("to search.")).to_be_visible()
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["text"] == "Skip to content"
    assert skip["outline"] != "none"  # focus is visible
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    page.keyboard.press("/")
    assert focused(page)["id"] == "site-search"
    page.keyboard.type("wombat")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=wombat$"))

    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.search-result__title a')"):
            break
    else:
        pytest.fail("Tab never reached a search result")
    title = focused(page)["text"]
    assert focused(page)["outline"] != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/items/\d+/$"))
    expect(page.locator("h1")).to_have_text(title)


def test_typing_offers_suggestions_that_open_an_item(site, page):
    from playwright.sync_api import expect

    page.goto(site + "/")
    search = page.locator("#home-search")
    search.press_sequentially("quokka", delay=20)

    options = page.locator("#home-search-suggestions [role=option]")
    expect(options.first).to_be_visible()
    expect(search).to_have_attribute("aria-expanded", "true")
    first = options.first.get_attribute("data-url")
    search.press("ArrowDown")
    expect(search).to_have_attribute("aria-activedescendant", "home-search-suggestions-0")
    search.press("Enter")

    page.wait_for_url(f"**{first}")
    expect(page.locator("h1")).to_contain_text("uokka")


def test_the_site_works_with_javascript_off(site, browser):
    from playwright.sync_api import expect

    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 800}
    )
    page = context.new_page()
    try:
        page.goto(site + "/")
        expect(page.get_by_text("to search.")).to_be_hidden()  # the "/" shortcut needs JS
        page.get_by_label("Search the archive").fill("wombat")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url(re.compile(r"/search/\?q=wombat$"))
        expect(page.locator(".search-result__title a")).to_have_count(2)
        page.locator(".search-result__title a").first.click()
        page.wait_for_url(re.compile(r"/items/\d+/$"))
    finally:
        context.close()
