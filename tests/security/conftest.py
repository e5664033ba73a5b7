"""An article with HTML in every field, and the pages that show it."""

import datetime
from urllib.parse import quote

import pytest
from django.urls import reverse

from articles.models import EntityKind
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory
from tests.security import SCRIPT


@pytest.fixture
def hostile_article(db):
    source = SourceFactory(name=f"Wire {SCRIPT}")
    article = ArticleFactory(
        title=f"Harbour vote {SCRIPT}",
        body=f"Harbour lead {SCRIPT} paragraph.\n\nSecond {SCRIPT} paragraph.",
        captions=f"Caption {SCRIPT}",
        byline=f"Ann {SCRIPT}",
        dateline=f"TOKYO {SCRIPT}",
        credits=f"Editing by {SCRIPT}",
        url="javascript:alert(1)",
        source=source,
        published=datetime.date(2024, 3, 5),
    )
    entity = EntityFactory(name=f"Kobe {SCRIPT}", kind=EntityKind.PLACE)
    MentionFactory(article=article, entity=entity, count=3)
    return article


@pytest.fixture
def public_pages(hostile_article):
    """Every public page that shows the hostile article, its source or entity."""
    article = hostile_article
    entity = article.mentions.first().entity
    searches = [
        "?q=harbour",
        "?q=alert",
        "?q=" + quote(SCRIPT),
        f"?entity={entity.slug}",
        f"?source={article.source.slug}",
    ]
    return [
        reverse("articles:home"),
        reverse("articles:list"),
        *(reverse("articles:search") + query for query in searches),
        article.get_absolute_url(),
        reverse("articles:entities"),
        reverse("articles:entities") + "?name=kobe",
        entity.get_absolute_url(),
        reverse("articles:sources"),
        article.source.get_absolute_url(),
    ]


@pytest.fixture
def admin_pages(hostile_article):
    """Every admin page that shows the hostile article, its source or entity."""
    article = hostile_article
    entity = article.mentions.first().entity

    def admin(view, *args):
        return reverse(f"admin:articles_{view}", args=args)

    return [
        reverse("admin:index"),
        admin("article_changelist"),
        admin("article_changelist") + "?q=harbour",
        admin("article_change", article.pk),
        admin("article_history", article.pk),
        admin("article_delete", article.pk),
        admin("source_changelist"),
        admin("source_change", article.source.pk),
        admin("entity_changelist"),
        admin("entity_change", entity.pk),
    ]
