"""OpenAPI declarations drf-spectacular cannot infer: the item filters and the error bodies.

The filter parameters are built from ItemFilter's own choices and limits, so
the schema and the validation cannot drift apart.
"""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from issues.filters import MAX_ISSUE_NUMBER, MAX_TAGS, SORT_CHOICES, SPONSORED_CHOICES
from issues.models import MAX_QUERY_LENGTH, Kind, SectionName


def _choices(choices) -> list[str]:
    return [value for value, _ in choices]


ISSUE_NUMBER = {"type": "integer", "minimum": 1, "maximum": MAX_ISSUE_NUMBER}

ITEM_FILTERS = [
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": MAX_QUERY_LENGTH},
        description='Words to find (web-search syntax: "a phrase", or, -exclude). '
        "Adds `rank` and a highlighted `snippet` to each result.",
    ),
    OpenApiParameter(
        "tag",
        {"type": "array", "items": {"type": "string"}, "maxItems": MAX_TAGS},
        description=f"A tag slug; repeat for items carrying all of them (at most {MAX_TAGS}).",
        style="form",
        explode=True,
    ),
    OpenApiParameter(
        "section",
        {"type": "string", "enum": [name.slug for name in SectionName]},
        description="A section slug.",
    ),
    OpenApiParameter("kind", {"type": "string", "enum": Kind.values}),
    OpenApiParameter("sponsored", {"type": "string", "enum": _choices(SPONSORED_CHOICES)}),
    OpenApiParameter("issue_min", ISSUE_NUMBER, description="The first issue number."),
    OpenApiParameter("issue_max", ISSUE_NUMBER, description="The last issue number."),
    OpenApiParameter(
        "published_after",
        {"type": "string", "format": "date"},
        description="Issues published on or after this day (YYYY-MM-DD).",
    ),
    OpenApiParameter(
        "published_before",
        {"type": "string", "format": "date"},
        description="Issues published on or before this day (YYYY-MM-DD).",
    ),
    OpenApiParameter(
        "sort",
        {"type": "string", "enum": _choices(SORT_CHOICES)},
        description="relevance (the default with q), newest (the default without q) or oldest.",
    ),
]

ERROR = inline_serializer("Error", {"detail": serializers.CharField()})
INVALID = inline_serializer(
    "InvalidParameters",
    {
        "detail": serializers.CharField(),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="The messages for each invalid parameter, by its name.",
        ),
    },
)
THROTTLED = OpenApiResponse(ERROR, "Too many anonymous requests; see Retry-After.")


def list_responses(serializer) -> dict:
    return {
        200: serializer,
        400: OpenApiResponse(INVALID, "An invalid parameter, named in `errors`."),
        404: OpenApiResponse(ERROR, "A page past the last one."),
        429: THROTTLED,
    }


def detail_responses(serializer) -> dict:
    return {200: serializer, 404: OpenApiResponse(ERROR, "No such object."), 429: THROTTLED}


def allow_empty_query_values(result, generator, request, public):
    """Declare what the forms do: an empty query value (`?kind=`) means "not given".

    A spectacular postprocessing hook, for every optional query parameter of a GET.
    """
    for operations in result.get("paths", {}).values():
        for parameter in operations.get("get", {}).get("parameters", []):
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
    return result
