from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import etag, require_safe
from django.views.generic import DetailView

from . import comparison, exports, newsml, stats
from .caching import for_this_state, own_validators
from .entities.worldmap import world_etag, world_svg
from .facets import facet_counts, places_map_of
from .filters import ArticleFilter
from .forms import EntityListForm
from .models import (
    KIND_HEADINGS,
    Article,
    Entity,
    EntityRedirect,
    Mention,
    Source,
    Subject,
)
from .ninjs import ninjs_item, ninjs_response
from .paths import PathFormat
from .related import related_articles
from .search import get_search_backend, parse_query
from .search.query import MAX_QUERY_LENGTH
from .search.suggest import did_you_mean, known_words, word_counts
from .stories.differences import changed_words, differences
from .stories.results import OnePerStory, versions_of

SEARCH_FORMATS = (
    "html",
    "json",
    "csv",
    "jsonl",
    "ninjs-jsonl",
    "atom",
    "ninjs",
    "newsml",
)
# With fewer hits than this, the page suggests a corrected spelling.
FEW_HITS = 3
SEARCH_EXAMPLES = [
    ("north korea", "articles with both words, anywhere"),
    ('"north korea"', "the words together, as a phrase"),
    ("seoul OR tokyo", "either word"),
    ("korea -china", "korea, leaving out articles that mention china"),
    ("korea NOT china", "the same, written out"),
    ("(seoul OR tokyo) ferry", "brackets group words"),
    ("defect*", "words starting with defect: defector, defection, defected"),
    ("title:defectors", "the word in the headline"),
    ('title:"north korea"', "the phrase in the headline"),
    (
        "source:kyodo defectors",
        "only articles from a source (its name or the start of it)",
    ),
    ('entity:"North Korea" talks', "only articles mentioning an entity"),
    ("from:2020 to:2022-06 trade", "published from 1 January 2020 to 30 June 2022"),
    ("from:2021-03-01 vaccine", "published on or after 1 March 2021"),
]
PER_PAGE = 20
# A last page this short is folded into the one before it.
ORPHANS = 5
HOME_LATEST = 10
HOME_ENTITIES = 20
# The world's outlines change only with the package that ships them: a
# browser keeps them a day, then asks again and is told they are the same.
WORLD_MAX_AGE = 24 * 60 * 60


def paginate(request, queryset, *, count=None):
    """The requested page; junk or out-of-range numbers give the first or last.

    `count`, when the caller knows it, saves counting `queryset`."""
    paginator = Paginator(queryset, PER_PAGE, orphans=ORPHANS)
    if count is not None:
        paginator.count = count  # a cached_property: this is its value
    return paginator.get_page(request.GET.get("page"))


def paginate_articles(request, ids, *, count=None):
    """A page of articles from `ids`, article ids in order (a queryset of
    them, or SearchResults): the page's ids come from an index, then only
    those articles are read."""
    page = paginate(request, ids, count=count)
    page.object_list = stats.in_order(page.object_list)
    return page


def group_by_kind(items, kind_of=lambda item: item.kind):
    """[(heading, items)] in EntityKind order, leaving out empty kinds."""
    groups = {kind: [] for kind in KIND_HEADINGS}
    for item in items:
        groups.setdefault(kind_of(item), []).append(item)
    return [
        (KIND_HEADINGS.get(kind, kind), group)
        for kind, group in groups.items()
        if group
    ]


@require_safe
def home(request):
    latest = Article.objects.public().for_listing().newest_first()[:HOME_LATEST]
    sources = Source.objects.all()
    entities = Entity.objects.most_mentioned()[:HOME_ENTITIES]
    return render(
        request,
        "articles/home.html",
        {
            "latest": latest,
            "sources": sources,
            "entity_groups": group_by_kind(entities),
        },
    )


