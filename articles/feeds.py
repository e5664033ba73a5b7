"""Atom feeds: the latest articles, and the latest of one source or one entity.

A search's results are a feed too, at ?format=atom (exports.atom_response).
"""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from . import seo, stats
from .models import Article, Entity, Source

FEED_LENGTH = 30


def published_at(article) -> datetime.datetime | None:
    """When `article` was published, as a moment: its time where the source
    gave one, else midnight UTC of its date; None when the date is unknown.
    An undated article has no publication date to give; its import time is
    never presented as one."""
    if article.published_at:
        return article.published_at
    if article.published:
        day = article.published
        return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    return None


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
        return Article.objects.for_listing().newest_first()[:FEED_LENGTH]

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
