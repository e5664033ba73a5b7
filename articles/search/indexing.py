"""Keeping SearchText, and through its triggers the database's index, in step."""

from collections.abc import Iterable

from django.db import transaction

from ..models import Article, SearchText
from .text import index_text

REBUILD_BATCH = 1000


def search_fields(*, title: str, body: str) -> dict:
    """SearchText's fields for an article with this headline and body."""
    lead, _, rest = body.partition("\n\n")
    fields = {
        "title": index_text(title),
        "lead": index_text(lead),
        "rest": index_text(rest),
    }
    fields["length"] = sum(len(v.split()) for v in fields.values())
    return fields


def index_article(article: Article) -> None:
    """Write the search text of one saved article."""
    fields = search_fields(title=article.title, body=article.body)
    if not SearchText.objects.filter(article=article).update(**fields):
        SearchText.objects.create(article=article, **fields)


def index_articles(articles: Iterable[Article]) -> int:
    """Write search text for many articles at once (they must have none yet)."""
    rows = [
        SearchText(article=a, **search_fields(title=a.title, body=a.body))
        for a in articles
    ]
    SearchText.objects.bulk_create(rows, batch_size=REBUILD_BATCH)
    return len(rows)


def reindex_all() -> int:
    """Recompute every article's search text; returns how many were written."""
    written = 0
    with transaction.atomic():
        SearchText.objects.all().delete()
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), REBUILD_BATCH):
            batch = Article.objects.filter(pk__in=ids[start : start + REBUILD_BATCH])
            written += index_articles(batch.only("pk", "title", "body"))
    return written


def stale_articles() -> list[int]:
    """Ids of articles whose search text is missing or out of date."""
    stale = []
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), REBUILD_BATCH):
        batch = ids[start : start + REBUILD_BATCH]
        stored = {
            row["article_id"]: row
            for row in SearchText.objects.filter(article_id__in=batch).values(
                "article_id", "title", "lead", "rest"
            )
        }
        for article in Article.objects.filter(pk__in=batch).only("pk", "title", "body"):
            row = stored.get(article.pk)
            expected = search_fields(title=article.title, body=article.body)
            if row is None or any(
                row[k] != expected[k] for k in ("title", "lead", "rest")
            ):
                stale.append(article.pk)
    return stale


def on_article_saved(sender, instance, raw=False, **kwargs):
    """post_save: keep the article's search text in step (not for fixtures)."""
    if not raw:
        index_article(instance)
