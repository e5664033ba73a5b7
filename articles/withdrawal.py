"""Withdrawn articles: kept for editors, hidden from readers, never deleted.

A provider withdraws a story it sent (a NewsML-G2 item with pubStatus
canceled, a ninjs item with pubstatus canceled, a NewsML 1.x item with
Status Canceled), and an editor may withdraw an article too (a legal
complaint). A withdrawn article keeps every field; what readers reach it
through is taken away with it: its search text (so no search finds it) and
its mentions (so no entity page, facet or count names it), kept in
`withdrawn_mentions` and put back when an editor restores it. Lists of
articles that readers see ask for Article.objects.public(); its own page
says it was withdrawn, and when, with 410 Gone.
"""

from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from . import corrections
from .entities.curation import set_mentions
from .entities.extraction import ExtractedEntity
from .models import Article, Mention, SearchText
from .search.indexing import index_article


@transaction.atomic
def withdraw(articles: Iterable[Article], reason: str, *, editor=False) -> int:
    """Withdraw `articles` (those not withdrawn already), saying why; an
    `editor`'s decision is kept through the provider's notices. Returns how
    many were withdrawn."""
    articles = [a for a in articles if a.withdrawn_at is None]
    if not articles:
        return 0
    ids = [a.pk for a in articles]
    kept = {pk: [] for pk in ids}
    mentions = Mention.objects.filter(article_id__in=ids).select_related("entity")
    for mention in mentions.order_by("article_id", "-count", "entity__name"):
        entity = mention.entity
        kept[mention.article_id].append([entity.kind, entity.name, mention.count])
    now = timezone.now()
    for article in articles:
        article.withdrawn_at = article.updated_at = now
        article.withdrawn_reason = reason[:_REASON_LENGTH]
        article.withdrawn_mentions = kept[article.pk]
        if editor:
            corrections.record_withdrawal_decision(article)
    fields = ["withdrawn_at", "withdrawn_reason", "withdrawn_mentions", "updated_at"]
    Article.objects.bulk_update(articles, fields + ["edited_fields"] * editor)
    Mention.objects.filter(article_id__in=ids).delete()
    SearchText.objects.filter(article_id__in=ids).delete()
    return len(articles)


@transaction.atomic
def restore(articles: Iterable[Article]) -> int:
    """An editor's decision: show withdrawn `articles` to readers again,
    searchable, with the mentions they had; a provider's notice read again
    does not withdraw them. Returns how many were restored."""
    articles = [a for a in articles if a.withdrawn_at is not None]
    set_mentions(
        [
            (
                article,
                [
                    ExtractedEntity(name=name, kind=kind, count=count)
                    for kind, name, count in article.withdrawn_mentions
                ],
            )
            for article in articles
        ]
    )
    for article in articles:
        article.withdrawn_at = None
        article.withdrawn_reason = ""
        article.withdrawn_mentions = []
        corrections.record_withdrawal_decision(article)
        article.save(
            update_fields=[
                "withdrawn_at",
                "withdrawn_reason",
                "withdrawn_mentions",
                "edited_fields",
                "updated_at",
            ]
        )
        index_article(article)
    return len(articles)


def set_withdrawn_mentions(extracted_by_article: list[tuple[Article, Iterable]]):
    """What set_mentions does for articles readers see, for withdrawn ones:
    their entities, extracted again, are kept for the day they are restored
    and not shown before ([(article, extracted)])."""
    for article, extracted in extracted_by_article:
        counts = Counter()
        for item in extracted:
            counts[item.kind, item.name] += item.count
        article.withdrawn_mentions = [
            [kind, name, count] for (kind, name), count in counts.items()
        ]
    Article.objects.bulk_update(
        [article for article, _ in extracted_by_article], ["withdrawn_mentions"]
    )


def versions_withdrawn_by(guid: str, version: str):
    """The articles a provider's notice withdraws: every version of the
    story `guid` up to the notice's own (all of them when either version is
    not a number), but those whose withdrawal an editor decided."""
    found = Article.objects.filter(guid=guid)
    keep = [
        article.pk
        for article in found.only("pk", "import_key", "edited_fields")
        if corrections.withdrawal_decided(article)
        or (version.isdigit() and _version(article.import_key) > int(version))
    ]
    return found.exclude(pk__in=keep)


def _version(import_key: str) -> int:
    """The feed's version an import key ends with (guid#version); 0 if none."""
    _, _, version = import_key.rpartition("#")
    return int(version) if version.isdigit() else 0


_REASON_LENGTH = Article._meta.get_field("withdrawn_reason").max_length
