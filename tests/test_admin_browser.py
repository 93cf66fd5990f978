"""The staff admin in a real browser: no console errors (CSP included) on the pages
staff use most, and the import flow driven through its form."""

import re

import pytest
from django.test import Client

from issues.importing import import_text
from issues.models import Issue
from tests.admin_support import issue_text, superuser
from tests.browser import harness

pytestmark = [pytest.mark.browser, harness.requires_chromium, harness.live]


@pytest.fixture
def site(live_site):
    import_text(issue_text(7))
    return live_site.url


@pytest.fixture
def page(browser, site):
    client = Client()
    client.force_login(superuser())
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": site}])
    page = context.new_page()
    page.problems = harness.PageProblems(page)
    yield page
    context.close()
    assert page.problems.messages == []


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("index", ""),
        ("issue-list", "issues/issue/"),
        ("item-search", "issues/item/?q=robots"),
        ("tag-list", "issues/tag/"),
    ],
)
def test_admin_pages_load_without_console_errors(site, page, name, path):
    page.goto(f"{site}/admin/{path}")

    assert page.locator("#content").count() == 1
    harness.screenshot(page, f"admin-{name}")


def test_the_item_list_shows_each_items_tags(site, page):
    page.goto(f"{site}/admin/issues/item/?q=robot")

    assert page.locator("td.field-tag_names").all_inner_texts() == ["Robotics"]


def test_the_issue_page_shows_its_rows_in_text_order(site, page):
    issue = Issue.objects.get()

    page.goto(f"{site}/admin/issues/issue/{issue.pk}/change/")

    titles = page.locator("#items-group td.field-title textarea").evaluate_all(
        "nodes => nodes.map(node => node.value)"
    )
    assert titles[:3] == ["A robot that reads manuals", "Faster inference for everyone", ""]
    harness.screenshot(page, "admin-issue-change")


def test_upload_preview_and_confirm_in_the_browser(site, page, tmp_path):
    good, bad = tmp_path / "issue-8.txt", tmp_path / "notes.txt"
    good.write_text(issue_text(8))
    bad.write_text("Shopping list")

    page.goto(f"{site}/admin/issues/issue/")
    page.get_by_role("link", name="Import text files").click()
    page.locator("input[type=file]").set_input_files([str(good), str(bad)])
    page.get_by_role("button", name="Preview").click()

    page.wait_for_url(re.compile(r"/import/$"))
    assert "no title line" in page.locator(".errorlist").inner_text()
    harness.screenshot(page, "admin-import-preview")
    page.get_by_role("button", name="Store 1 file").click()

    page.wait_for_url(re.compile(r"/admin/issues/issue/$"))
    assert page.locator(".messagelist").inner_text() == "The file issue-8.txt: issue #8 created."
    assert sorted(Issue.objects.values_list("number", flat=True)) == [7, 8]
