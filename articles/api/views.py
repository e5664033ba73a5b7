"""The API's endpoints: read-only lists and items, and search."""

from django.db.models import Prefetch
from django.http import QueryDict
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import stats
from ..filters import ArticleFilter
from ..models import Article, Entity, EntityKind, Mention, Source, Story
from ..search import get_search_backend
from ..search.query import MAX_QUERY_LENGTH
from ..stories.results import OnePerStory, versions_of
from .pagination import MAX_PAGE_SIZE, ById, NewestFirst, RankedCursor
from .serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    EntitySerializer,
    ErrorSerializer,
    SearchHitSerializer,
    SourceSerializer,
    StorySerializer,
)

# An item's address takes any one path segment, so that one that names
# nothing is the API's own 404 (JSON), not the site's page.
ANY_SEGMENT = "[^/]+"
# Parameters that may be given blank: no query (browse), the first page.
MAY_BE_BLANK = {"q", "cursor"}


class ReadOnlyAPI:
    """What every endpoint refuses before it reads anything: a parameter
    given twice, or given without a value (the search page's form sends
    blank fields; a program leaves out what it does not mean), other than q
    and cursor."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        wrong = {}
        for name, values in request.query_params.lists():
            if len(values) > 1:
                wrong[name] = "Give it once."
            elif name not in MAY_BE_BLANK and not values[0]:
                wrong[name] = "Leave it out, or give a value."
        if wrong:
            raise ValidationError(wrong)


class ArticleFilterSet(filters.FilterSet):
    source = filters.CharFilter(field_name="source__slug", help_text="A source's slug.")
    story = filters.ModelChoiceFilter(
        queryset=Story.objects.all(), help_text="A story's id."
    )
    published_after = filters.DateFilter(
        field_name="published", lookup_expr="gte", help_text="Published on or after."
    )
    published_before = filters.DateFilter(
        field_name="published", lookup_expr="lte", help_text="Published on or before."
    )

    class Meta:
        model = Article
        fields = []


@extend_schema(responses={200: ArticleDetailSerializer, 404: ErrorSerializer})
class ArticleViewSet(ReadOnlyAPI, viewsets.ReadOnlyModelViewSet):
    """Articles readers can see, newest imported first, with their story."""

    lookup_value_regex = ANY_SEGMENT

    pagination_class = NewestFirst
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = ArticleFilterSet

    def get_queryset(self):
        articles = Article.objects.public().select_related("source")
        if self.action == "retrieve":
            mentions = Mention.objects.filter(entity__hidden=False).select_related(
                "entity"
            )
            articles = articles.select_related("story").prefetch_related(
                Prefetch("mentions", queryset=mentions, to_attr="public_mentions")
            )
        return articles

    def get_serializer_class(self):
        return (
            ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer
        )

    @extend_schema(responses={200: ArticleSerializer(many=True), 400: ErrorSerializer})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class StoryViewSet(ReadOnlyAPI, viewsets.ReadOnlyModelViewSet):
    """Stories, newest first: the versions and copies of one news story."""

    lookup_value_regex = ANY_SEGMENT

    serializer_class = StorySerializer
    pagination_class = NewestFirst
    queryset = Story.objects.prefetch_related(
        Prefetch(
            "articles",
            queryset=Article.objects.select_related("source").order_by(
                "published_at", "published", "id"
            ),
        )
    )

    @extend_schema(responses={200: StorySerializer, 404: ErrorSerializer})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


class EntityFilterSet(filters.FilterSet):
    kind = filters.ChoiceFilter(
        choices=EntityKind.choices,
        help_text="person, org (an organisation), place or group (a nationality "
        "or group).",
    )
    name = filters.CharFilter(
        method="filter_name",
        max_length=300,
        help_text="Its name or one of its aliases, as the archive keys names.",
    )

    class Meta:
        model = Entity
        fields = []

    def filter_name(self, queryset, name, value):
        return queryset.named(value)


class EntityViewSet(ReadOnlyAPI, viewsets.ReadOnlyModelViewSet):
    """People, organisations, places and groups the archive names, with
    their aliases; by slug."""

    lookup_value_regex = ANY_SEGMENT

    serializer_class = EntitySerializer
    pagination_class = ById
    lookup_field = "slug"
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = EntityFilterSet
    queryset = Entity.objects.filter(hidden=False).prefetch_related("aliases")

    @extend_schema(responses={200: EntitySerializer, 404: ErrorSerializer})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


class SourceViewSet(ReadOnlyAPI, viewsets.ReadOnlyModelViewSet):
    """The news organisations articles come from; by slug."""

    lookup_value_regex = ANY_SEGMENT

    serializer_class = SourceSerializer
    pagination_class = ById
    lookup_field = "slug"
    queryset = Source.objects.all()

    @extend_schema(responses={200: SourceSerializer, 404: ErrorSerializer})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q",
        str,
        description='The search page\'s query language: words, "phrases", '
        "OR, -word, prefix*, title:, source:, entity:, from:, to: "
        f"(at most {MAX_QUERY_LENGTH} characters).",
    ),
    OpenApiParameter("source", str, description="A source's slug."),
    OpenApiParameter("entity", str, description="An entity's slug."),
    OpenApiParameter("subject", str, description="A subject's slug."),
    OpenApiParameter("country", str, description="An ISO 3166 country code: KR."),
    OpenApiParameter(
        "published_after", OpenApiTypes.DATE, description="Published on or after."
    ),
    OpenApiParameter(
        "published_before", OpenApiTypes.DATE, description="Published on or before."
    ),
    OpenApiParameter(
        "sort", str, enum=["relevance", "newest", "oldest"], description="Best first."
    ),
    OpenApiParameter(
        "versions",
        str,
        enum=["all"],
        description="'all' lists every version and copy; by default one "
        "result per story.",
    ),
    OpenApiParameter("cursor", str, description="The next or previous page's."),
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        description=f"Results a page: 1 to {MAX_PAGE_SIZE}.",
    ),
]

SEARCH_RESPONSE = inline_serializer(
    "SearchResults",
    {
        "query": serializers.CharField(),
        "reading": serializers.CharField(help_text="How the query was read."),
        "count": serializers.IntegerField(help_text="Stories (or articles) found."),
        "estimated": serializers.BooleanField(
            help_text="Whether count is an estimate (many matches)."
        ),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": SearchHitSerializer(many=True),
    },
)


class SearchView(ReadOnlyAPI, APIView):
    """Search as the search page does: the same query language, filters,
    order and one result per story."""

    @extend_schema(
        parameters=SEARCH_PARAMETERS,
        responses={200: SEARCH_RESPONSE, 400: ErrorSerializer},
    )
    def get(self, request):
        params = _search_params(request.query_params)
        filterset = ArticleFilter(params, queryset=Article.objects.for_listing())
        if not filterset.is_valid():
            raise ValidationError(
                {field: errors[0] for field, errors in filterset.errors.items()}
            )
        results = filterset.results
        cursor = RankedCursor(request)
        ids = results[cursor.offset : cursor.offset + cursor.limit]
        articles = stats.in_order(ids)
        reading = filterset.reading
        if reading.query:
            highlights = get_search_backend().highlight(articles, reading.query)
            for article in articles:
                article.hit = highlights.get(article.pk)
        if isinstance(results, OnePerStory):
            versions = versions_of(articles)
            for article in articles:
                article.story_versions = versions.get(article.pk, [])
        count = results.count()
        following, previous = cursor.links(count)
        hits = SearchHitSerializer(articles, many=True, context={"request": request})
        return Response(
            {
                "query": reading.query.text if reading.query else "",
                "reading": reading.describe(),
                "count": count,
                "estimated": getattr(results, "estimated", False),
                "next": following,
                "previous": previous,
                "results": hits.data,
            },
            status=status.HTTP_200_OK,
        )


def _search_params(query_params) -> QueryDict:
    """The search's parameters, refusing a query longer than the page takes
    (the page cuts it, with a note; a program should be told)."""
    q = query_params.get("q", "")
    if len(q) > MAX_QUERY_LENGTH:
        raise ValidationError({"q": f"At most {MAX_QUERY_LENGTH} characters."})
    return query_params
