from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import DetailView

from .filters import ArticleFilter
from .forms import EntityListForm
from .models import Article, Entity, EntityKind, Mention, Source
from .search import get_search_backend

PER_PAGE = 20
# A last page this short is folded into the one before it.
ORPHANS = 5
HOME_LATEST = 10
HOME_ENTITIES = 20
KIND_HEADINGS = {
    EntityKind.PERSON: "People",
    EntityKind.ORGANISATION: "Organisations",
    EntityKind.PLACE: "Places",
    EntityKind.GROUP: "Nationalities and groups",
}


def paginate(request, queryset):
    """The requested page; junk or out-of-range numbers give the first or last."""
    paginator = Paginator(queryset, PER_PAGE, orphans=ORPHANS)
    return paginator.get_page(request.GET.get("page"))


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


def home(request):
    latest = Article.objects.for_listing().newest_first()[:HOME_LATEST]
    sources = Source.objects.annotate(article_count=Count("articles"))
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


def search(request):
    """Search and browse: ArticleFilter over every article, a page at a time."""
    filterset = ArticleFilter(request.GET, queryset=Article.objects.for_listing())
    page = paginate(request, filterset.qs)
    page.object_list = list(page.object_list)
    query = filterset.parsed_query
    if query:
        highlights = get_search_backend().highlight(page.object_list, query)
        for article in page.object_list:
            article.hit = highlights.get(article.pk)
    return render(
        request,
        "articles/search.html",
        {
            "form": filterset.form,
            "page": page,
            "query": query,
            "entity": filterset.form.cleaned_data.get("entity"),
        },
    )


def article_list(request):
    """Every article, newest first: the search page without a query."""
    return search(request)


class ArticleDetailView(DetailView):
    queryset = Article.objects.select_related("source").prefetch_related(
        Prefetch("mentions", queryset=Mention.objects.select_related("entity"))
    )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs["slug"]:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        mentions = self.object.mentions.all()
        kwargs["entity_groups"] = group_by_kind(mentions, lambda m: m.entity.kind)
        return super().get_context_data(**kwargs)


def article_redirect(request, pk):
    article = get_object_or_404(Article.objects.only("pk", "slug"), pk=pk)
    return redirect(article, permanent=True)


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


def entity_detail(request, slug):
    entity = get_object_or_404(Entity, slug=slug)
    articles = Article.objects.for_listing().mentioning(entity).newest_first()
    return render(
        request,
        "articles/entity_detail.html",
        {"entity": entity, "page": paginate(request, articles)},
    )


def source_list(request):
    sources = Source.objects.annotate(
        article_count=Count("articles"),
        first_published=Min("articles__published"),
        last_published=Max("articles__published"),
    )
    return render(request, "articles/source_list.html", {"sources": sources})


def source_detail(request, slug):
    sources = Source.objects.annotate(
        first_published=Min("articles__published"),
        last_published=Max("articles__published"),
    )
    source = get_object_or_404(sources, slug=slug)
    articles = Article.objects.for_listing().from_source(source).newest_first()
    return render(
        request,
        "articles/source_detail.html",
        {"source": source, "page": paginate(request, articles)},
    )
