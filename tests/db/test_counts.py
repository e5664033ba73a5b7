"""The copies the database keeps for fast pages (migration 0006) stay exact:
Entity.article_count, Source.article_count and Mention.published, whatever
writes the rows."""

import datetime

import pytest
from django.db.models import Count

from articles.entities.curation import merge_entities, set_mentions
from articles.entities.extraction import ExtractedEntity
from articles.models import Article, Entity, EntityKind, Mention, Source
from tests.factories import (
    ArticleFactory,
    EntityFactory,
    MentionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

JAN = datetime.date(2024, 1, 5)
MAY = datetime.date(2024, 5, 9)


def assert_counts_exact():
    real = dict(Entity.objects.annotate(n=Count("mentions")).values_list("pk", "n"))
    kept = dict(Entity.objects.values_list("pk", "article_count"))
    assert kept == real


def assert_dates_exact():
    for mention in Mention.objects.select_related("article"):
        assert mention.published == mention.article.published


def test_counts_follow_mentions_created_deleted_and_moved():
    port, city = EntityFactory(name="Portvik"), EntityFactory(name="Lindholm")
    mentions = [MentionFactory(entity=port) for _ in range(3)]
    Mention.objects.bulk_create(
        [Mention(article=ArticleFactory(), entity=port) for _ in range(2)]
    )
    port.refresh_from_db()
    assert port.article_count == 5
    mentions[0].delete()
    Mention.objects.filter(pk=mentions[1].pk).update(entity=city)
    port.refresh_from_db()
    city.refresh_from_db()
    assert (port.article_count, city.article_count) == (3, 1)
    mentions[2].article.delete()
    assert_counts_exact()


def test_counts_survive_merges_and_re_extraction():
    port, harbour = EntityFactory(name="Portvik"), EntityFactory(name="Port Vik")
    shared = ArticleFactory()
    MentionFactory(entity=port, article=shared)
    MentionFactory(entity=harbour, article=shared)
    MentionFactory(entity=harbour)
    merge_entities(port, [harbour])
    port.refresh_from_db()
    assert port.article_count == 2
    set_mentions([(shared, [ExtractedEntity("Lindholm", EntityKind.PLACE, 2)])])
    assert_counts_exact()


def test_source_counts_follow_articles():
    wire, paper = SourceFactory(name="Coast Wire"), SourceFactory(name="Daily")
    articles = [ArticleFactory(source=wire) for _ in range(3)]
    Article.objects.bulk_create(
        [
            Article(title="t", body="b", source=paper, import_key=f"k{n}")
            for n in range(2)
        ]
    )
    ArticleFactory(source=None)
    articles[0].source = paper
    articles[0].save()
    Article.objects.filter(pk=articles[1].pk).update(source=None)
    articles[2].delete()
    wire.refresh_from_db()
    paper.refresh_from_db()
    assert (wire.article_count, paper.article_count) == (0, 3)
    assert_counts_exact()


def test_a_stale_entity_saved_does_not_undo_the_count():
    port = EntityFactory(name="Portvik")
    stale = Entity.objects.get(pk=port.pk)
    MentionFactory(entity=port)
    stale.name = "Portvik harbour"
    stale.save()
    stale.refresh_from_db()
    assert (stale.name, stale.article_count) == ("Portvik harbour", 1)
    wire = SourceFactory(name="Coast Wire")
    stale = Source.objects.get(pk=wire.pk)
    ArticleFactory(source=wire)
    stale.save()
    stale.refresh_from_db()
    assert stale.article_count == 1


def test_mentions_carry_their_articles_date():
    article = ArticleFactory(published=JAN)
    other = ArticleFactory(published=None)
    mention = MentionFactory(article=article)
    Mention.objects.bulk_create([Mention(article=article, entity=EntityFactory())])
    MentionFactory(article=other)
    assert_dates_exact()
    article.published = MAY
    article.save()
    Article.objects.filter(pk=other.pk).update(published=JAN)
    assert_dates_exact()
    Mention.objects.filter(pk=mention.pk).update(article=other)
    assert Mention.objects.get(pk=mention.pk).published == JAN
    assert_dates_exact()


def test_the_entity_page_counts_and_dates_come_from_the_copies(client):
    port = EntityFactory(name="Portvik")
    for day in [JAN, JAN, MAY, None]:
        MentionFactory(entity=port, article=ArticleFactory(published=day))
    response = client.get(port.get_absolute_url())
    assert response.context["page"].paginator.count == 4
    points = dict(response.context["dates"].points)
    assert (points["Jan 2024"], points["Mar 2024"], points["May 2024"]) == (2, 0, 1)
    assert len(points) == 5
    listed = [a.published for a in response.context["page"].object_list]
    assert listed == [MAY, JAN, JAN, None]  # newest first, undated last
