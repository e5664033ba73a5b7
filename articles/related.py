"""Articles related to an article: shared entities, weighted by rarity, and text.

An entity named in few articles says more about a story than one named in
thousands ("Yunnan" more than "China"), so each shared entity counts by its
inverse document frequency. Among candidates, shared words of the headline and
first paragraph (as the search index stores them) add a text similarity.
Costs stay bounded: an entity's document frequency is counted only up to
COMMON, and entities at least that common do not bring in candidates.
"""

import math

from django.db import connection

from .models import Article, Mention, SearchText

COMMON = 1000
CANDIDATES = 50
TEXT_WEIGHT = 2.0


def related_articles(article: Article, mentions, *, limit: int = 5) -> list[Article]:
    """Up to `limit` articles most related to `article`, best first."""
    entity_ids = [m.entity_id for m in mentions if not m.entity.hidden]
    if not entity_ids:
        return []
    frequency = _bounded_frequencies(entity_ids)
    # Rarity against COMMON rather than the archive's size: the same order,
    # without counting the archive on every page view.
    weight = {e: math.log(1 + COMMON / max(n, 1)) for e, n in frequency.items()}
    rare = [e for e, n in frequency.items() if n < COMMON]
    if not rare:
        return []
    scores = {}
    shared = (
        Mention.objects.filter(entity__in=rare)
        .exclude(article=article)
        .values_list("article_id", "entity_id")
    )
    for other, entity in shared:
        scores[other] = scores.get(other, 0.0) + weight[entity]
    best = sorted(scores, key=lambda pk: (-scores[pk], -pk))[:CANDIDATES]
    texts = {
        row[0]: set(f"{row[1]} {row[2]}".split())
        for row in SearchText.objects.filter(pk__in=[article.pk, *best]).values_list(
            "article_id", "title", "lead"
        )
    }
    mine = texts.get(article.pk, set())
    for pk in best:
        theirs = texts.get(pk, set())
        if mine and theirs:
            scores[pk] += TEXT_WEIGHT * len(mine & theirs) / len(mine | theirs)
    chosen = sorted(best, key=lambda pk: (-scores[pk], -pk))[:limit]
    found = Article.objects.for_listing().in_bulk(chosen)
    return [found[pk] for pk in chosen if pk in found]


def _bounded_frequencies(entity_ids: list[int]) -> dict[int, int]:
    """Articles naming each entity, counted up to COMMON (one query)."""
    parts = " UNION ALL ".join(
        "SELECT entity_id FROM (SELECT entity_id FROM articles_mention "
        f"WHERE entity_id = %s LIMIT {COMMON}) AS e{i}"
        for i in range(len(entity_ids))
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT entity_id, count(*) FROM ({parts}) AS bounded GROUP BY entity_id",
            entity_ids,
        )
        return dict(cursor.fetchall())
