"""The reader's forms: the issue list's filters and the per-search feed's query."""

import django_filters
from django import forms

from issues.filters import plain_text
from issues.models import Issue, Item, Tag

MAX_QUERY_LENGTH = 200


def query_field() -> forms.CharField:
    return forms.CharField(
        required=False,
        max_length=MAX_QUERY_LENGTH,
        validators=[plain_text],
        label="Search the issues",
    )


class IssueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label="Words in the subtitle or intro",
        max_length=MAX_QUERY_LENGTH,
        validators=[plain_text],
    )
    year = django_filters.ChoiceFilter(
        field_name="published_on__year", label="Year", empty_label="Any year"
    )
    tag = django_filters.ModelChoiceFilter(
        queryset=Tag.objects.only("name", "slug").order_by("name"),
        to_field_name="slug",
        method="filter_tag",
        label="Tag",
        empty_label="Any tag",
    )

    class Meta:
        model = Issue
        fields = ["q", "year", "tag"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated once here: a callable would be re-run on validation and on rendering.
        years = Issue.objects.dates("published_on", "year", order="DESC")
        self.form.fields["year"].choices = [(str(day.year), str(day.year)) for day in years]

    def filter_q(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def filter_tag(self, queryset, name, tag):
        return queryset.filter(pk__in=Item.objects.filter(tags=tag).values("issue_id"))


class SearchFeedForm(forms.Form):
    q = query_field()
