"""ArticleFilter: full-text search plus the filters and sort of the list pages.

Filters can come from the form's fields (?source=kyodo-news) or be written
into the query (source:kyodo). Both are applied; the search view moves
recognised query filters into the form's fields, so that the two never
disagree in a page's links.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.db.models import Q
from django.utils.text import slugify

from .entities.places import country_choices, country_name
from .forms import ArticleFilterForm, DateInput, SearchInput
from .models import (
    Article,
    ArticleQuerySet,
    Entity,
    EntityKind,
    Mention,
    Source,
    Subject,
    normalize_name,
)
from .search import get_search_backend, parse_query
from .search.query import MAX_QUERY_LENGTH, FieldFilter
from .search.results import SearchResults
from .stories.results import OnePerStory

SORT_CHOICES = [
    ("relevance", "Best match"),
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
]
# The parameters of the search form's filters (beside q, the query).
FILTER_PARAMS = (
    "source",
    "entity",
    "subject",
    "country",
    "published_after",
    "published_before",
)
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


@dataclass
class Reading:
    """How the search was read, for the page to say in words."""

    query: object = None  # ParsedQuery, or None when there was no query
    sources: list[Source] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    country: str = ""  # an ISO 3166 code
    subject: Subject | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    notes: list[str] = field(default_factory=list)
    # Query filters that can move into the form: {form field: value}.
    moved: dict[str, str] = field(default_factory=dict)
    moved_terms: list[FieldFilter] = field(default_factory=list)

    def describe(self) -> str:
        """E.g. 'the phrase "north korea" and japan, from Kyodo News, 2020–2022'."""
        parts = []
        if self.query:
            parts.append(self.query.describe())
        if self.sources:
            parts.append("from " + " or ".join(s.name for s in self.sources))
        if self.entities:
            parts.append("mentioning " + " and ".join(e.name for e in self.entities))
        if self.country:
            parts.append(f"naming a place in {country_name(self.country)}")
        if self.subject:
            parts.append(f"filed under {self.subject}")
        if self.start or self.end:
            parts.append(describe_dates(self.start, self.end))
        return ", ".join(parts)


def describe_dates(start, end) -> str:
    whole_years = (not start or (start.month, start.day) == (1, 1)) and (
        not end or (end.month, end.day) == (12, 31)
    )
    if whole_years and start and end:
        if start.year == end.year:
            return f"in {start.year}"
        return f"{start.year}–{end.year}"
    if start and end:
        return f"{start:%-d %b %Y}–{end:%-d %b %Y}"
    if start:
        return f"since {start:%-d %b %Y}"
    return f"until {end:%-d %b %Y}"


def date_range(value: str) -> tuple[datetime.date, datetime.date] | None:
    """2020 -> the whole year; 2020-05 -> the month; 2020-05-03 -> that day."""
    match = DATE_RE.match(value.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return datetime.date(year, month, 1), datetime.date(year, month, last)
        day_date = datetime.date(year, month, day)
    except ValueError:
        return None
    return day_date, day_date


def matching_sources(value: str) -> list[Source]:
    """Sources a query's source:VALUE names: by slug, name, or their start."""
    slug = slugify(value)
    if not slug:
        return []
    return list(
        Source.objects.filter(
            Q(slug=slug)
            | Q(slug__startswith=f"{slug}-")
            | Q(name__iexact=value.strip())
        )
    )


def matching_entities(value: str) -> list[Entity]:
    """Entities a query's entity:VALUE names: by name (any kind) or slug."""
    return list(
        Entity.objects.filter(
            Q(normalized=normalize_name(value)) | Q(slug=slugify(value))
        )
    )


