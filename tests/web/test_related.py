import datetime

import pytest

from articles import related
from articles.related import related_articles
from tests.factories import (
    ArticleFactory,
    EntityFactory,
    MentionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def common_at_three(monkeypatch):
    """Entities in three or more articles count as common; nothing remembered."""
    monkeypatch.setattr(related, "COMMON", 3)
    monkeypatch.setattr(related, "_common", {})


def mentions_of(article):
    return list(article.mentions.select_related("entity"))


def related_to(article):
    return [found.pk for found in related_articles(article, mentions_of(article))]


def test_articles_sharing_rarer_entities_come_first():
    rare, less_rare = EntityFactory(name="Portvik"), EntityFactory(name="Norway")
    article = ArticleFactory()
    for entity in (rare, less_rare):
        MentionFactory(article=article, entity=entity)
    close = ArticleFactory()
    MentionFactory(article=close, entity=rare)
    further = [ArticleFactory() for _ in range(3)]
    for other in further:
        MentionFactory(article=other, entity=less_rare)

    found = related_to(article)

    assert found[0] == close.pk
    # Equally related articles: the newest first.
    assert found[1:] == sorted((other.pk for other in further), reverse=True)


def test_common_entities_bring_no_candidates_and_are_remembered(common_at_three):
    common, rare = EntityFactory(name="Britain"), EntityFactory(name="Portvik")
    article = ArticleFactory()
    for entity in (common, rare):
        MentionFactory(article=article, entity=entity)
    for _ in range(3):
        MentionFactory(entity=common)
    close = ArticleFactory()
    MentionFactory(article=close, entity=rare)

    assert related_to(article) == [close.pk]
    assert set(related._common) == {common.pk}


def test_remembered_common_entities_are_not_counted_again(
    common_at_three, django_assert_num_queries
):
    common = EntityFactory(name="Britain")
    article = ArticleFactory()
    MentionFactory(article=article, entity=common)
    for _ in range(3):
        MentionFactory(entity=common)
    assert related_to(article) == []

    mentions = mentions_of(article)
    with django_assert_num_queries(0):
        assert related_articles(article, mentions) == []


def test_hidden_entities_relate_nothing():
    hidden = EntityFactory(name="Portvik", hidden=True)
    article, other = ArticleFactory(), ArticleFactory()
    for each in (article, other):
        MentionFactory(article=each, entity=hidden)

    assert related_to(article) == []


def test_shared_headline_words_break_ties_between_shared_entities():
    entity = EntityFactory(name="Portvik")
    article = ArticleFactory(title="Ferry strike halts Portvik crossings")
    alike = ArticleFactory(title="Portvik ferry strike ends")
    unlike = ArticleFactory(title="Harbour fees rise")
    for each in (article, alike, unlike):
        MentionFactory(article=each, entity=entity)

    assert related_to(article) == [alike.pk, unlike.pk]


def test_related_articles_carry_what_the_page_shows():
    entity = EntityFactory(name="Portvik")
    article = ArticleFactory()
    other = ArticleFactory(
        title="Portvik ferry talks",
        published=datetime.date(2024, 3, 5),
        source=SourceFactory(name="North Wire"),
    )
    undated = ArticleFactory(published=None, source=None)
    for each in (article, other, undated):
        MentionFactory(article=each, entity=entity)

    found = {each.pk: each for each in related_articles(article, mentions_of(article))}

    assert found[other.pk].title == "Portvik ferry talks"
    assert found[other.pk].slug == other.slug
    assert found[other.pk].published == datetime.date(2024, 3, 5)
    assert found[other.pk].source_name == "North Wire"
    assert found[undated.pk].published is None
    assert found[undated.pk].source_name is None
