"""Editors' corrections win, over re-import and over re-extraction.

The one place that rule lives. An editor's change to an article in the admin
is recorded in Article.edited_fields: the names of the corrected fields, and
ENTITIES when its entity mentions were changed. Re-importing its file leaves
those fields as the editor wrote them; neither the importer nor
`extract_entities` replaces the mentions of an article whose entities an
editor changed. Grouping leaves an article in the story an editor put it in
(STORY); a provider's withdrawal notice leaves an article an editor withdrew
or restored as the editor left it (WITHDRAWAL). The admin action "Allow
re-import to overwrite editors' corrections" forgets the record. (Merged,
renamed and hidden entities stay so by their own means: see
articles/entities/curation.py.)
"""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

# The article fields an editor can correct in the admin.
EDITABLE_FIELDS = (
    "title",
    "body",
    "published",
    "published_at",
    "source",
    "byline",
    "url",
    "captions",
    "dateline",
    "version",
    "advisory",
    "story",
    "subjects",
)
# In edited_fields: an editor changed the article's entity mentions.
ENTITIES = "entities"
# In edited_fields: an editor withdrew the article or restored it; a
# provider's notice read again does not undo that (articles/withdrawal.py).
WITHDRAWAL = "withdrawal"
# In edited_fields: an editor put the article in its story (moved it out of
# another, or merged two stories); grouping leaves it there.
STORY = "story"


def record_corrections(article, fields: Iterable[str]) -> None:
    """Remember that an editor changed `fields` of `article` (before it is
    saved); fields that are not corrections (import metadata) are ignored."""
    corrected = set(fields) & set(EDITABLE_FIELDS)
    if corrected:
        article.edited_fields = sorted(set(article.edited_fields or []) | corrected)


def record_entity_correction(article) -> None:
    """Remember, and save, that an editor changed the article's mentions."""
    if ENTITIES not in (article.edited_fields or []):
        article.edited_fields = sorted({*(article.edited_fields or []), ENTITIES})
        article.save(update_fields=["edited_fields"])


def corrected_fields(article) -> set[str]:
    """The fields a re-import must leave as the editor wrote them."""
    return set(article.edited_fields or []) - {ENTITIES, WITHDRAWAL}


def record_withdrawal_decision(article) -> None:
    """Remember (before it is saved) that an editor withdrew or restored it."""
    article.edited_fields = sorted({*(article.edited_fields or []), WITHDRAWAL})


def withdrawal_decided(article) -> bool:
    """Whether an editor decided the article's withdrawal."""
    return WITHDRAWAL in (article.edited_fields or [])


def entities_corrected(article) -> bool:
    """Whether re-import and re-extraction must leave the mentions alone."""
    return ENTITIES in (article.edited_fields or [])


def release(articles: QuerySet) -> int:
    """Let re-import overwrite these articles again; returns how many."""
    return articles.update(edited_fields=[], updated_at=timezone.now())
