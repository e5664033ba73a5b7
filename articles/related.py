"""Articles related to an article: shared entities, weighted by rarity, and text.

An entity named in few articles says more about a story than one named in
thousands ("Yunnan" more than "China"), so each shared entity counts by its
inverse document frequency. Among candidates, shared words of the headline and
first paragraph (as the search index stores them) add a text similarity.
Costs stay bounded: an entity's document frequency is counted only up to
COMMON, and entities at least that common do not bring in candidates.

The database does the counting, weighting and ranking in one statement, so
only the best CANDIDATES (with their words) come back to Python, whatever the
article; a second statement loads the few articles chosen. Entities found to
be common are remembered for COMMON_TTL seconds and not counted again: the few
that every other story names ("Reuters", "U.S.") would otherwise cost most of
the counting on every page.
"""

import math
import time

from django.db import connection

from .models import Article

COMMON = 1000
CANDIDATES = 50
TEXT_WEIGHT = 2.0
# Entity weights are summed as whole millionths: integer sums are exact, so
# articles sharing the same entities tie exactly, on SQLite and PostgreSQL alike.
SCALE = 1_000_000
# Archives grow, so an entity once common stays so; a merge or deletion that
# makes it rare again is noticed after this many seconds.
COMMON_TTL = 600
# Entity id -> when it was last found common (per process).
_common: dict[int, float] = {}


def related_articles(article: Article, mentions, *, limit: int = 5) -> list[Article]:
    """Up to `limit` articles most related to `article`, best first."""
    entity_ids = [m.entity_id for m in mentions if not m.entity.hidden]
    if not entity_ids:
        return []
    scores, texts = _candidates(article.pk, entity_ids)
    if not scores:
        return []
    mine = texts.get(article.pk, set())
    for pk in scores:
        theirs = texts.get(pk, set())
        if mine and theirs:
            scores[pk] += TEXT_WEIGHT * len(mine & theirs) / len(mine | theirs)
    chosen = sorted(scores, key=lambda pk: (-scores[pk], -pk))[:limit]
    found = Article.objects.for_listing().in_bulk(chosen)
    return [found[pk] for pk in chosen if pk in found]


def _candidates(pk: int, entity_ids: list[int]):
    """({candidate: entity score}, {article: words}) for the best CANDIDATES.

    Rarity is measured against COMMON rather than the archive's size: the same
    order, without counting the archive on every page view.
    """
    now = time.monotonic()
    counted = [e for e in entity_ids if now - _common.get(e, -math.inf) > COMMON_TTL]
    if not counted:
        return {}, {}
    # How common each entity is, counting no further than COMMON along the
    # (entity, article) index; then the articles sharing the rarer ones.
    bounded = " UNION ALL ".join(
        "SELECT * FROM (SELECT entity_id FROM articles_mention "
        f"WHERE entity_id = %s LIMIT {COMMON}) AS e{i}"
        for i in range(len(counted))
    )
    sql = f"""
        WITH frequency AS (
            SELECT entity_id, COUNT(*) AS n FROM ({bounded}) AS bounded
            GROUP BY entity_id
        ),
        best AS (
            SELECT shared.article_id,
                   SUM(CAST(FLOOR(LN(1 + {COMMON}.0 / frequency.n) * {SCALE})
                       AS INTEGER)) AS score
            FROM frequency
            JOIN articles_mention AS shared
                ON shared.entity_id = frequency.entity_id
            WHERE frequency.n < {COMMON} AND shared.article_id <> %s
            GROUP BY shared.article_id
            ORDER BY score DESC, shared.article_id DESC
            LIMIT {CANDIDATES}
        )
        SELECT best.article_id, best.score, words.title, words.lead
        FROM best LEFT JOIN articles_searchtext AS words
            ON words.article_id = best.article_id
        UNION ALL
        SELECT article_id, NULL, title, lead FROM articles_searchtext
        WHERE article_id = %s
        UNION ALL
        SELECT entity_id, NULL, NULL, NULL FROM frequency WHERE n >= {COMMON}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*counted, pk, pk])
        rows = cursor.fetchall()
    scores, texts = {}, {}
    # Rows are a candidate with its score (and words), the article's own words
    # (no score), or a common entity's id (nothing else).
    for key, score, title, lead in rows:
        if score is not None:
            scores[key] = score / SCALE
        if title is not None:
            texts[key] = set(f"{title} {lead}".split())
        elif score is None:
            _common[key] = now
    return scores, texts
