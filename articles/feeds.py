"""Atom feeds: the latest articles, and the latest of one source or one entity.

A search's results are a feed too, at ?format=atom (exports.atom_response).
"""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from . import seo, stats
from .models import Article, Entity, Source

FEED_LENGTH = 30


def as_datetime(day):
    """Midnight UTC of a publication date; feeds need a time as well."""
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    title = "newsroom: latest articles"
    subtitle = "The most recently published articles in the archive."
    # Atom needs an author for every entry; articles without a byline get
    # the archive's name from the feed.
    author_name = "newsroom"

    def link(self):
        return reverse("articles:list")

    def items(self):
        return Article.objects.for_listing().newest_first()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return as_datetime(item.published) if item.published else item.imported_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(seo.authors(item.byline)) or None

    def item_categories(self, item):
        return [item.source.name] if item.source else []


class SourceFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Source, slug=slug)

    def title(self, source):
        return f"newsroom: articles from {source.name}"

    def subtitle(self, source):
        return f"The latest articles from {source.name} in the archive."

    def link(self, source):
        return source.get_absolute_url()

    def items(self, source):
        ids = Article.objects.from_source(source).newest_first().values_list("pk")
        return stats.in_order(pk for (pk,) in ids[:FEED_LENGTH])


class EntityFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Entity.objects.visible(), slug=slug)

    def title(self, entity):
        return f"newsroom: articles mentioning {entity.name}"

    def subtitle(self, entity):
        return f"The latest articles that mention {entity.name}."

    def link(self, entity):
        return entity.get_absolute_url()

    def items(self, entity):
        return stats.in_order(stats.entity_article_ids(entity)[:FEED_LENGTH])
