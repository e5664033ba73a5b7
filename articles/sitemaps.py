"""The sitemap: every article, every entity that is mentioned, every source.

/sitemap.xml is an index of sections (/sitemap-articles.xml and so on), each
split into pages of LIMIT addresses, so a large archive stays within the
protocol's 50,000 addresses per file.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from .models import Article, Entity, Mention, Source

# Well under the protocol's 50,000 so that one page renders quickly.
LIMIT = 10_000


class ArticleSitemap(Sitemap):
    limit = LIMIT

    def items(self):
        return Article.objects.only("pk", "slug", "updated_at").order_by("pk")

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
