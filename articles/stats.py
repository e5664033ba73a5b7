"""What entity and source pages show about many articles, read from indexes.

An entity or a source can stand behind most of the archive (in the Reuters
benchmark archive "U.S." is named in 56,000 of 101,000 articles, and one
source has them all). Everything here costs a walk of an index at most, never
a pass over the articles themselves:

- a timeline counts each month or year as a range of the (entity, published)
  or (source, published) index, all ranges in one statement;
- an entity's articles, newest first, are read from the index in order;
- the entities named beside an entity, or most named by a source, are
  counted among its latest WINDOW articles, so a popular entity costs no more
  than a rare one (the page says so).
"""

import datetime
import itertools

from django.db import connection
from django.db.models import Count, F
from django.db.models.functions import Coalesce

from .facets import Facets, Timeline, periods, top_entities_of
from .models import Article, Entity, Mention

WINDOW = 1000
# A queryset's SQL as a scalar subquery counting its rows.
COUNTED = "(SELECT count(*) FROM ({}) AS counted)"


def timeline(rows, field: str = "published", *, own: str = "id") -> Timeline:
    """How many stories of `rows` fall in each month (or year, over a span
    longer than MONTHS_SHOWN_BY_MONTH) between the first and last date in
    `field`; `rows` is a queryset filtered on an index that has `field` next
    and the story after it. A row's story is `story_id`, or for one not
    grouped yet a story of its own (`own`, its article's id)."""
    rows = rows.order_by()
    dated = rows.filter(**{f"{field}__isnull": False})
    first, last = _one_row(
        [
            dated.values(field).order_by(field)[:1],
            dated.values(field).order_by(f"-{field}")[:1],
        ],
        around=["({})", "({})"],
    )
    undated = rows.filter(**{f"{field}__isnull": True})
    if first is None:
        return Timeline(
            [], "year", total=_one_row([stories(undated, own)], around=[COUNTED])[0]
        )
    # SQLite gives dates in raw SQL as text.
    first, last = (
        datetime.date.fromisoformat(d) if isinstance(d, str) else d
        for d in (first, last)
    )
    unit, starts, labels = periods(first, last)
    ranges = [
        stories(dated.filter(**{f"{field}__gte": low, f"{field}__lt": high}), own)
        for low, high in itertools.pairwise(starts)
    ]
    *counts, undated, total = _one_row(
        [*ranges, stories(undated, own), stories(rows, own)],
        around=[COUNTED] * (len(ranges) + 2),
    )
    points = list(zip(labels, counts, strict=True))
    return Timeline(
        points,
        unit,
        first,
        last,
        total=total,
        undated_count=undated,
        noun="story",
        plural="stories",
    )


def stories(rows, own: str = "id"):
    """The distinct stories of `rows` (articles, or mentions with own="article_id")."""
    return rows.values(one_story=Coalesce("story_id", -F(own))).distinct()


def _one_row(querysets, *, around: list[str]) -> list:
    """One value from each queryset, its SQL put `around` a scalar subquery,
    all in a single statement: one round trip, however many."""
    parts, params = [], []
    for queryset, template in zip(querysets, around, strict=True):
        sql, inner = queryset.query.sql_with_params()
        parts.append(template.format(sql))
        params.extend(inner)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())


def entity_article_ids(entity):
    """The ids of `entity`'s articles, newest first (undated last), from the
    index on mentions alone."""
    return (
        Mention.objects.filter(entity=entity)
        .order_by(F("published").desc(nulls_last=True), "-article_id")
        .values_list("article_id", flat=True)
    )


def in_order(ids) -> list:
    """The articles of `ids` (ids in order, e.g. a slice of
    entity_article_ids()), in that order, as lists show them."""
    ids = list(ids)
    found = Article.objects.for_listing().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def latest_of(entity) -> list[int]:
    """The ids of `entity`'s latest WINDOW articles: what its page counts
    the entities named with it and the places on its map over."""
    return list(entity_article_ids(entity)[:WINDOW])


def mentioned_with(entity, latest: list[int], *, limit: int = 10) -> list:
    """[(entity, articles)] most often named beside `entity` in the articles
    `latest` (its latest, see latest_of), most first, then by name."""
    # Counted by entity id alone, then named: joining every mention to its
    # entity to group by name costs three times as much. Hidden entities are
    # dropped after counting, so a few more are counted than shown.
    counts = dict(
        Mention.objects.filter(article__in=latest)
        .exclude(entity=entity)
        .values("entity")
        .annotate(n=Count("*"))
        .order_by("-n")
        .values_list("entity", "n")[: limit * 3]
    )
    named = Entity.objects.visible().filter(pk__in=counts).values("pk", "name", "slug")
    rows = sorted(named, key=lambda e: (-counts[e["pk"]], e["name"]))[:limit]
    return [({"name": e["name"], "slug": e["slug"]}, counts[e["pk"]]) for e in rows]


def top_entities(source) -> list:
    """[(kind heading, [(entity, articles)])] most named in `source`'s latest
    WINDOW articles, as in the search page's facets."""
    latest = Article.objects.filter(source=source).newest_first()
    facets = Facets()
    top_entities_of(list(latest.values_list("pk", flat=True)[:WINDOW]), facets)
    return facets.entities
