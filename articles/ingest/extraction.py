"""Entities for what is imported, and again for what is stored, in the pool.

The language model is loaded in the processes that extract, at import time
only, never in a web worker. With several workers, each process extracts
whole chunks and returns only the entities: spaCy's own n_process would send
every parsed document back to this process, which also parses and writes.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import tee

from django.db import transaction

from .. import corrections
from ..entities.curation import set_mentions
from ..entities.datelines import with_dateline
from ..models import Article
from ..withdrawal import set_withdrawn_mentions
from .items import Item
from .planning import BATCH_SIZE
from .pool import chunked, in_order

# Texts sent to an extraction worker at a time.
EXTRACT_CHUNK = 32
# Chunks queued beyond one per worker: a whole write batch's worth, so that the
# workers go on extracting while this process saves a batch.
EXTRACT_AHEAD = BATCH_SIZE // EXTRACT_CHUNK + 1


def with_entities(items: Iterator[Item], *, workers: int) -> Iterator[tuple]:
    """(item, extracted entities) for each item, in order."""
    if workers <= 1:  # one stream through the model, in this process
        items, texts = tee(items)
        pairs = zip(items, extract_texts(map(item_text, texts)), strict=True)
    else:
        pairs = _pairs(chunked(items, EXTRACT_CHUNK), workers=workers, text=item_text)
    return (
        (item, with_dateline(found, item.fields["dateline"])) for item, found in pairs
    )


def extract_again(
    ids: list[int],
    *,
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Extract the entities of the stored articles `ids` again and replace
    their mentions, one pool for the whole run; articles whose entities an
    editor changed are left alone, and a withdrawn article's are kept aside
    for its restoring (articles/withdrawal.py). Returns (extracted, left
    alone)."""
    left_alone = 0

    def articles() -> Iterator[Article]:
        nonlocal left_alone
        for batch in chunked(ids, BATCH_SIZE):
            rows = Article.objects.filter(pk__in=batch).order_by("pk")
            fields = (
                "pk",
                "title",
                "body",
                "captions",
                "dateline",
                "edited_fields",
                "withdrawn_at",
            )
            for article in rows.only(*fields):
                if corrections.entities_corrected(article):
                    left_alone += 1
                else:
                    yield article

    done = 0
    pairs = (
        (article, with_dateline(found, article.dateline))
        for article, found in _pairs(
            chunked(articles(), EXTRACT_CHUNK), workers=workers, text=article_text
        )
    )
    for chunk in chunked(pairs, EXTRACT_CHUNK):
        with transaction.atomic():
            set_mentions([pair for pair in chunk if not pair[0].is_withdrawn])
            set_withdrawn_mentions([pair for pair in chunk if pair[0].is_withdrawn])
        done += len(chunk)
        if progress:
            progress(done, left_alone)
    return done, left_alone


def extraction_text(title: str, body: str, captions: str) -> str:
    """What the language model reads of a story: headline, body and photo
    captions (which may name places and people the body does not), without
    the captions' photo credits ("(Kyodo)", "(AP Photo/Lee Jin-man)"): the
    agency that took the picture is not a subject of the story."""
    captions = _PHOTO_CREDIT.sub("", captions)
    return "\n\n".join(part for part in (title, body, captions) if part)


# A caption's last words in brackets, capitalised words and slashes only.
_PHOTO_CREDIT = re.compile(
    r"\s*\((?:[A-Z][\w.&'’-]*)(?:[ /]+[A-Z][\w.&'’-]*)*\)[ \t]*$", re.MULTILINE
)


def item_text(item: Item) -> str:
    fields = item.fields
    return extraction_text(fields["title"], fields["body"], fields["captions"])


def article_text(article: Article) -> str:
    return extraction_text(article.title, article.body, article.captions)


def extract_texts(texts: Iterable[str]) -> list:
    """The entities of each text (spaCy is loaded on first use)."""
    from ..entities.extraction import extract_many

    return list(extract_many(list(texts)))


def _pairs(chunks, *, workers: int, text) -> Iterator[tuple]:
    """(thing, its entities) for the things of `chunks`; only texts travel."""
    for chunk, found in in_order(
        extract_texts,
        chunks,
        workers=workers,
        ahead=EXTRACT_AHEAD,
        send=lambda chunk: [text(thing) for thing in chunk],
    ):
        yield from zip(chunk, found, strict=True)
