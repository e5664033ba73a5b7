"""Search results as ids in order, paged the way entity and source pages are.

Asked for a page of results sorted by rank, a database reads every matching
article (its body included) before it sorts them: for a word in most of the
archive that is most of the archive, on every page. SearchResults asks
instead for the ids of the page (and of the facets) in order, and the view
then reads those articles alone (articles.stats.in_order), as entity and
source pages do. Paginator slices it like a list of ids.

A backend that knows which articles lead the ranking, in order (PostgreSQL's
rescored candidates, SQLite's index-only ranking), passes them in `top`, or a
function that finds them when first needed: the first pages then need no
ranking query at all. `count_sql` counts the matches straight from the index,
for when nothing but the search narrows them.
"""

from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet

# The ids a page fetches at least: enough for the facets too
# (articles.facets.FACET_HITS), so that ranking happens once per page.
PREFETCH = 201

Top = list[tuple[int, float]]


class SearchResults:
    """The matches of a search (or every article, when browsing), in order."""

    def __init__(
        self,
        queryset: QuerySet,
        *,
        ranked: bool = True,
        top: Top | Callable[["SearchResults"], tuple[Top | None, bool]] | None = None,
        top_complete: bool = False,
        count_sql: tuple[str, list] | None = None,
    ):
        # Every match, in order; annotated with `rank` (higher is better)
        # when `ranked`. Exports stream it; pages read ids from it.
        self.queryset = queryset
        self.ranked = ranked
        self.count_sql = count_sql
        self.counted = None  # the row count_sql gave: the count, and more
        self._top = top  # [(id, rank)] known to lead, or how to find them
        self._top_complete = top_complete  # True when `top` is every match
        self._prefix: Top | None = None  # (id, rank) read from the start
        self._prefix_complete = False

    def count(self) -> int:
        if self.count_sql is None:
            return self.queryset.count()
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(*self.count_sql)
            self.counted = cursor.fetchone()
        return self.counted[0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[int]:
        """The ids of results[low:high], in order."""
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("search results are sliced, as results[low:high]")
        return [pk for pk, _ in self.ranks(key.start or 0, key.stop)]

    def ranks(self, low: int, high: int | None) -> Top:
        """(id, rank) of results[low:high]; rank is None when not ranked."""
        if self._leads(high):
            return self._top[low:high]
        if self._prefix is None or (
            (high is None or len(self._prefix) < high) and not self._prefix_complete
        ):
            wanted = None if high is None else max(high, PREFETCH)
            if self.ranked:
                rows = self.queryset.values_list("pk", "rank")
            else:
                rows = self.queryset.values_list("pk", flat=True)
            rows = list(rows if wanted is None else rows[:wanted])
            self._prefix = rows if self.ranked else [(pk, None) for pk in rows]
            self._prefix_complete = wanted is None or len(rows) < wanted
        return self._prefix[low:high]

    def reordered(self, order: Callable[[QuerySet], QuerySet]) -> "SearchResults":
        """The same matches in another order, `order(queryset)` (newest first
        ...): no longer ranked."""
        return SearchResults(
            order(self.queryset), ranked=False, count_sql=self.count_sql
        )

    def _leads(self, high) -> bool:
        if self._top is None or high is None or not self.ranked:
            return False
        if callable(self._top):
            self._top, self._top_complete = self._top(self)
            if self._top is None:
                return False
        return self._top_complete or high <= len(self._top)
