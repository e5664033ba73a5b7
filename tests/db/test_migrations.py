"""Data migrations, run for real: migrate back, write old data, migrate forward."""

import datetime as dt

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


@pytest.mark.django_db(transaction=True)
def test_stored_bands_get_the_week_their_article_was_sent():
    from articles.models import StoryBand

    old = migrate([("articles", "0013_mention_stories")])
    OldArticle = old.get_model("articles", "Article")
    OldSignature = old.get_model("articles", "StorySignature")
    OldBand = old.get_model("articles", "StoryBand")
    dates = {
        "timed.txt": {"published_at": dt.datetime(2024, 1, 14, 23, 30, tzinfo=dt.UTC)},
        "dated.txt": {"published": dt.date(2024, 1, 15)},
        "undated.txt": {},
    }
    pks = {}
    for key, when in dates.items():
        article = OldArticle.objects.create(
            title="Port strike", slug="port-strike", body="Dockers walked out.",
            import_key=key, content_hash=key, **when,
        )  # fmt: skip
        OldSignature.objects.create(
            article_id=article.pk, minhash=b"\0" * 240, shingles=1, headline="port"
        )
        OldBand.objects.bulk_create(
            OldBand(key=n, article_id=article.pk) for n in range(3)
        )
        pks[key] = article.pk
    migrate(latest())

    def weeks(key):
        return set(
            StoryBand.objects.filter(article_id=pks[key]).values_list("week", flat=True)
        )

    # Weeks start on Monday: 14 January 2024 is a Sunday, the 15th a Monday.
    sunday, monday = weeks("timed.txt"), weeks("dated.txt")
    assert len(sunday) == len(monday) == 1
    assert monday.pop() - sunday.pop() == 1
    assert weeks("undated.txt") == {None}
