"""Each article's search text: what it holds, kept in step, rebuilt, checked."""

import pytest
from django.db import connection

from articles.models import Article, SearchText
from articles.search import get_search_backend
from articles.search.indexing import REBUILD_BATCH, search_fields, stale_articles
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_search_text_holds_the_stems_of_title_lead_and_rest():
    fields = search_fields(
        title="Ferries return", body="Defectors sailed.\n\nMore ferries came."
    )
    assert fields == {
        "title": "ferri return",
        "lead": "defector sail",
        "rest": "more ferri came",
        "length": 7,
    }


def test_saving_an_article_keeps_its_search_text_in_step():
    article = ArticleFactory(title="Ferry strike", body="Crews walked out.")
    assert SearchText.objects.get(article=article).title == "ferri strike"
    article.title = "Ferry strike ends"
    article.save()
    assert SearchText.objects.get(article=article).title == "ferri strike end"
    assert stale_articles() == []


def test_stale_or_missing_search_text_is_found():
    fresh, edited, lost = ArticleFactory.create_batch(3)
    Article.objects.filter(pk=edited.pk).update(title="Changed behind its back")
    SearchText.objects.filter(article=lost).delete()
    assert sorted(stale_articles()) == sorted([edited.pk, lost.pk])


def test_rebuilding_rewrites_every_row(monkeypatch):
    articles = ArticleFactory.create_batch(5)
    Article.objects.filter(pk=articles[0].pk).update(title="Quietly renamed")
    # Batches of two: the pool is used as for a large archive.
    monkeypatch.setattr("articles.search.indexing.REBUILD_BATCH", 2)
    written = get_search_backend().rebuild()  # reindex_all, and the index
    assert written == 5 == SearchText.objects.count()
    assert SearchText.objects.get(article=articles[0]).title == "quiet renam"
    assert stale_articles() == []
    assert REBUILD_BATCH > 2


def test_rebuilding_writes_the_rows_in_article_order(monkeypatch):
    """SQLite's full-text index reads the rows back in the order they were
    written, and writes out what it holds at each article lower than the one
    before: rows written newest first made a rebuild of 100,000 articles
    take minutes instead of seconds."""
    # Imported oldest first; the model's order is newest first.
    for year in (2018, 2020, 2022, 2024, 2026):
        ArticleFactory(published=f"{year}-05-01")
    monkeypatch.setattr("articles.search.indexing.REBUILD_BATCH", 3)
    get_search_backend().rebuild()
    with connection.cursor() as cursor:
        # Written order: SQLite's hidden rowid; PostgreSQL's physical order.
        order = "rowid" if connection.vendor == "sqlite" else "ctid"
        cursor.execute(f"SELECT article_id FROM articles_searchtext ORDER BY {order}")
        written = [row[0] for row in cursor.fetchall()]
    assert written == sorted(written)
