import pytest

from articles.paths import PathFormat
from tests.factories import ArticleFactory, EntityFactory

pytestmark = pytest.mark.django_db


def test_paths_are_the_objects_own_urls():
    entity = EntityFactory(name="Portvik Harbour Board")
    article = ArticleFactory(title="Ferry strike in Portvik")

    assert PathFormat("articles:entity")(entity) == entity.get_absolute_url()
    assert PathFormat("articles:detail", pk=True)(article) == (
        article.get_absolute_url()
    )


def test_a_slug_the_pattern_might_not_take_falls_back_to_reversing(monkeypatch):
    entity = EntityFactory(name="Portvik")
    entity.slug = "port vik"
    monkeypatch.setattr(type(entity), "get_absolute_url", lambda self: "reversed")

    assert PathFormat("articles:entity")(entity) == "reversed"
