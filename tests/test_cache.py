"""issues.cache: a version that every import and admin edit bumps, and what it keeps."""

import socket
import uuid

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from issues import cache as archive_cache
from issues.importing import import_text, retag
from issues.models import Tag
from tests.search_helpers import issue_text


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def caching(settings, db):
    """The cache as it runs: local memory, the version in PostgreSQL."""
    settings.CACHE_PAGES = True


@pytest.fixture
def redis_like(monkeypatch):
    """Local memory standing in for Redis: the version kept in the cache (a real
    Redis is used further down)."""
    monkeypatch.setattr(archive_cache, "in_redis", lambda: True)


@pytest.mark.django_db
@pytest.mark.parametrize("store", ["postgresql", "redis"])
def test_a_bump_moves_the_version_now_and_again_on_commit(
    store, monkeypatch, django_capture_on_commit_callbacks
):
    if store == "redis":
        monkeypatch.setattr(archive_cache, "in_redis", lambda: True)
    before = archive_cache.version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        archive_cache.bump_version()
        # At once, so the rest of this transaction reads fresh; again at commit,
        # in case another request cached the old rows under the new version meanwhile.
        assert archive_cache.version() == before + 1
    assert len(callbacks) == 1
    assert archive_cache.version() == before + 2


def test_a_redis_version_starts_at_one_and_a_bump_without_one_sets_one(redis_like):
    assert archive_cache.version() == 1
    cache.delete(archive_cache.VERSION_KEY)
    archive_cache.bump_version()
    assert archive_cache.version() == 2


@pytest.mark.django_db(transaction=True)
def test_the_postgresql_version_is_one_number_for_every_connection():
    from django.db import connections

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT last_value + is_called::int FROM archive_version")
            before = cursor.fetchone()[0]
            assert archive_cache.version() == before
            archive_cache.bump_version()  # outside a transaction: once
            cursor.execute("SELECT last_value + is_called::int FROM archive_version")
            assert cursor.fetchone()[0] == before + 1
    finally:
        other.close()


def test_with_caching_off_pages_and_counts_are_computed_every_time():
    calls = []
    for _ in range(2):
        archive_cache.cached("facets", ("q",), lambda: calls.append(1))
    assert len(calls) == 2
    view, view_calls = _view()
    view(_get())
    view(_get())
    assert len(view_calls) == 2


def test_cached_computes_once_per_version_and_part(caching):
    calls = []

    def compute():
        calls.append(1)
        return {"answer": len(calls)}

    assert archive_cache.cached("thing", ("a", 1), compute) == {"answer": 1}
    assert archive_cache.cached("thing", ("a", 1), compute) == {"answer": 1}
    assert archive_cache.cached("thing", ("a", 2), compute) == {"answer": 2}
    archive_cache.bump_version()
    assert archive_cache.cached("thing", ("a", 1), compute) == {"answer": 3}
    assert len(calls) == 3


def test_keys_hash_any_text(redis_like):
    key = archive_cache.key("page", "/search/?q=" + "é\ud800" * 500)
    assert key.startswith("page:1:") and len(key) == len("page:1:") + 32
    assert archive_cache.key("page", "a") != archive_cache.key("page", "b")


@pytest.mark.django_db
def test_import_text_bumps_the_version_when_it_writes():
    text = issue_text(400, {"Industry": [("Cached title", "Cached blurb.")]})
    before = archive_cache.version()
    import_text(text)
    assert archive_cache.version() == before + 1
    import_text(text)  # unchanged: nothing written, nothing to forget
    import_text(text.replace("Cached blurb", "Changed blurb"), dry_run=True, update=True)
    assert archive_cache.version() == before + 1
    import_text(text.replace("Cached blurb", "Changed blurb"), update=True)
    assert archive_cache.version() == before + 2


@pytest.mark.django_db
def test_retag_bumps_only_when_tags_change():
    import_text(issue_text(401, {"Industry": [("A GPU story", "About chips.")]}))
    before = archive_cache.version()
    assert retag() == (0, 0)
    assert archive_cache.version() == before
    Tag.objects.filter(slug="hardware-chips").update(match_terms="quantum")
    assert retag() == (0, 1)
    assert archive_cache.version() == before + 1


def _view(body="page", status=200, cookie=False):
    calls = []

    def view(request):
        calls.append(request.path)
        response = HttpResponse(f"{body} {len(calls)}", status=status)
        if cookie:
            response.set_cookie("seen", "1")
        return response

    return archive_cache.anonymous_page(view), calls


def _get(path="/issues/", user=None):
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    return request


def test_anonymous_pages_are_served_from_the_cache_until_a_bump(caching):
    view, calls = _view()
    assert view(_get()).content == b"page 1"
    assert view(_get()).content == b"page 1"
    assert view(_get("/issues/?page=2")).content == b"page 2"
    archive_cache.bump_version()
    assert view(_get()).content == b"page 3"
    assert len(calls) == 3


