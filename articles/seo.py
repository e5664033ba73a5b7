"""What an article page tells search engines and link previews about itself.

Pure functions from an article (and the absolute URLs the caller builds) to
the text of meta tags and to schema.org NewsArticle data; the template tags
in templatetags/seo.py put them into pages.
"""

import datetime
import re
from pathlib import PurePosixPath

from django.utils.text import Truncator

from .models import EntityKind
from .paths import PathFormat

DESCRIPTION_LENGTH = 160
# An article saved again this long after its import was changed since: by an
# editor, or by the re-import of a newer version of its file.
CHANGED_AFTER = datetime.timedelta(minutes=1)
# Google shows headlines up to 110 characters in rich results.
HEADLINE_LENGTH = 110
SCHEMA_TYPES = {
    EntityKind.PERSON: "Person",
    EntityKind.ORGANISATION: "Organization",
    EntityKind.PLACE: "Place",
    EntityKind.GROUP: "Thing",
}
BY_PREFIX = re.compile(r"^\s*by\s+", re.IGNORECASE)
AUTHOR_SEPARATOR = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)
# Folder names that are newspaper sections. Other folders name a source or a
# batch ("kyodo/", "2024-03/"), which would be wrong as a section.
SECTIONS = {
    "business",
    "culture",
    "economy",
    "education",
    "entertainment",
    "environment",
    "health",
    "markets",
    "opinion",
    "politics",
    "science",
    "sport",
    "sports",
    "tech",
    "technology",
    "travel",
    "world",
}


def describe(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line, cut at a word to at most `length` characters."""
    return Truncator(" ".join(text.split())).chars(length)


def authors(byline: str) -> list[str]:
    """The names in a byline: "By Ann Lee and Bo Kim" -> ["Ann Lee", "Bo Kim"]."""
    names = AUTHOR_SEPARATOR.split(BY_PREFIX.sub("", byline or "").strip())
    return [name.strip(" ,;") for name in names if name.strip(" ,;")]


def section(article) -> str:
    """The section a text file was filed under: business/001.txt -> "business".

    Corpora such as BBC News keep their stories in a folder per section; the
    article remembers it in its import key. Anything else has no section.
    """
    parts = PurePosixPath(article.import_key or "").parts
    folder = parts[-2].lower() if len(parts) >= 2 else ""
    return folder if folder in SECTIONS else ""


def date_published(article) -> str:
    """The publication date as schema.org wants it: with the time where the
    source gave one, else the day alone; "" when unknown."""
    if article.published_at:
        return article.published_at.isoformat()
    return article.published.isoformat() if article.published else ""


def date_modified(article) -> str:
    """When the article last changed: an editor's correction or a newer
    version of its file; unchanged since publication, its publication date;
    undated and unchanged, when the archive received it."""
    changed = article.updated_at - article.imported_at > CHANGED_AFTER
    if changed or article.edited_fields:
        return article.updated_at.isoformat(timespec="seconds")
    return date_published(article) or article.imported_at.isoformat(timespec="seconds")


def visible_entities(article) -> list:
    """The entities of an article's mentions, most mentioned first, none hidden."""
    return [m.entity for m in article.mentions.all() if not m.entity.hidden]


def news_article(article, *, url: str, absolute) -> dict:
    """schema.org NewsArticle data for `article`, whose page is at `url`.

    `absolute` turns a site path into an absolute URL.
    """
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": Truncator(article.title).chars(HEADLINE_LENGTH),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": "en",
    }
    if description := describe(article.lead):
        data["description"] = description
    if published := date_published(article):
        data["datePublished"] = published
    data["dateModified"] = date_modified(article)
    if names := authors(article.byline):
        data["author"] = [{"@type": "Person", "name": name} for name in names]
    if article.source:
        data["publisher"] = {
            "@type": "Organization",
            "name": article.source.name,
            "url": absolute(article.source.get_absolute_url()),
        }
    if article_section := section(article):
        data["articleSection"] = article_section
    if article.dateline:
        data["dateline"] = article.dateline
    if article.url.startswith(("http://", "https://")):
        data["isBasedOn"] = article.url
    if entities := visible_entities(article):
        entity_path = PathFormat("articles:entity")
        data["mentions"] = [
            {
                "@type": SCHEMA_TYPES.get(entity.kind, "Thing"),
                "name": entity.name,
                "url": absolute(entity_path(entity)),
            }
            for entity in entities
        ]
    return data
