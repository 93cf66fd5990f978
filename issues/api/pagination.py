from django import forms
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from issues.search import MAX_PAGE

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)
    page_size = forms.IntegerField(min_value=1, required=False)


class PageNumberPagination(pagination.PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` above 100 is capped to 100.

    A page or page size that is not a positive whole number is a 400 naming the
    parameter; a page past the last one is a 404.
    """

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_page_message = "Page {page_number} does not exist: {message}."

    def paginate_queryset(self, queryset, request, view=None):
        self.clean(request)
        return super().paginate_queryset(queryset, request, view)

    def clean(self, request) -> None:
        form = PageForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        self.cleaned = form.cleaned_data

    def asked_rows(self, request) -> tuple[int, int]:
        """The 1-based positions of the first and last row of the asked page."""
        self.clean(request)
        size = self.get_page_size(request)
        first = (self.get_page_number(request, None) - 1) * size + 1
        return first, first + size - 1

    def get_page_number(self, request, paginator):
        return self.cleaned["page"] or 1

    def get_page_size(self, request):
        return min(self.cleaned["page_size"] or self.page_size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page number (1 is the first page).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page (default {PAGE_SIZE}); "
                f"values above {MAX_PAGE_SIZE} are capped to {MAX_PAGE_SIZE}.",
                "schema": {"type": "integer", "minimum": 1},
            },
        ]
