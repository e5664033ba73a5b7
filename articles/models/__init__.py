"""newsroom's models, by concept: the archive (sources, articles), entities
(and their aliases, redirects and mentions) and search (what the full-text
index reads)."""

from .archive import Article, ArticleQuerySet, Source, SourceQuerySet, fields_to_save
from .entities import (
    KIND_HEADINGS,
    Entity,
    EntityAlias,
    EntityKind,
    EntityQuerySet,
    EntityRedirect,
    Mention,
)
from .names import normalize_name, unique_slug
from .search import SearchDocument, SearchTerm, SearchText

__all__ = [
    "KIND_HEADINGS",
    "Article",
    "ArticleQuerySet",
    "Entity",
    "EntityAlias",
    "EntityKind",
    "EntityQuerySet",
    "EntityRedirect",
    "Mention",
    "SearchDocument",
    "SearchTerm",
    "SearchText",
    "Source",
    "SourceQuerySet",
    "fields_to_save",
    "normalize_name",
    "unique_slug",
]
