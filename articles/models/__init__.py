"""newsroom's models, by concept: the archive (sources, articles), entities
(and their aliases, redirects and mentions), search (what the full-text
index reads), stories (versions and copies of one story, grouped) and
subjects (the topics feeds file stories under), readers' saved searches and
their digests, and the archive's state as a whole (what pages' validators are
made from)."""

from .archive import Article, ArticleQuerySet, Source, SourceQuerySet, fields_to_save
from .entities import (
    KIND_HEADINGS,
    Entity,
    EntityAlias,
    EntityKind,
    EntityMerge,
    EntityQuerySet,
    EntityRedirect,
    Mention,
)
from .names import normalize_name, unique_slug
from .readers import Digest, DigestStory, SavedSearch
from .search import SearchDocument, SearchTerm, SearchText
from .state import ArchiveState
from .stories import Story, StoryBand, StorySignature
from .subjects import Subject

__all__ = [
    "KIND_HEADINGS",
    "ArchiveState",
    "Article",
    "ArticleQuerySet",
    "Digest",
    "DigestStory",
    "Entity",
    "EntityAlias",
    "EntityKind",
    "EntityMerge",
    "EntityQuerySet",
    "EntityRedirect",
    "Mention",
    "SavedSearch",
    "SearchDocument",
    "SearchTerm",
    "SearchText",
    "Source",
    "SourceQuerySet",
    "Story",
    "StoryBand",
    "StorySignature",
    "Subject",
    "fields_to_save",
    "normalize_name",
    "unique_slug",
]