@require_safe
def search(request):
    """Search and browse: ArticleFilter over every article, a page at a time."""
    output = request.GET.get("format", "html")
    if output not in SEARCH_FORMATS:
        return HttpResponseBadRequest(
            f"Unknown format; use one of: {', '.join(SEARCH_FORMATS)}.",
            content_type="text/plain",
        )
    filterset = ArticleFilter(request.GET, queryset=Article.objects.for_listing())
    results = filterset.results
    if output == "html" and (params := filterset.canonical_params()) is not None:
        return redirect(f"{request.path}?{params.urlencode()}")
    if output == "csv":
        return exports.csv_response(request, results.queryset)
    if output in {"jsonl", "ninjs-jsonl"}:  # every result, streamed
        ninjs = output == "ninjs-jsonl"
        return exports.jsonl_response(request, results.queryset, ninjs=ninjs)
    page = paginate_articles(request, results)
    reading = filterset.reading
    search = search_key(request.GET)
    highlight(page, reading.query)
    stories = isinstance(results, OnePerStory)
    if stories:
        versions = versions_of(page.object_list)
        for article in page.object_list:
            article.story_versions = versions.get(article.pk, [])
    if output == "json":
        return exports.json_response(request, page, reading)
    if output in {"ninjs", "newsml"}:
        prefetch_related_objects(page.object_list, "subjects")
    if output == "ninjs":
        items = [ninjs_item(request, article) for article in page.object_list]
        return ninjs_response(items)
    if output == "newsml":
        return newsml.news_message_response(request, page.object_list)
    if output == "atom":
        title = f"newsroom: {reading.describe() or 'latest articles'}"
        link = f"{request.path}?{query_without(request.GET, 'format')}"
        return exports.atom_response(
            request,
            page.object_list,
            title=title,
            link=link,
            description=reading.describe(),
        )
    return render(
        request,
        "articles/search.html",
        {
            "form": filterset.form,
            "page": page,
            "reading": reading,
            "query": reading.query,
            "entity": filterset.form.cleaned_data.get("entity"),
            # Neither depends on the page of the results: worked out once per
            # search and state of the archive, for every page of it.
            "facets": for_this_state(
                "search-facets", search, lambda: facet_counts(results)
            ),
            "stories": stories,
            **for_this_state(
                "search-spelling",
                search,
                lambda: spelling_help(reading.query, page.paginator.count),
            ),
        },
    )


@require_safe
def compare(request):
    """Up to five queries' stories per month or year, as counts and as shares
    of all stories: a chart and a table, CSV or JSON (articles.comparison)."""
    output = request.GET.get("format", "html")
    if output not in comparison.FORMATS:
        return HttpResponseBadRequest(
            f"Unknown format; use one of: {', '.join(comparison.FORMATS)}.",
            content_type="text/plain",
        )
    asked = comparison.read_request(request.GET)
    if output != "html" and not asked.queries and not asked.errors:
        asked.errors.append("Give at least one query to compare: ?q=...")
    if asked.errors and output == "json":
        return JsonResponse({"errors": asked.errors}, status=400)
    if asked.errors and output == "csv":
        return HttpResponseBadRequest(
            " ".join(asked.errors), content_type="text/plain; charset=utf-8"
        )
    counted = None
    if asked.queries and not asked.errors:
        counted = comparison.compare(asked)
    if output == "csv":
        return exports.comparison_csv_response(request, counted)
    if output == "json":
        return exports.comparison_json_response(request, counted, asked)
    return render(
        request,
        "articles/compare.html",
        {
            "asked": asked,
            "comparison": counted,
            "form": asked.form,
            "filter_form": asked.filterset.form,
            "show": asked.show,
            "max_length": MAX_QUERY_LENGTH,
        },
        status=400 if asked.errors else 200,
    )


def highlight(page, query):
    """Mark the hits of `query` in the headlines and snippets of one page."""
    page.object_list = list(page.object_list)
    if query:
        highlights = get_search_backend().highlight(page.object_list, query)
        for article in page.object_list:
            article.hit = highlights.get(article.pk)


def spelling_help(query, count):
    """Words that matched nothing and, when hits are few, a better spelling."""
    if not query:
        return {}
    backend = get_search_backend()
    known = known_words(query, backend)
    context = {"unknown_words": [word for word, found in known.items() if not found]}
    if count >= FEW_HITS:
        return context
    # Spellings are compared by how many articles hold them.
    if any(known.values()):
        counts = word_counts(query, backend)
    else:
        counts = dict.fromkeys(known, 0)
    if suggestion := did_you_mean(query, backend, counts):
        hits = backend.results(Article.objects.all(), parse_query(suggestion.text))
        hits = hits.count()
        if hits > count:
            context["suggestion"] = (suggestion, hits)
    return context


