from urllib.parse import urlsplit

from django import template
from django.utils.http import urlencode

register = template.Library()

# Query parameters that change what a page shows; everything else stays out of
# its canonical address.
MAX_PARAMETER_LENGTH = 200
CANONICAL_PARAMETERS = {"issues:search": ("q",), "issues:issue-list": ("q", "year", "tag")}


@register.filter
def link_out(url: str) -> str:
    """The url if it is a web address a reader can follow, else "" (no javascript: links)."""
    try:
        scheme = urlsplit(url or "").scheme.lower()
    except ValueError:
        return ""
    return url if scheme in {"http", "https"} else ""


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    request = context.get("request")
    if request is None:
        return ""
    match = request.resolver_match
    names = CANONICAL_PARAMETERS.get(match.view_name if match else "", ())
    params = [
        (name, request.GET[name])
        for name in names
        if request.GET.get(name) and len(request.GET[name]) <= MAX_PARAMETER_LENGTH
    ]
    page = context.get("page")
    if page is not None and getattr(page, "number", 1) > 1:
        params.append(("page", page.number))
    query = "?" + urlencode(params) if params else ""
    return request.build_absolute_uri(request.path) + query


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@register.filter
def domain(url: str) -> str:
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")
