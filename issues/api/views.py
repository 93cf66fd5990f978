"""The JSON API: read-only lists and details for everyone, an import for token holders.

Every list is paginated (pagination.py) in an order that ends with a unique
column, and every successful GET carries an ETag and Last-Modified
(conditional.py). Errors are JSON with a `detail` message (errors.py).
"""

from django.conf import settings
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.http import urlencode
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    parser_classes,
    permission_classes,
)
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from issues import search
from issues.api import serializers as api
from issues.api.conditional import ConditionalGetMixin, archive_changed_at
from issues.api.pagination import PageNumberPagination
from issues.api.parsers import PlainTextParser
from issues.api.results import ItemPagination, facets_json, suggestion_json
from issues.api.schema import ERROR, ITEM_FILTERS, detail_responses, list_responses
from issues.filters import ItemFilter
from issues.importing import ImportRefused, IssueExists, Outcome, import_text
from issues.models import Issue, Item, Section, SectionName, Tag
from issues.paging import LateRows
from issues.parsing import ParseError, decode


class ListView(ConditionalGetMixin, generics.ListAPIView):
    pagination_class = PageNumberPagination

    def list(self, request, *args, **kwargs):
        self.changed_at = archive_changed_at()
        return super().list(request, *args, **kwargs)


@extend_schema(responses=list_responses(api.IssueSummarySerializer))
class IssueList(ListView):
    """Every issue, newest first."""

    serializer_class = api.IssueSummarySerializer
    queryset = (
        Issue.objects.with_item_count()
        .only("number", "title", "subtitle", "published_on")
        .order_by("-number")
    )


@extend_schema(responses=detail_responses(api.IssueDetailSerializer))
class IssueDetail(ConditionalGetMixin, generics.RetrieveAPIView):
    """One issue with its sections and items in reading order."""

    serializer_class = api.IssueDetailSerializer
    lookup_field = "number"

    def get_queryset(self):
        items = Item.objects.order_by("position").for_lists()
        sections = Section.objects.order_by("position").prefetch_related(
            Prefetch("items", queryset=items)
        )
        return Issue.objects.defer("source_text").prefetch_related(
            Prefetch("sections", queryset=sections)
        )

    def get_object(self):
        issue = super().get_object()
        stamps = [item.updated_at for s in issue.sections.all() for item in s.items.all()]
        self.changed_at = max([issue.updated_at, *stamps])
        return issue


@extend_schema(parameters=ITEM_FILTERS, responses=list_responses(api.ItemResultSerializer))
class ItemList(ListView):
    """Items matching `q` and the search page's filters, in the chosen sort.

    With `q`, each result has a rank and a highlighted snippet. The page also
    carries facet counts and, when `q` finds few items, a respelled query.
    """

    serializer_class = api.ItemResultSerializer
    pagination_class = ItemPagination

    def list(self, request, *args, **kwargs):
        self.changed_at = archive_changed_at()
        filters = ItemFilter(request.query_params, Item.objects.all(), request=request)
        if not filters.is_valid():
            raise translate_validation(filters.errors)
        matches = filters.qs
        # The whole archive's counts are /api/sections/ and /api/tags/; facets over
        # every item would cost the plain list a full scan.
        found = None
        if filters.query_text or filters.has_filters:
            first, last = self.paginator.asked_rows(request)
            found = search.facets(matches, rows=(first, last))
            q = filters.query_text
            rows = search.RankedRows(
                matches, found, first, rows_of=lambda ids: search.result_rows(ids, q)
            )
        else:
            rows = LateRows(matches.for_lists())
        page = self.paginator.paginate_queryset(rows, request, self)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        response.data["facets"] = facets_json(request, found) if found else None
        response.data["suggestion"] = (
            suggestion_json(request, filters, found.total) if found else None
        )
        return response


@extend_schema(responses=detail_responses(api.ItemSerializer))
class ItemDetail(ConditionalGetMixin, generics.RetrieveAPIView):
    """One item, with the issue and section it appeared in."""

    serializer_class = api.ItemSerializer
    queryset = Item.objects.all().for_lists()

    def get_object(self):
        item = super().get_object()
        self.changed_at = max(item.updated_at, item.issue.updated_at)
        return item