def search_key(params) -> tuple:
    """A search's parameters less its page: what its facets, count and
    spelling help depend on, with the state of the archive."""
    return tuple(
        sorted(
            (name, tuple(values)) for name, values in params.lists() if name != "page"
        )
    )


def query_without(params, *names):
    params = params.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@require_safe
def search_help(request):
    """The query language, with examples run against this archive."""
    examples = [
        (text, explanation, parse_query(text)) for text, explanation in SEARCH_EXAMPLES
    ]
    return render(request, "articles/search_help.html", {"examples": examples})


@require_safe
def article_list(request):
    """Every article, newest first: the search page without a query."""
    return search(request)


class ArticleDetailView(DetailView):
    http_method_names = ["get", "head"]
    queryset = Article.objects.select_related("source", "story").prefetch_related(
        Prefetch("mentions", queryset=Mention.objects.select_related("entity"))
    )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs["slug"]:
            return redirect(self.object, permanent=True)
        if self.object.is_withdrawn and not request.user.is_staff:
            return render(
                request, "articles/withdrawn.html", {"article": self.object}, status=410
            )
        if request.GET.get("format") == "ninjs":
            mentions = self.object.mentions.all()
            return ninjs_response(ninjs_item(request, self.object, mentions))
        if request.GET.get("format") == "newsml":
            return newsml.news_item_response(request, self.object)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        mentions = [m for m in self.object.mentions.all() if not m.entity.hidden]
        entity_path = PathFormat("articles:entity")
        entities = [
            {
                "kind": m.entity.kind,
                "name": m.entity.name,
                "url": entity_path(m.entity),
                "count": m.count,
            }
            for m in mentions
        ]
        kwargs["entity_groups"] = group_by_kind(entities, lambda e: e["kind"])
        article_path = PathFormat("articles:detail", pk=True)
        # Depends on the archive alone: worked out once per state of it.
        kwargs["related"] = for_this_state(
            "related",
            self.object.pk,
            lambda: [
                {
                    "title": other.title,
                    "url": article_path(other),
                    "source_name": other.source_name,
                    "published": other.published,
                }
                for other in related_articles(self.object, mentions)
            ],
        )
        kwargs.update(story_context(self.object))
        kwargs["highlighting"] = self.request.GET.get("highlight") == "entities"
        if kwargs["highlighting"]:
            # Only highlighting needs the other names of the entities.
            prefetch_related_objects([m.entity for m in mentions], "aliases")
            kwargs["entity_names"] = entity_patterns(mentions)
        return super().get_context_data(**kwargs)


def story_context(article) -> dict:
    """The versions of an article's story, oldest first; the version sent
    before it (not a copy) and the newest, when it is not this one."""
    if not article.story_id:
        return {}
    story = article.story
    versions = list(story.public_versions()) if story.size > 1 else []
    if len(versions) < 2:
        return {}
    originals = [v for v in versions if not v.duplicate_of_id or v.pk == article.pk]
    place = next((i for i, v in enumerate(originals) if v.pk == article.pk), None)
    if place is None:  # withdrawn: shown to editors alone, beside no versions
        return {}
    newest = originals[-1]
    return {
        "versions": versions,
        "previous": originals[place - 1] if place else None,
        "newer": newest if newest.pk != article.pk else None,
    }


@require_safe
def article_changes(request, pk):
    """What changed between two versions of one story, word by word."""
    article = get_object_or_404(
        Article.objects.public().select_related("source"), pk=pk
    )
    since = request.GET.get("since", "")
    older = None
    if since.isdigit() and article.story_id:
        older = (
            Article.objects.public()
            .filter(pk=int(since), story_id=article.story_id)
            .first()
        )
    if older is None:
        older = story_context(article).get("previous")
    if older is None:
        return render(
            request,
            "articles/changes.html",
            {"article": article, "older": None},
            status=404,
        )
    title = differences(older.title, article.title)
    body = differences(older.body, article.body)
    added, removed = changed_words(body)
    return render(
        request,
        "articles/changes.html",
        {
            "article": article,
            "older": older,
            "title_changes": title,
            "body_changes": body,
            "added": added,
            "removed": removed,
        },
    )


