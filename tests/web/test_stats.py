"""What entity and source pages show about many articles, read from indexes."""

import datetime

import pytest

from articles import stats
from articles.models import Article, Mention
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory

pytestmark = pytest.mark.django_db


def dated(day, **fields):
    return ArticleFactory(published=day, **fields)


def test_a_timeline_counts_each_month_and_the_undated_articles():
    source = SourceFactory(name="Harbour Wire")
    for day in ["2024-01-05", "2024-01-20", "2024-03-02", None]:
        dated(datetime.date.fromisoformat(day) if day else None, source=source)
    timeline = stats.timeline(Article.objects.filter(source=source))
    assert timeline.unit == "month"
    assert timeline.points == [("Jan 2024", 2), ("Feb 2024", 0), ("Mar 2024", 1)]
    assert (timeline.first, timeline.last) == (
        datetime.date(2024, 1, 5),
        datetime.date(2024, 3, 2),
    )
    assert (timeline.total, timeline.undated) == (4, 1)


def test_a_long_timeline_counts_years_and_an_undated_one_has_no_points():
    source = SourceFactory(name="Old Wire")
    dated(datetime.date(2001, 6, 1), source=source)
    dated(datetime.date(2009, 6, 1), source=source)
    timeline = stats.timeline(Article.objects.filter(source=source))
    assert timeline.unit == "year" and len(timeline.points) == 9
    assert timeline.points[0] == ("2001", 1) and timeline.points[-1] == ("2009", 1)
    nothing = stats.timeline(Article.objects.filter(source=SourceFactory()))
    assert (nothing.points, nothing.total) == ([], 0)


def test_an_entitys_articles_come_newest_first_undated_last():
    kobe = EntityFactory(name="Kobe")
    old = MentionFactory(entity=kobe, article=dated(datetime.date(2020, 1, 1)))
    new = MentionFactory(entity=kobe, article=dated(datetime.date(2024, 1, 1)))
    undated = MentionFactory(entity=kobe, article=dated(None))
    ids = list(stats.entity_article_ids(kobe))
    assert ids == [new.article_id, old.article_id, undated.article_id]
    assert [a.pk for a in stats.in_order(ids[:2])] == ids[:2]
    assert stats.in_order([999_999]) == []


def test_entities_named_beside_one_are_counted_in_its_latest_articles(monkeypatch):
    kobe, osaka, tokyo = (EntityFactory(name=n) for n in ["Kobe", "Osaka", "Tokyo"])
    hidden = EntityFactory(name="Hidden", hidden=True)
    for n in range(3):
        article = dated(datetime.date(2024, 1, 1 + n))
        for entity in [kobe, osaka, hidden] + ([tokyo] if n == 0 else []):
            MentionFactory(article=article, entity=entity)
    assert stats.mentioned_with(kobe, stats.latest_of(kobe)) == [
        ({"name": "Osaka", "slug": osaka.slug}, 3),
        ({"name": "Tokyo", "slug": tokyo.slug}, 1),
    ]
    # Only the latest WINDOW articles count: the oldest (with Tokyo) drops out.
    monkeypatch.setattr(stats, "WINDOW", 2)
    assert stats.mentioned_with(kobe, stats.latest_of(kobe)) == [
        ({"name": "Osaka", "slug": osaka.slug}, 2)
    ]


def test_a_sources_top_entities_are_grouped_by_kind():
    source = SourceFactory(name="Port Wire")
    person = EntityFactory(name="Ann Lee", kind="person")
    place = EntityFactory(name="Portvik")
    for n in range(2):
        article = dated(datetime.date(2024, 2, 1 + n), source=source)
        MentionFactory(article=article, entity=place)
    MentionFactory(article=article, entity=person)
    assert stats.top_entities(source) == [
        ("People", [({"name": "Ann Lee", "slug": person.slug}, 1)]),
        ("Places", [({"name": "Portvik", "slug": place.slug}, 2)]),
    ]
    assert Mention.objects.count() == 3
