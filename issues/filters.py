"""The one FilterSet behind the search page and the JSON API.

Parameter names are part of the public contract (links, the API schema):
q, tag (repeatable, ANDed), section, kind, sponsored, issue_min, issue_max,
published_after, published_before, sort. `page` belongs to the paginator.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property

from issues.models import MAX_QUERY_LENGTH, SEARCH_SORTS, Item, Kind, SectionName, Tag

MAX_TAGS = 5
# Issue numbers are PostgreSQL integers; anything larger cannot match and must not reach SQL.
MAX_ISSUE_NUMBER = 2**31 - 1
SORT_CHOICES = [
    ("relevance", "Best match"),
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
]
SPONSORED_CHOICES = [("true", "Sponsored only"), ("false", "Not sponsored")]
assert tuple(value for value, _ in SORT_CHOICES) == SEARCH_SORTS


def plain_text(value: str) -> None:
    """Refuse what no reader types (Django's CharField already refuses NUL)."""
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise ValidationError("The query has characters that are not valid text.")
    if any(ord(char) < 32 and char not in "\x00\t\n\r" for char in value):
        raise ValidationError("The query has control characters.")


def at_most_max_tags(values) -> None:
    if len(values) > MAX_TAGS:
        raise ValidationError(f"Choose at most {MAX_TAGS} tags.")


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ItemFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        for low, high in [("issue_min", "issue_max"), ("published_after", "published_before")]:
            if data.get(low) and data.get(high) and data[low] > data[high]:
                raise ValidationError(f"{low} must not be after {high}.")
        return data


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="keep",
        label="Search",
        max_length=MAX_QUERY_LENGTH,
        validators=[plain_text],
    )
    tag = django_filters.ModelMultipleChoiceFilter(
        field_name="tags__slug",
        to_field_name="slug",
        queryset=Tag.objects.order_by("name"),
        conjoined=True,
        method="filter_tags",
        validators=[at_most_max_tags],
        label="Tags (all of them)",
    )
    section = django_filters.ChoiceFilter(
        choices=[(name.slug, name.value) for name in SectionName],
        method="filter_section",
        label="Section",
        empty_label="Any section",
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label="Kind", empty_label="Any kind")
    sponsored = django_filters.ChoiceFilter(
        choices=SPONSORED_CHOICES,
        method="filter_sponsored",
        label="Sponsored",
        empty_label="Either",
    )
    issue_min = IntegerFilter(
        field_name="issue__number",
        lookup_expr="gte",
        min_value=1,
        max_value=MAX_ISSUE_NUMBER,
        label="From issue #",
    )
    issue_max = IntegerFilter(
        field_name="issue__number",
        lookup_expr="lte",
        min_value=1,
        max_value=MAX_ISSUE_NUMBER,
        label="To issue #",
    )
    published_after = django_filters.DateFilter(
        field_name="issue__published_on", lookup_expr="gte", label="Published on or after"
    )
    published_before = django_filters.DateFilter(
        field_name="issue__published_on", lookup_expr="lte", label="Published on or before"
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="keep", label="Sort", empty_label=None
    )

    class Meta:
        model = Item
        form = ItemFilterForm
        # Every filter is declared above, in the order the form shows them.
        fields = []

    def get_form_class(self):
        """The form class, built once: its fields depend on the declarations above
        alone, and building them for every search cost up to 1 ms (each form
        still works on its own copies of the fields)."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            form_class = super().get_form_class()
            form_class.base_fields["sort"].required = False
            cls._form_class = form_class
        return cls._form_class

    def keep(self, queryset, name, value):
        """q and sort act together in filter_queryset, after the plain filters."""
        return queryset

    def filter_tags(self, queryset, name, value):
        return queryset.tagged(*value)

    def filter_section(self, queryset, name, value):
        return queryset.in_section(SectionName.from_slug(value))

    def filter_sponsored(self, queryset, name, value):
        return queryset.filter(sponsored=value == "true")

    @cached_property
    def filtered(self):
        """The items under every filter but q: where a respelled query is counted."""
        return super().filter_queryset(self.queryset.all())

    def filter_queryset(self, queryset):
        filtered = super().filter_queryset(queryset)
        if self.query_text:
            return filtered.search(self.query_text, sort=self.sort_order)
        if self.sort_order == "oldest":
            return filtered.oldest_first()
        return filtered.newest_first()

    @property
    def has_filters(self) -> bool:
        """Whether any filter other than q and sort is set."""
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        return any(data.get(name) for name in self.filters if name not in {"q", "sort"})

    def _cleaned(self, name: str) -> str:
        if not self.is_bound or not self.form.is_valid():
            return ""
        return (self.form.cleaned_data.get(name) or "").strip()

    @property
    def query_text(self) -> str:
        return self._cleaned("q")

    @property
    def sort_order(self) -> str:
        """The sort in effect: relevance needs a query, so without one it is newest."""
        chosen = self._cleaned("sort") or "relevance"
        return "newest" if chosen == "relevance" and not self.query_text else chosen

    def error_messages(self) -> list[str]:
        """One readable line per invalid parameter."""
        return [
            f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
            for name, errors in self.form.errors.items()
        ]


class SuggestForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, validators=[plain_text])
