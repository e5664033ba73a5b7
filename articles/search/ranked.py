"""Search results that rank first and read the articles of a page after.

Asked for a page of results sorted by rank, a database reads every matching
article (its body included) before it sorts them: for a word in most of the
archive that is most of the archive, on every page. RankedQuerySet, which the
backends' search() returns, asks instead for the ids of the page (and of the
facets, see ranked_ids) in rank order, then for those articles alone. A
backend that knows which articles lead the ranking, in order (PostgreSQL's
rescored candidates), passes them in `top` (or a function that finds them
when first needed): the first pages then need no ranking query at all.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable

# The ranked ids a page fetches at least: enough for the facets too
# (articles.facets.FACET_HITS), so that ranking happens once per page.
PREFETCH = 201


class _Ranking:
    """What the clones of one search() result share."""

    def __init__(self, top, top_complete, order, where, count_sql):
        self.where = where  # the filters of the search, as search() set them
        self.count_sql = count_sql  # (sql, params) counting just those, or None
        # [(id, rank)] known to lead the ranking, or None; or a function of
        # this _Ranking returning (top, top_complete), called when first needed.
        self.top = top
        self.top_complete = top_complete  # True when `top` holds every match
        self.order = order  # the ordering that `top` leads
        self.ranked = {}  # SQL of an id query -> [(pk, rank)] from its start
        self.counted = None  # the row of count_sql, once counted


class RankedQuerySet(QuerySet):
    """A QuerySet whose sliced model queries rank ids first (see the module)."""

    _ranking = None

    def _clone(self):
        clone = super()._clone()
        clone._ranking = self._ranking
        return clone

    def count(self):
        ranking = self._ranking
        if (
            self._result_cache is None
            and ranking is not None
            and ranking.count_sql is not None
            and not self.query.is_sliced
            and self.query.where == ranking.where
        ):
            with connections[self.db].cursor() as cursor:
                cursor.execute(*ranking.count_sql)
                ranking.counted = cursor.fetchone()  # the count, and what else it says
                return ranking.counted[0]
        return super().count()

    def ranked_ids(self, count: int) -> list[int]:
        """The ids of the first `count` results, in order."""
        return [pk for pk, _ in self._ranked(0, count)]

    def _fetch_all(self):
        if (
            self._result_cache is None
            and self._ranking is not None
            and self._iterable_class is ModelIterable
            and self.query.is_sliced
        ):
            low, high = self.query.low_mark, self.query.high_mark
            ranked = self._ranked(low, high)
            self._result_cache = self._articles(ranked)
            if self._prefetch_related_lookups and not self._prefetch_done:
                self._prefetch_related_objects()
            return
        super()._fetch_all()

    def _ranked(self, low: int, high: int) -> list[tuple[int, float]]:
        if self._leads(high):
            return self._ranking.top[low:high]
        ids = self._chain()
        ids.query.clear_limits()
        ids = ids.values_list("pk", "rank")
        try:
            sql, params = ids.query.sql_with_params()
        except EmptyResultSet:  # e.g. a filter that can match nothing
            return []
        key = (sql, tuple(map(str, params)))
        cached = self._ranking.ranked.get(key)
        if cached is None or (len(cached) < high and not cached.complete):
            wanted = max(high, PREFETCH)
            cached = _Fetched(ids[:wanted])
            cached.complete = len(cached) < wanted
            self._ranking.ranked[key] = cached
        return cached[low:high]

    def _leads(self, high) -> bool:
        ranking = self._ranking
        if ranking.top is None or high is None or self.query.order_by != ranking.order:
            return False
        if callable(ranking.top):
            ranking.top, ranking.top_complete = ranking.top(ranking)
            if ranking.top is None:
                return False
        return ranking.top_complete or high <= len(ranking.top)

    def _articles(self, ranked):
        rows = QuerySet(self.model, using=self.db)
        rows.query.select_related = self.query.select_related
        rows.query.deferred_loading = self.query.deferred_loading
        found = {a.pk: a for a in rows.filter(pk__in=[pk for pk, _ in ranked])}
        articles = []
        for pk, rank in ranked:
            article = found.get(pk)
            if article is not None:
                article.rank = rank
                articles.append(article)
        return articles


class _Fetched(list):
    complete = False


_classes = {}


def ranked(queryset, *, top=None, top_complete=False, count_sql=None) -> RankedQuerySet:
    """`queryset` (ordered by rank) as a RankedQuerySet of the same class.

    `count_sql` counts the matches straight from the index, for when nothing
    but the search narrows the results."""
    cls = type(queryset)
    if not issubclass(cls, RankedQuerySet):
        if cls not in _classes:
            _classes[cls] = type(f"Ranked{cls.__name__}", (RankedQuerySet, cls), {})
        queryset = queryset._chain()
        queryset.__class__ = _classes[cls]
    queryset._ranking = _Ranking(
        top, top_complete, queryset.query.order_by, queryset.query.where, count_sql
    )
    return queryset