@extend_schema(responses=list_responses(api.TagSerializer))
class TagList(ListView):
    """Every tag with the number of items carrying it, by name."""

    serializer_class = api.TagSerializer
    queryset = Tag.objects.with_item_count().order_by("name", "id")


@extend_schema(responses=list_responses(api.SectionSerializer))
class SectionList(ListView):
    """The five sections in reading order, with their item counts across all issues."""

    serializer_class = api.SectionSerializer

    def get_queryset(self):
        counts = dict(
            Item.objects.order_by()
            .values_list("section__name")
            .annotate(count=Count("id"))
            .values_list("section__name", "count")
        )
        return [self.section(name, counts.get(name.value, 0)) for name in SectionName]

    def section(self, name: SectionName, item_count: int) -> dict:
        build = self.request.build_absolute_uri
        return {
            "name": name.value,
            "slug": name.slug,
            "item_count": item_count,
            "url": build(reverse("issues:section-detail", args=[name.slug])),
            "items_url": build(f"{reverse('api:item-list')}?{urlencode({'section': name.slug})}"),
        }


class CanImportIssues(BasePermission):
    message = "This token's user may not import issues (it needs the add_issue permission)."

    def has_permission(self, request, view):
        return request.user.has_perm("issues.add_issue")


class ImportParameters(serializers.Serializer):
    update = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Replace an issue whose number exists with other text (kept as a revision).",
    )


def error(message: str, code: int) -> Response:
    return Response({"detail": message}, status=code)


@extend_schema(
    operation_id="issues_import",
    summary="Import one issue from its plain text",
    description="The body is the issue's text (FORMAT.md), either as `text/plain` or as a "
    "multipart file field named `file`. Authenticate with `Authorization: Token <key>`.",
    request={
        "text/plain": {"type": "string"},
        "multipart/form-data": {
            "type": "object",
            "properties": {"file": {"type": "string", "format": "binary"}},
            "required": ["file"],
        },
    },
    parameters=[ImportParameters],
    responses={
        200: OpenApiResponse(api.ImportResultSerializer, "Unchanged, or updated with update=1"),
        201: OpenApiResponse(api.ImportResultSerializer, "Created"),
        400: OpenApiResponse(ERROR, "Not an issue, or cannot be stored"),
        401: OpenApiResponse(ERROR, "No token or a bad token"),
        403: OpenApiResponse(ERROR, "The token's user lacks add_issue"),
        409: OpenApiResponse(ERROR, "The number exists with other text"),
        413: OpenApiResponse(ERROR, "Over the size limit"),
    },
)
@api_view(["POST"])
@authentication_classes([TokenAuthentication])
@permission_classes([IsAuthenticated, CanImportIssues])
@parser_classes([PlainTextParser, MultiPartParser])
def import_issue(request):
    params = ImportParameters(data=request.query_params)
    if not params.is_valid():
        raise ValidationError(params.errors)
    update = params.validated_data["update"]
    if update and not request.user.has_perm("issues.change_issue"):
        return error("This token's user may not update issues (it needs change_issue).", 403)
    limit = settings.IMPORT_MAX_BYTES
    if declared_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        return error(f"The issue text is over the size limit of {limit:,} bytes.", 413)
    data = request_bytes(request, limit)
    if data is None:
        return error("Send the issue text as a text/plain body or a file named 'file'.", 400)
    if len(data) > limit:
        return error(f"The issue text is over the size limit of {limit:,} bytes.", 413)
    try:
        result = import_text(decode(data, limit), update=update)
    except IssueExists as exc:
        return error(str(exc), 409)
    except (ParseError, ImportRefused) as exc:
        return error(str(exc), 400)
    body = {
        "outcome": result.outcome.value,
        "number": result.number,
        "url": request.build_absolute_uri(result.issue.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("api:issue-detail", args=[result.number])),
    }
    code = status.HTTP_201_CREATED if result.outcome == Outcome.CREATED else status.HTTP_200_OK
    return Response(body, status=code)


def declared_length(request) -> int:
    """The Content-Length header, 0 when absent or not a number (as Django reads it)."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def request_bytes(request, limit: int) -> bytes | None:
    """At most limit + 1 bytes of the issue text, or None when the request has none."""
    data = request.data
    if isinstance(data, bytes):
        return data
    upload = data.get("file")
    if isinstance(upload, str):  # a form field rather than a file
        return upload.encode("utf-8")
    return upload.read(limit + 1) if upload is not None else None
