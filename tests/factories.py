import datetime
import hashlib

import factory

from articles.models import Article, Entity, EntityKind, Mention, Source


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Wire Service {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(
        lambda n: f"Harbour authority opens new ferry terminal {n}"
    )
    body = factory.Sequence(
        lambda n: (
            f"The harbour authority opened ferry terminal number {n} on Monday.\n\n"
            "Officials said the terminal would handle two million passengers a year."
        )
    )
    source = factory.SubFactory(SourceFactory)
    import_key = factory.Sequence(lambda n: f"factory/{n:05d}.txt")
    content_hash = factory.LazyAttribute(
        lambda a: hashlib.sha256(f"{a.title}\n{a.body}".encode()).hexdigest()
    )
    source_file = factory.LazyAttribute(lambda a: a.import_key)


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    name = factory.Sequence(lambda n: f"Port City {n}")
    kind = EntityKind.PLACE


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    article = factory.SubFactory(ArticleFactory)
    entity = factory.SubFactory(EntityFactory)
    count = 1


def admin_change_data(article, **changes):
    """The admin's change form of `article` as a browser would submit it,
    untouched unless `changes`: its fields and its inline mentions."""
    mentions = list(article.mentions.order_by("pk"))
    data = {
        "title": article.title,
        "source": article.source_id or "",
        "published": article.published.isoformat() if article.published else "",
        "byline": article.byline,
        "dateline": article.dateline,
        "url": article.url,
        "captions": article.captions,
        "body": article.body,
        "mentions-TOTAL_FORMS": len(mentions),
        "mentions-INITIAL_FORMS": len(mentions),
        "mentions-MIN_NUM_FORMS": 0,
        "mentions-MAX_NUM_FORMS": 1000,
    }
    for i, mention in enumerate(mentions):
        data[f"mentions-{i}-id"] = mention.pk
        data[f"mentions-{i}-article"] = article.pk
        data[f"mentions-{i}-entity"] = mention.entity_id
        data[f"mentions-{i}-count"] = mention.count
    data.update(changes)
    return data


def make_story(**overrides):
    """A dated story from a folder, with a byline of two and an entity of each
    kind: what a search engine is told about."""
    fields = {
        "title": "Volcano erupts near fishing town",
        "body": (
            "Ash fell on the fishing town of Portvik on Tuesday, and the "
            "coastguard told residents to stay indoors while the wind carried "
            "the cloud towards the harbour and the airport beyond it.\n\n"
            "Second paragraph."
        ),
        "byline": "By Ingrid Sol and Tom Reyes",
        "dateline": "PORTVIK",
        "published": datetime.date(2024, 3, 5),
        "url": "https://example.com/volcano",
        "import_key": "world/portvik.txt",
        "source": SourceFactory(name="North Wire"),
    }
    article = ArticleFactory(**(fields | overrides))
    for name, kind in [
        ("Ingrid Sol", EntityKind.PERSON),
        ("Coastguard Agency", EntityKind.ORGANISATION),
        ("Portvik", EntityKind.PLACE),
        ("Icelanders", EntityKind.GROUP),
    ]:
        MentionFactory(article=article, entity=EntityFactory(name=name, kind=kind))
    return article
