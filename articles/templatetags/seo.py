"""Publishing metadata in pages: link previews, structured data, feed links."""

import json
from dataclasses import dataclass

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import seo

register = template.Library()

# As django.utils.html.json_script: nothing in the data can close the element.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass
class FeedLink:
    title: str
    url: str


def json_ld(data) -> str:
    """`data` as a JSON-LD block: a data island, never run as script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),
    )


@register.inclusion_tag("articles/_article_metadata.html", takes_context=True)
def article_metadata(context, article):
    """Canonical link, description, OpenGraph, Twitter card and NewsArticle."""
    absolute = context["request"].build_absolute_uri
    url = absolute(article.get_absolute_url())
    data = seo.news_article(article, url=url, absolute=absolute)
    return {
        "article": article,
        "url": url,
        "description": data.get("description", ""),
        "authors": [author["name"] for author in data.get("author", [])],
        "section": data.get("articleSection", ""),
        "modified": data.get("dateModified", ""),
        "tags": [entity["name"] for entity in data.get("mentions", [])][:6],
        "json_ld": json_ld(data),
    }


@register.simple_tag(takes_context=True)
def page_feed(context):
    """The Atom feed that follows what this page shows."""
    match = getattr(context.get("request"), "resolver_match", None)
    name = match.view_name if match else ""
    entity, source = context.get("entity"), context.get("source")
    if name == "articles:entity" and entity:
        url = reverse("articles:entity-feed", kwargs={"slug": entity.slug})
        return FeedLink(f"Articles mentioning {entity.name}", url)
    if name == "articles:source" and source:
        url = reverse("articles:source-feed", kwargs={"slug": source.slug})
        return FeedLink(f"Articles from {source.name}", url)
    return FeedLink("Latest articles", reverse("articles:feed"))
