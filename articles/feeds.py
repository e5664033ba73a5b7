"""Atom feeds: the latest articles, and the latest of one source or one entity.

A search's results are a feed too, at ?format=atom (exports.atom_response).
"""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.views.decorators.http import require_safe

from . import seo, stats
from .models import Article, Entity, Source
from .models.archive import moment_of

FEED_LENGTH = 30


def published_at(article) -> datetime.datetime | None:
    """When `article` was published, as a moment (see moment_of)."""
    return moment_of(article.published_at, article.published)


def summary_html(text: str) -> str:
    """Plain article text as the content of an Atom element of type="html":
    escaped, so that a feed reader decodes it to these characters and never
    to markup. (The XML writer escapes it a second time, for XML.)"""
    return escape(text or "")


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
        return Article.objects.public().for_listing().newest_first()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return summary_html(item.lead)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return published_at(item)

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(seo.authors(item.byline)) or None

    def item_categories(self, item):
        return [item.source.name] if item.source else []


class ArticlesOfFeed(LatestArticlesFeed):
    """The latest articles of one source or one entity, named by the URL's
    slug; `named` and `described` are its title and subtitle, with the name."""

    def get_object(self, request, slug):
        return get_object_or_404(self.lookup_in(), slug=slug)

    def title(self, thing):
        return self.named.format(thing.name)

    def subtitle(self, thing):
        return self.described.format(thing.name)

    def link(self, thing):
        return thing.get_absolute_url()

    def items(self, thing):
        return stats.in_order(self.article_ids(thing)[:FEED_LENGTH])


class SourceFeed(ArticlesOfFeed):
    lookup_in = Source.objects.all
    named = "newsroom: articles from {}"
    described = "The latest articles from {} in the archive."

    def article_ids(self, source):
        newest = Article.objects.public().from_source(source).newest_first()
        return newest.values_list("pk", flat=True)


class EntityFeed(ArticlesOfFeed):
    lookup_in = Entity.objects.visible
    named = "newsroom: articles mentioning {}"
    described = "The latest articles that mention {}."
    article_ids = staticmethod(stats.entity_article_ids)


# The views, for GET and HEAD only (any other method is a 405).
latest_articles = require_safe(LatestArticlesFeed())
source_articles = require_safe(SourceFeed())
entity_articles = require_safe(EntityFeed())
