"""Keeping SearchText, and through its triggers the database's index, in step."""

import os
from collections.abc import Iterable, Iterator
from itertools import chain

from django.db import connection, transaction

from ..ingest.pool import in_order
from ..models import Article, SearchText
from .text import stems

REBUILD_BATCH = 1000
ROW = ("title", "lead", "rest", "length")
INSERT = (
    f"INSERT INTO {SearchText._meta.db_table} (article_id, {', '.join(ROW)}) "
    f"VALUES (%s, {', '.join(['%s'] * len(ROW))})"
)


def search_fields(*, title: str, body: str, captions: str = "") -> dict:
    """SearchText's fields for an article with this headline, body and photo
    captions. Captions are searched with the body after its first paragraph
    (the "rest", weighted as such): they name places and people the story
    may not, but they describe a picture, not the news."""
    lead, _, rest = body.partition("\n\n")
    words = {
        "title": stems(title),
        "lead": stems(lead),
        "rest": stems(rest) + stems(captions),
    }
    fields = {name: " ".join(found) for name, found in words.items()}
    fields["length"] = sum(map(len, words.values()))
    return fields


def searched(article: Article) -> dict:
    """SearchText's fields for a saved article."""
    return search_fields(
        title=article.title, body=article.body, captions=article.captions
    )


def index_article(article: Article) -> None:
    """Write the search text of one saved article; a withdrawn one has none
    (articles/withdrawal.py)."""
    if article.withdrawn_at is not None:
        SearchText.objects.filter(article=article).delete()
        return
    fields = searched(article)
    if not SearchText.objects.filter(article=article).update(**fields):
        SearchText.objects.create(article=article, **fields)


def index_articles(articles: Iterable[Article]) -> int:
    """Write search text for many articles at once (they must have none yet)."""
    rows = [SearchText(article=a, **searched(a)) for a in articles]
    SearchText.objects.bulk_create(rows, batch_size=REBUILD_BATCH)
    return len(rows)


def reindex_all(*, clear: str) -> int:
    """Recompute every article's search text; returns how many were written.

    Empties the table with `clear` (the backend's way: SQLite has no
    TRUNCATE), then writes the rows with plain SQL, the words of large
    archives computed by a process per core while this one writes.
    """
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(clear)
        for rows in _search_rows(_articles()):
            cursor.executemany(INSERT, rows)
            written += len(rows)
    return written


def _articles() -> Iterator[list[tuple[int, str, str, str]]]:
    """(id, title, body, captions) of every article readers may find, a
    batch at a time."""
    ids = list(Article.objects.public().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), REBUILD_BATCH):
        batch = Article.objects.filter(pk__in=ids[start : start + REBUILD_BATCH])
        # In id order, as the rows must reach the table: SQLite's full-text
        # index reads them back in the order they were written, and each id
        # lower than the one before makes it write out what it holds. Read
        # newest first (the model's order), 100,000 articles made 100,000
        # tiny segments to merge, and a second rebuild took minutes.
        yield list(batch.order_by("pk").values_list("pk", "title", "body", "captions"))


def _search_rows(batches: Iterator[list]) -> Iterator[list[list]]:
    """The rows of search text for each batch of articles, a process per core
    computing them (two at most) unless the archive is one batch or less."""
    first = next(batches, None)
    if first is None:
        return
    workers = min(2, os.cpu_count() or 1) if len(first) == REBUILD_BATCH else 1
    for _, rows in in_order(
        _rows_of, chain([first], batches), workers=workers, ahead=workers
    ):
        yield rows


def _rows_of(articles) -> list[list]:
    rows = []
    for pk, title, body, captions in articles:
        fields = search_fields(title=title, body=body, captions=captions)
        rows.append([pk, *(fields[name] for name in ROW)])
    return rows


def stale_articles() -> list[int]:
    """Ids of articles whose search text is missing or out of date (not
    the withdrawn, which have none)."""
    stale = []
    ids = list(Article.objects.public().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), REBUILD_BATCH):
        batch = ids[start : start + REBUILD_BATCH]
        stored = {
            row["article_id"]: row
            for row in SearchText.objects.filter(article_id__in=batch).values(
                "article_id", "title", "lead", "rest"
            )
        }
        articles = Article.objects.filter(pk__in=batch)
        for article in articles.only("pk", "title", "body", "captions"):
            row = stored.get(article.pk)
            expected = searched(article)
            if row is None or any(
                row[k] != expected[k] for k in ("title", "lead", "rest")
            ):
                stale.append(article.pk)
    withdrawn = SearchText.objects.filter(article__withdrawn_at__isnull=False)
    return stale + list(withdrawn.values_list("article_id", flat=True))


def on_article_saved(sender, instance, raw=False, **kwargs):
    """post_save: keep the article's search text in step (not for fixtures)."""
    if not raw:
        index_article(instance)
