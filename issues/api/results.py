"""What the item list adds to a page of results: facet counts and a did-you-mean.

Both come from issues/search.py, the search page's own helpers; this module only
shapes them as JSON (and says so in the schema).
"""

from issues import search
from issues.api.pagination import PageNumberPagination

FACET_GROUPS = ("sections", "kinds", "tags", "years", "issue_ranges")


def facets_json(request, found: search.Facets) -> dict:
    """Each facet with the filter parameters it stands for and a link that applies them.

    As on the search page, the link removes the facet's filter when it is already on.
    """
    current = request.query_params
    here = request.build_absolute_uri(request.path)
    return {
        group: [
            {
                "label": facet.label,
                "count": facet.count,
                "params": dict(facet.params),
                "active": search.facet_active(facet, current),
                "url": here + search.facet_toggle(facet, current),
            }
            for facet in getattr(found, group)
        ]
        for group in FACET_GROUPS
    }


def suggestion_json(request, filters, found: int) -> dict | None:
    """A respelled query when `q` finds few items, as the search page offers it."""
    q = filters.query_text
    if not q or found >= search.FEW_RESULTS or (not found and not search.has_terms(q)):
        return None
    better = search.did_you_mean(q, found, filters.filtered)
    if better is None:
        return None
    params = request.query_params.copy()
    params.pop("page", None)
    params["q"] = better.query
    url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return {"q": better.query, "count": better.count, "url": url}


FACET_SCHEMA = {
    "type": "object",
    "properties": {
        "label": {"type": "string"},
        "count": {"type": "integer"},
        "params": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": 'The item-list parameters this facet sets, e.g. {"section": '
            '"learning"} or {"issue_min": "100", "issue_max": "149"}.',
        },
        "active": {"type": "boolean", "description": "Whether the request has this filter."},
        "url": {
            "type": "string",
            "format": "uri",
            "description": "This list with the facet's filter added (removed when active).",
        },
    },
    "required": ["label", "count", "params", "active", "url"],
}


class ItemPagination(PageNumberPagination):
    """Pages of the item list, with facets and a suggestion in the schema."""

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["facets"] = {
            "type": "object",
            "nullable": True,
            "description": "Counts of the matching items by section, kind, tag (the top "
            f"{search.TOP_TAGS}) and year, or issue range where no matching issue has a "
            "date; null when neither q nor a filter is given.",
            "properties": {
                group: {"type": "array", "items": FACET_SCHEMA} for group in FACET_GROUPS
            },
            "required": list(FACET_GROUPS),
        }
        response["properties"]["suggestion"] = {
            "type": "object",
            "nullable": True,
            "description": "A respelled query that finds more items, when q finds few.",
            "properties": {
                "q": {"type": "string"},
                "count": {"type": "integer"},
                "url": {"type": "string", "format": "uri"},
            },
            "required": ["q", "count", "url"],
        }
        response["required"] = [*response["required"], "facets", "suggestion"]
        return response
