"""The sitemap: every article, every entity that is mentioned, every source.

/sitemap.xml is an index of sections (/sitemap-articles.xml and so on), each
split into pages of LIMIT addresses, so a large archive stays within the
protocol's 50,000 addresses per file. The protocol's schema wants at least one
address in a sitemap: a section with none is left out of the index and is a
404 of its own.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_safe

from .models import Article, Entity, Mention, Source

# Well under the protocol's 50,000 so that one page renders quickly.
LIMIT = 10_000


class ArticleSitemap(Sitemap):
    limit = LIMIT

    def items(self):
        articles = Article.objects.public().only("pk", "slug", "updated_at")
        return articles.order_by("pk")

    def lastmod(self, article):
        return article.updated_at


class EntitySitemap(Sitemap):
    limit = LIMIT

    def items(self):
        mentioned = Exists(Mention.objects.filter(entity=OuterRef("pk")))
        return (
            Entity.objects.visible().filter(mentioned).only("pk", "slug").order_by("pk")
        )


class SourceSitemap(Sitemap):
    limit = LIMIT

    def items(self):
        return (
            Source.objects.annotate(last_updated=Max("articles__updated_at"))
            .filter(last_updated__isnull=False)
            .order_by("pk")
        )

    def lastmod(self, source):
        return source.last_updated


class PageSitemap(Sitemap):
    """The pages that are not an article, entity or source but worth finding."""

    def items(self):
        return [
            "articles:home",
            "articles:entities",
            "articles:sources",
            "articles:search-help",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "entities": EntitySitemap,
    "sources": SourceSitemap,
}


def _has_pages(sitemap) -> bool:
    items = sitemap().items()
    return items.exists() if isinstance(items, QuerySet) else bool(items)


@require_safe
def index(request):
    """The sitemap index, naming the sections that have pages."""
    sections = {name: cls for name, cls in SITEMAPS.items() if _has_pages(cls)}
    return sitemap_views.index(
        request, sitemaps=sections, sitemap_url_name="sitemap-section"
    )


@require_safe
def section(request, section):
    """One section's sitemap (a page of it with ?p=N)."""
    if section in SITEMAPS and not _has_pages(SITEMAPS[section]):
        raise Http404(f"No pages in the {section} sitemap.")
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)