class ArticleFilter(django_filters.FilterSet):
    """Invalid form values are dropped by the form, so a bad date or an unknown
    source shows an error and the remaining filters still apply."""

    q = django_filters.CharFilter(
        label="Search",
        method="filter_nothing",
        # A longer query is cut to this with a note; the browser stops typing
        # here (and gunicorn.conf.py admits the longest such request line).
        widget=SearchInput(
            attrs={
                "placeholder": 'e.g. "north korea" defect*',
                "maxlength": MAX_QUERY_LENGTH,
            }
        ),
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
    # The topic the feed filed it under (hidden, as entity is).
    subject = django_filters.ModelChoiceFilter(
        queryset=Subject.objects.all(),
        field_name="subjects",
        to_field_name="slug",
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "There is no subject with that name."},
    )
    # Articles naming the country or any place in it (hidden, as entity is).
    country = django_filters.ChoiceFilter(
        choices=country_choices,
        method="filter_country",
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "There is no country with that code."},
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
        method="filter_nothing",
    )

    versions = django_filters.ChoiceFilter(
        choices=[("all", "Every version and copy")],
        empty_label="One result per story",
        label="Versions",
        method="filter_nothing",
    )

    class Meta:
        model = Article
        fields = []
        form = ArticleFilterForm

    reading = None
    _results = None

    @property
    def parsed_query(self):
        return self.reading.query if self.reading else None

    def filter_nothing(self, queryset, name, value):
        return queryset  # q and sort are applied last, in filter_queryset()

    def filter_country(self, queryset, name, value):
        places = Mention.objects.filter(
            entity__kind=EntityKind.PLACE, entity__country=value
        )
        return queryset.filter(pk__in=places.values("article"))

    def filter_queryset(self, queryset):
        """The filtered, searched and ordered articles; `results` pages them."""
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        self.reading, queryset = self.read_query(queryset, data.get("q") or "")
        reading = self.reading
        if reading.query:
            results = get_search_backend().results(queryset, reading.query)
        elif reading.query is not None and not reading.query.filters:
            # typed, but nothing left to look for
            results = SearchResults(queryset.none(), ranked=False)
        else:
            # Withdrawn articles have no search text: only browsing meets them.
            results = SearchResults(queryset.public().newest_first(), ranked=False)
        results = self.order(results, data.get("sort"))
        if data.get("versions") != "all":
            results = OnePerStory(results)
        self._results = results
        return results.queryset

    def narrowed(self, queryset):
        """`queryset` narrowed by the form's filters alone: no query, no order."""
        return super().filter_queryset(queryset)

    def read_query(self, queryset, text: str):
        """(Reading, queryset): how the query `text` reads beside the form's
        filters, and `queryset` narrowed by the filters written into it
        (source:, entity:, from:, to:); its words are left to search."""
        data = self.form.cleaned_data
        reading = Reading(
            sources=[data["source"]] if data.get("source") else [],
            entities=[data["entity"]] if data.get("entity") else [],
            country=data.get("country") or "",
            subject=data.get("subject"),
            start=data.get("published_after"),
            end=data.get("published_before"),
        )
        if text.strip():
            reading.query = parse_query(text)
            queryset = self.apply_query_filters(queryset, reading)
        return reading, queryset

    def matching(self, queryset, text: str):
        """(Reading, queryset): how the query `text` reads beside the form's
        filters, and the articles of `queryset` it matches, neither ranked
        nor ordered: what counts over many matches read. A query of filters
        alone (source:kyodo) matches all their articles; one with nothing
        left to search for ("the"), none."""
        reading, queryset = self.read_query(queryset, text)
        if reading.query:
            return reading, get_search_backend().matches(queryset, reading.query)
        if reading.query is not None and not reading.query.filters:
            return reading, queryset.none()
        return reading, queryset

    @property
    def results(self) -> SearchResults | OnePerStory:
        """qs as SearchResults, in the order asked for: what pages read; one
        article per story unless every version is asked for."""
        _ = self.qs  # filtering, searching and ordering set _results, once
        return self._results

    @property
    def every_version(self) -> bool:
        return self.form.is_valid() and self.form.cleaned_data.get("versions") == "all"

    def apply_query_filters(self, queryset, reading):
        """Apply source:, entity:, from: and to: terms written in the query."""
        data = self.form.cleaned_data
        for term in reading.query.filters:
            if term.name == "source":
                found = matching_sources(term.value)
                if not found:
                    reading.notes.append(f"No source matches ‘{term.value}’; ignored.")
                    continue
                queryset = queryset.filter(source__in=found)
                reading.sources.extend(s for s in found if s not in reading.sources)
                if len(found) == 1 and not data.get("source"):
                    self.move(reading, term, "source", found[0].slug)
            elif term.name == "entity":
                found = matching_entities(term.value)
                if not found:
                    reading.notes.append(f"No entity matches ‘{term.value}’; ignored.")
                    continue
                mentioning = Mention.objects.filter(entity__in=found).values("article")
                queryset = queryset.filter(pk__in=mentioning)
                reading.entities.extend(e for e in found if e not in reading.entities)
                if len(found) == 1 and not data.get("entity"):
                    self.move(reading, term, "entity", found[0].slug)
            else:
                dates = date_range(term.value)
                if dates is None:
                    reading.notes.append(
                        f"‘{term.text}’ is not a date (use 2020, 2020-05 or "
                        "2020-05-31); ignored."
                    )
                    continue
                if term.name == "from":
                    queryset = queryset.filter(published__gte=dates[0])
                    reading.start = max(filter(None, [reading.start, dates[0]]))
                    if not data.get("published_after"):
                        self.move(
                            reading, term, "published_after", dates[0].isoformat()
                        )
                else:
                    queryset = queryset.filter(published__lte=dates[1])
                    reading.end = min(filter(None, [reading.end, dates[1]]))
                    if not data.get("published_before"):
                        self.move(
                            reading, term, "published_before", dates[1].isoformat()
                        )
        return queryset

    @staticmethod
    def move(reading, term, name, value):
        if name not in reading.moved:
            reading.moved[name] = value
            reading.moved_terms.append(term)

    def order(self, results, value):
        if value == "oldest":
            return results.reordered(ArticleQuerySet.oldest_first)
        if value == "newest" and self.reading.query:
            return results.reordered(ArticleQuerySet.newest_first)
        return results  # best match (the search backend ranked it), or browsing

    def canonical_params(self):
        """The request's parameters with query filters moved into form fields,
        or None when nothing moves."""
        reading = self.reading
        if not reading or not reading.moved:
            return None
        params = self.data.copy()
        text = reading.query.text
        for term in reading.moved_terms:
            text = text.replace(term.text, " ", 1)
        params["q"] = " ".join(text.split())
        for name, value in reading.moved.items():
            params[name] = value
        params.pop("page", None)
        return params
