"""Data migrations, run for real: migrate back, write old data, migrate forward."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article, SearchText
from articles.search.indexing import search_fields

BEFORE_DECODING = [("articles", "0008_publication_time")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes("articles")


@pytest.mark.django_db(transaction=True)
def test_stored_character_references_are_decoded_and_reindexed():
    old = migrate(BEFORE_DECODING)
    OldArticle = old.get_model("articles", "Article")
    OldSearchText = old.get_model("articles", "SearchText")
    stored = {}
    for key, title, edited in [
        ("bbc/1.txt", "&#163;1.8m indecency fine for Viacom", []),
        ("bbc/2.txt", "Marks &amp; Spencer &amp;amp; partners", []),
        ("bbc/3.txt", "An editor wrote &amp; on purpose", ["title"]),
    ]:
        article = OldArticle.objects.create(
            title=title,
            slug="story",
            body="Sales rose to &#163;2bn.\n\nAT&T said R&D; would grow.",
            import_key=key,
            content_hash=key,
            edited_fields=edited,
        )
        OldSearchText.objects.create(
            article_id=article.pk, **search_fields(title=title, body=article.body)
        )
        stored[key] = article.pk
    migrate(latest())

    viacom = Article.objects.get(pk=stored["bbc/1.txt"])
    assert viacom.title == "£1.8m indecency fine for Viacom"
    assert viacom.body == "Sales rose to £2bn.\n\nAT&T said R&D; would grow."
    assert Article.objects.get(pk=stored["bbc/2.txt"]).title == (
        "Marks & Spencer &amp; partners"
    )
    edited = Article.objects.get(pk=stored["bbc/3.txt"])
    assert edited.title == "An editor wrote &amp; on purpose"  # the editor's text
    assert edited.body.startswith("Sales rose to £2bn.")
    for article in Article.objects.all():
        expected = search_fields(title=article.title, body=article.body)
        row = SearchText.objects.filter(article=article).values(*expected).get()
        assert row == expected
