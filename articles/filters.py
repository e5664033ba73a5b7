"""ArticleFilter: full-text search plus the filters and sort of the list pages."""

import django_filters
from django import forms

from .forms import ArticleFilterForm, DateInput, SearchInput
from .models import Article, Entity, Source
from .search import get_search_backend, parse_query

SORT_CHOICES = [
    ("relevance", "Best match"),
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
]


class ArticleFilter(django_filters.FilterSet):
    """Filters are applied in the order declared; `sort` comes last.

    Invalid values are dropped by the form, so a bad date or an unknown source
    shows an error and the remaining filters still apply.
    """

    q = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        widget=SearchInput(attrs={"placeholder": 'e.g. "north korea" defect*'}),
    )
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.all(),
        to_field_name="slug",
        empty_label="All sources",
        error_messages={"invalid_choice": "There is no source with that name."},
    )
    # A hidden field: a <select> of every entity would be enormous.
    entity = django_filters.ModelChoiceFilter(
        queryset=Entity.objects.all(),
        field_name="mentions__entity",
        to_field_name="slug",
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "There is no entity with that name."},
    )
    published_after = django_filters.DateFilter(
        field_name="published", lookup_expr="gte", label="From", widget=DateInput
    )
    published_before = django_filters.DateFilter(
        field_name="published", lookup_expr="lte", label="To", widget=DateInput
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES,
        empty_label=None,
        label="Sort by",
        method="filter_sort",
    )

    class Meta:
        model = Article
        fields = []
        form = ArticleFilterForm

    # The query as read by the parser; None unless a search was asked for.
    parsed_query = None

    def filter_search(self, queryset, name, value):
        self.parsed_query = parse_query(value)
        return get_search_backend().search(queryset, self.parsed_query)

    def filter_sort(self, queryset, name, value):
        if value == "oldest":
            return queryset.oldest_first()
        if value == "relevance" and self.parsed_query:
            return queryset  # the search backend already ranked it
        return queryset.newest_first()
