from django import template

from issues.search import snippet_html

register = template.Library()


@register.filter
def snippet(raw: str):
    """A ts_headline result as HTML: escaped text, matches in <mark>."""
    return snippet_html(raw)
