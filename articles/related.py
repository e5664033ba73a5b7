"""Articles related to an article: shared entities, weighted by rarity, and text.

An entity named in few articles says more about a story than one named in
thousands ("Yunnan" more than "China"), so each shared entity counts by its
inverse document frequency. Among candidates, shared words of the headline and
first paragraph (as the search index stores them) add a text similarity.
Costs stay bounded: an entity's document frequency is counted only up to
COMMON, and entities at least that common do not bring in candidates.

The database does the counting, weighting and ranking in one statement, so
only the best CANDIDATES (with their words) come back to Python, whatever the
article, with what the page shows of each. Entities found to
be common are remembered for COMMON_TTL seconds and not counted again: the few
that every other story names ("Reuters", "U.S.") would otherwise cost most of
the counting on every page.
"""

import datetime
import math
import time
from dataclasses import dataclass

from django.db import connection, models

from .models import Article

COMMON = 1000
CANDIDATES = 50
TEXT_WEIGHT = 2.0
# Entity weights are summed as whole millionths: integer sums are exact, so
# articles sharing the same entities tie exactly, on SQLite and PostgreSQL alike.
SCALE = 1_000_000
# Reads dates as SQLite (text) and PostgreSQL (date) return them.
DATE = models.DateField()
# Archives grow, so an entity once common stays so; a merge or deletion that
# makes it rare again is noticed after this many seconds.
COMMON_TTL = 600
# Entity id -> when it was last found common (per process).
_common: dict[int, float] = {}


@dataclass
class RelatedArticle:
    """What a list of related articles shows of one."""

    pk: int
    title: str
    slug: str
    published: datetime.date | None
    source_name: str | None
    score: float


def related_articles(
    article: Article, mentions, *, limit: int = 5
) -> list[RelatedArticle]:
    """Up to `limit` articles most related to `article`, best first."""
    entity_ids = [m.entity_id for m in mentions if not m.entity.hidden]
    if not entity_ids:
        return []
    candidates, mine = _candidates(article.pk, entity_ids)
    candidates.sort(key=lambda c: (-c[0].score, -c[0].pk))
    # Shared words add at most TEXT_WEIGHT, so a candidate that far behind the
    # limit-th best by entities can never overtake it: its words are not read.
    floor = candidates[limit - 1][0].score if len(candidates) >= limit else -math.inf
    mine = set(mine.split())
    for candidate, text in candidates:
        if candidate.score + TEXT_WEIGHT < floor:
            break
        theirs = set(text.split())
        if mine and theirs:
            shared = len(mine & theirs)
            union = len(mine) + len(theirs) - shared
            candidate.score += TEXT_WEIGHT * shared / union
    candidates.sort(key=lambda c: (-c[0].score, -c[0].pk))
    return [candidate for candidate, _ in candidates[:limit]]


def _candidates(pk: int, entity_ids: list[int]):
    """([(candidate, its words)], the article's words) for the best CANDIDATES.

    A candidate's score so far is for the entities it shares. Rarity is
    measured against COMMON rather than the archive's size: the same order,
    without counting the archive on every page view.
    """
    now = time.monotonic()
    counted = [e for e in entity_ids if now - _common.get(e, -math.inf) > COMMON_TTL]
    if not counted:
        return [], ""
    # How common each entity is, counting no further than COMMON along the
    # (entity, article) index; then the articles sharing the rarer ones.
    bounded = " UNION ALL ".join(
        "SELECT * FROM (SELECT entity_id FROM articles_mention "
        f"WHERE entity_id = %s LIMIT {COMMON}) AS e{i}"
        for i in range(len(counted))
    )
    # Three kinds of row: a candidate ('c'), the article's own words ('a') and
    # the id of an entity found common ('e').
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
        SELECT 'c', best.article_id, best.score, words.title, words.lead,
               article.title, article.slug, article.published, source.name
        FROM best
        JOIN articles_article AS article ON article.id = best.article_id
        LEFT JOIN articles_source AS source ON source.id = article.source_id
        LEFT JOIN articles_searchtext AS words ON words.article_id = best.article_id
        UNION ALL
        SELECT 'a', article_id, NULL, title, lead, NULL, NULL, NULL, NULL
        FROM articles_searchtext WHERE article_id = %s
        UNION ALL
        SELECT 'e', entity_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM frequency WHERE n >= {COMMON}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*counted, pk, pk])
        rows = cursor.fetchall()
    candidates, mine = [], ""
    for row, key, score, title, lead, *shown in rows:
        text = f"{title} {lead}" if title is not None else ""
        if row == "c":
            headline, slug, published, source_name = shown
            candidate = RelatedArticle(
                key,
                headline,
                slug,
                DATE.to_python(published),
                source_name,
                score / SCALE,
            )
            candidates.append((candidate, text))
        elif row == "a":
            mine = text
        else:
            _common[key] = now
    return candidates, mine