@pytest.mark.django_db
def test_staff_posts_errors_and_cookies_are_never_cached(caching):
    view, calls = _view()
    staff = User(username="editor", is_staff=True)
    assert view(_get(user=staff)).content == b"page 1"
    assert view(_get(user=staff)).content == b"page 2"
    post = RequestFactory().post("/issues/")
    post.user = AnonymousUser()
    view(post)
    view(post)
    assert len(calls) == 4
    missing, missing_calls = _view(status=404)
    missing(_get())
    missing(_get())
    assert len(missing_calls) == 2
    cookies, cookie_calls = _view(cookie=True)
    cookies(_get())
    cookies(_get())
    assert len(cookie_calls) == 2
    form, form_calls = _view()
    for _ in range(2):
        request = _get()
        get_token(request)  # the page renders a CSRF token
        form(request)
    assert len(form_calls) == 2


class TagAdmin(archive_cache.BumpsVersionAdmin, admin.ModelAdmin):
    pass


@pytest.mark.django_db
def test_admin_saves_deletes_and_actions_bump_the_version(rf):
    model_admin = TagAdmin(Tag, admin.site)
    request = rf.post("/")
    tag = Tag(name="Cache test", slug="cache-test")
    before = archive_cache.version()
    model_admin.save_model(request, tag, form=None, change=False)
    assert archive_cache.version() == before + 1
    model_admin.delete_queryset(request, Tag.objects.filter(pk=tag.pk))
    assert archive_cache.version() == before + 2
    tag = Tag.objects.create(name="Again", slug="again")
    model_admin.delete_model(request, tag)
    assert archive_cache.version() == before + 3
    assert not Tag.objects.filter(slug__in=["cache-test", "again"]).exists()


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis at 127.0.0.1:6379")
def test_with_redis_a_bump_in_one_process_is_seen_by_every_other(monkeypatch, settings):
    settings.CACHE_PAGES = True
    prefix = f"test-{uuid.uuid4().hex}"
    options = {"KEY_PREFIX": prefix, "TIMEOUT": 60}
    # Two clients of one Redis stand for two app servers.
    here = RedisCache("redis://127.0.0.1:6379/15", options)
    there = RedisCache("redis://127.0.0.1:6379/15", options)
    monkeypatch.setattr(archive_cache, "cache", here)
    assert archive_cache.in_redis()
    try:
        assert archive_cache.cached("facets", ("q",), lambda: "old") == "old"
        monkeypatch.setattr(archive_cache, "cache", there)
        assert archive_cache.cached("facets", ("q",), lambda: "new") == "old"
        archive_cache.bump_version()
        monkeypatch.setattr(archive_cache, "cache", here)
        assert archive_cache.cached("facets", ("q",), lambda: "new") == "new"
    finally:
        here.delete_many([archive_cache.VERSION_KEY, archive_cache.key("facets", "q")])


@pytest.mark.django_db
def test_anonymous_browse_pages_are_cached_and_an_import_shows_at_once(
    caching, client, django_assert_num_queries
):
    import_text(issue_text(402, {"Industry": [("First cached item", "Blurb.")]}))
    first = client.get("/issues/402/")
    assert b"First cached item" in first.content
    with django_assert_num_queries(1):  # the archive version
        again = client.get("/issues/402/")
    assert again.content == first.content
    assert again["Content-Security-Policy"]  # middleware headers come on every response
    import_text(issue_text(402, {"Industry": [("Replaced item", "Blurb.")]}), update=True)
    assert b"Replaced item" in client.get("/issues/402/").content


@pytest.mark.django_db
def test_facet_counts_and_suggestions_are_cached_until_an_import(
    caching, django_assert_num_queries
):
    from issues import search
    from issues.models import Item

    import_text(issue_text(403, {"Industry": [("Walrus one", "Walrus."), ("Walrus two", "W.")]}))
    assert search.facets(Item.objects.search("walrus"), rows=(1, 20)).total == 2
    assert len(search.suggest("walr")) == 2
    with django_assert_num_queries(2):  # the archive version, for each
        found = search.facets(Item.objects.search("walrus"), rows=(1, 20))
        suggested = search.suggest("walr")
    assert found.total == 2 and len(suggested) == 2
    import_text(issue_text(404, {"Industry": [("Walrus three", "Walrus.")]}))
    assert search.facets(Item.objects.search("walrus"), rows=(1, 20)).total == 3
    assert len(search.suggest("walr")) == 3


@pytest.mark.django_db
def test_an_admin_edit_shows_on_the_cached_public_page_at_once(caching, staff_client):
    from django.test import Client
    from django.urls import reverse

    from tests.admin_support import form_data

    reader = Client()  # staff_client is pytest-django's client, logged in
    issue = import_text(issue_text(405, {"Industry": [("Old title", "Blurb.")]})).issue
    item = issue.items.get()
    assert b"Old title" in reader.get("/issues/405/").content
    cached = archive_cache.key("page", "/issues/405/")
    assert cache.get(cached) is not None
    change = reverse("admin:issues_item_change", args=[item.pk])
    data = form_data(staff_client.get(change)) | {"title": "New title"}
    assert staff_client.post(change, data).status_code == 302
    page = reader.get("/issues/405/").content
    assert b"New title" in page and b"Old title" not in page
    # A bulk action bumps too.
    before = archive_cache.version()
    changelist = reverse("admin:issues_item_changelist")
    staff_client.post(changelist, {"action": "mark_sponsored", "_selected_action": [item.pk]})
    assert archive_cache.version() > before
