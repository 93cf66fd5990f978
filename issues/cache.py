"""The archive's cache: anonymous browse pages, facet counts and suggestion look-ups.

Django's cache backend is Redis when REDIS_URL is set (shared by every worker and
app server) and local memory otherwise, one per process (see settings). Every
key carries the archive version: `bump_version()` makes everything cached
before it unreachable at once, so an import or an admin edit never leaves a
stale page, count or suggestion behind. It is called explicitly where the
archive changes (import_text, retag, the admin's save and delete hooks and
actions, a restore), not from signals; old entries simply expire.

The version must be one number for every process, or an import in one would
leave the others' copies stale: with Redis it is kept in Redis (VERSION_KEY);
with local memory, in a PostgreSQL sequence (migration 0009), which every
process reads (one small query per cached look-up). CACHE_PAGES=0 turns the
caching off (the test suite does, but for the tests of this module).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.utils.connection import ConnectionProxy

VERSION_KEY = "archive-version"
TIMEOUT = 3600


def in_redis() -> bool:
    """Whether the cache is one store for every process (Redis), not local memory."""
    backend = caches["default"] if isinstance(cache, ConnectionProxy) else cache
    return isinstance(backend, RedisCache)


def enabled() -> bool:
    return settings.CACHE_PAGES


def version() -> int:
    if not in_redis():
        with connection.cursor() as cursor:
            # A new sequence has last_value 1 and is_called false; each nextval adds one.
            cursor.execute("SELECT last_value + is_called::int FROM archive_version")
            return cursor.fetchone()[0]
    current = cache.get(VERSION_KEY)
    if current is None:
        # add() keeps a version another process set in the meantime.
        cache.add(VERSION_KEY, 1, timeout=None)
        current = cache.get(VERSION_KEY, 1)
    return current


def bump_version() -> None:
    """Make every cached answer stale: now, and again when the transaction commits.

    Now, so the rest of the transaction (and a test) reads fresh answers; at the
    commit too, in case another request cached the old rows under the new
    version in between. (Neither Redis nor a sequence takes part in the
    transaction: the first bump is seen at once.)
    """
    _bump()
    if connection.in_atomic_block:
        transaction.on_commit(_bump)


def _bump() -> None:
    if not in_redis():
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval('archive_version')")
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or it was evicted): any new number will do
        cache.add(VERSION_KEY, 2, timeout=None)


def key(kind: str, *parts) -> str:
    """A key for `kind` at the current version; the parts are hashed (any length, any text)."""
    digest = hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{kind}:{version()}:{digest}"


def cached(kind: str, parts, compute, timeout: int = TIMEOUT):
    """compute() once per archive version for these parts (a tuple, or a function
    giving one, for parts that cost something to make).
    """
    if not enabled():
        return compute()
    name = key(kind, *(parts() if callable(parts) else parts))
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, timeout)
    return value


def anonymous_page(view):
    """Serve a GET view's rendered page from the cache to visitors who are not logged in.

    The response is kept before the middleware adds its headers (those are added
    again on every request). Responses that are not 200, set cookies or carry a
    CSRF token are never kept.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated or not enabled():
            return view(request, *args, **kwargs)
        name = key("page", request.get_full_path())
        response = cache.get(name)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            # A page that used a CSRF token holds one visitor's token: never shared.
            private = response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            if response.status_code == 200 and not private and not response.streaming:
                cache.set(name, response, TIMEOUT)
        return response

    return wrapper


class BumpsVersionAdmin:
    """A ModelAdmin mixin: every save, delete and bulk action in the admin bumps the version."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        bump_version()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        bump_version()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        bump_version()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        bump_version()

    def response_action(self, request, queryset):
        response = super().response_action(request, queryset)
        bump_version()
        return response
