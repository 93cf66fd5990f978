"""reverse() for the pages of one item, issue or tag, at a fraction of its cost.

A page of search results links about ninety objects (its items, their issues,
their tags), an issue page more, and reverse() walks the URL patterns for each:
30-60 µs a call on this project's machines, 3-6 ms a page. The path of a view
whose one argument is an int or a slug is the same text around that argument,
so it is reversed once per view and script prefix, and the argument is put in
its place. Such an argument is never quoted, so the paths are reverse()'s own.
"""

import functools
import re

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# Stand-ins for the argument: the first passes the int and the slug
# converters, the second only the slug one; neither occurs in a route.
_MARKS = {int: "7357735773577357", str: "qzxjqzxjqzxjqzxj"}
# The slug converter's characters, which reverse() never quotes.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")


@functools.lru_cache(maxsize=64)
def _around(viewname: str, prefix: str, kind: type, urlconf: str) -> tuple[str, str] | None:
    """The text before and after the argument in the view's path, or None."""
    try:
        path = reverse(viewname, urlconf=urlconf, args=[_MARKS[kind]])
        before, *after = path.split(_MARKS[kind])
    except NoReverseMatch:
        return None
    return (before, after[0]) if len(after) == 1 else None


def parts_around(viewname: str, kind: type = int) -> tuple[str, str] | None:
    """The view's path before and after its one argument (an int or a slug), or
    None for a view without one. For lists of thousands of links (a sitemap, an
    API page), which look it up once: path_to() does for each link."""
    # Keyed by what reverse() reads besides its arguments: the script prefix and
    # the URLconf (a request's own, or the settings').
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _around(viewname, get_script_prefix(), kind, urlconf)


def path_to(viewname: str, arg: int | str) -> str:
    """reverse(viewname, args=[arg]) for a view of one int or slug argument."""
    kind = int if isinstance(arg, int) and not isinstance(arg, bool) else str
    text = str(arg)
    plain = arg >= 0 if kind is int else _SLUG.match(text)
    around = parts_around(viewname, kind) if plain else None
    if around is None:  # anything else takes reverse()'s own way, and its errors
        return reverse(viewname, args=[arg])
    return around[0] + text + around[1]