@require_safe
def article_redirect(request, pk):
    article = get_object_or_404(Article.objects.only("pk", "slug"), pk=pk)
    return redirect(article, permanent=True)


@require_safe
def entity_list(request):
    form = EntityListForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    entities = Entity.objects.most_mentioned()
    if kind := filters.get("kind"):
        entities = entities.filter(kind=kind)
    if name := filters.get("name"):
        entities = entities.filter(name__icontains=name)
    return render(
        request,
        "articles/entity_list.html",
        {
            "form": form,
            "kind": kind,
            "kinds": KIND_HEADINGS,
            "page": paginate(request, entities),
        },
    )


@require_safe
def entity_detail(request, slug):
    entity = Entity.objects.visible().filter(slug=slug).first()
    if entity is None:
        # A merged entity's address leads to the entity it became part of.
        moved = get_object_or_404(
            EntityRedirect.objects.select_related("entity"),
            old_slug=slug,
            entity__hidden=False,
        )
        return redirect(moved.entity, permanent=True)
    ids = stats.entity_article_ids(entity)
    return render(
        request,
        "articles/entity_detail.html",
        {
            "entity": entity,
            "aliases": entity.aliases.all(),
            "page": paginate_articles(request, ids, count=entity.article_count),
            **for_this_state("entity", entity.pk, lambda: entity_overview(entity)),
            "window": stats.WINDOW,
        },
    )


def entity_overview(entity) -> dict:
    """What an entity's page shows whatever page of its articles is asked
    for: its timeline, the entities named with it and the map of its latest
    articles' places."""
    latest = stats.latest_of(entity)
    return {
        "dates": stats.timeline(
            Mention.objects.filter(entity=entity), own="article_id"
        ),
        "mentioned_with": stats.mentioned_with(entity, latest),
        "places": places_map_of(latest),
    }


@own_validators
@require_safe
@etag(lambda request: world_etag())
@cache_control(public=True, max_age=WORLD_MAX_AGE)
def world_map_svg(request):
    """The world's outlines that every page's map is drawn over."""
    return HttpResponse(world_svg(), content_type="image/svg+xml; charset=utf-8")


@require_safe
def subject_list(request):
    """The topics the archive's feeds filed stories under, most used first."""
    subjects = Subject.objects.annotate(articles_count=Count("articles")).order_by(
        "-articles_count", "name"
    )
    return render(
        request, "articles/subject_list.html", {"page": paginate(request, subjects)}
    )


@require_safe
def subject_detail(request, slug):
    subject = get_object_or_404(Subject, slug=slug)
    filed = Article.subjects.through.objects.filter(subject=subject)
    ids = (
        Article.objects.public()
        .filter(pk__in=filed.values("article_id"))
        .newest_first()
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "articles/subject_detail.html",
        {
            "subject": subject,
            "page": paginate_articles(request, ids),
            "dates": stats.timeline(Article.objects.filter(subjects=subject)),
        },
    )


@require_safe
def source_list(request):
    sources = Source.objects.with_date_range()
    return render(request, "articles/source_list.html", {"sources": sources})


@require_safe
def source_detail(request, slug):
    source = get_object_or_404(Source.objects.with_withdrawn_count(), slug=slug)
    articles = Article.objects.public().from_source(source)
    ids = articles.newest_first().values_list("pk", flat=True)
    return render(
        request,
        "articles/source_detail.html",
        {
            "source": source,
            "page": paginate_articles(
                request, ids, count=source.article_count - source.withdrawn
            ),
            **for_this_state("source", source.pk, lambda: source_overview(source)),
            "window": stats.WINDOW,
        },
    )


def source_overview(source) -> dict:
    """What a source's page shows whatever page of its articles is asked
    for: its timeline and the entities its latest articles name most."""
    return {
        "dates": stats.timeline(Article.objects.filter(source=source)),
        "entity_groups": stats.top_entities(source),
    }


def entity_patterns(mentions) -> list[tuple[str, object]]:
    """(name, entity) for every name and alias of the article's entities."""
    names = []
    for mention in mentions:
        entity = mention.entity
        names.append((entity.name, entity))
        names.extend((alias.name, entity) for alias in entity.aliases.all())
    return names
