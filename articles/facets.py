"""Facet counts and hits over time for a set of search results.

Facets count the best FACET_HITS results, in the page's order, not every
match: on a large result set (a common word matches half the archive)
counting every match costs more than all the rest of the page (see
bench/benchmark.py and docs/scaling.md); the page says when it is so. Each
facet also runs under a time budget: one that would take too long is stopped
by the database and reported as skipped, instead of slowing the whole page.
"""

import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from .models import KIND_HEADINGS

ENTITIES_PER_KIND = 5
ENTITY_ROWS = 60
MONTHS_SHOWN_BY_MONTH = 48
FACET_HITS = 200


@dataclass
class Timeline:
    """How many articles fall in each month or year, and how many have no date."""

    points: list = field(default_factory=list)  # [(label, count)]
    unit: str = "year"  # "month" or "year"
    first: date | None = None
    last: date | None = None
    total: int = 0  # every article counted, dated or not
    # True when only the best results were counted (see Facets.counted).
    sample: bool = False

    @property
    def undated(self) -> int:
        return self.total - sum(count for _, count in self.points)


class BudgetExceeded(Exception):
    """A facet query ran past its time budget and was stopped."""


@dataclass
class Facets:
    sources: list = field(default_factory=list)  # [(Source, count)]
    entities: list = field(default_factory=list)  # [(kind label, [(entity, count)])]
    years: list = field(default_factory=list)  # [(year, count)]
    timeline: Timeline = field(default_factory=Timeline)
    skipped: list = field(default_factory=list)  # names of facets over budget
    # Set when there were more results than that: the facets count the best ones.
    counted: int | None = None


def budget_seconds() -> float:
    return getattr(settings, "NEWSROOM_FACET_BUDGET_MS", 300) / 1000


@contextmanager
def time_budget(seconds: float):
    """Stop the database work inside the block once `seconds` have passed."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        deadline = time.monotonic() + seconds
        raw = connection.connection
        raw.set_progress_handler(lambda: time.monotonic() > deadline, 2000)
        try:
            yield
        except DatabaseError as exc:
            if "interrupted" in str(exc):
                raise BudgetExceeded from exc
            raise
        finally:
            raw.set_progress_handler(None, 0)
    elif connection.in_atomic_block:
        # Inside a transaction a stopped statement spoils it: a savepoint
        # keeps that to the block, and SET LOCAL lasts until the outer
        # transaction ends, so the timeout is put back by hand.
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)",
                    [f"{max(1, int(seconds * 1000))}ms"],
                )
                yield
                cursor.execute("SELECT set_config('statement_timeout', '0', true)")
        except DatabaseError as exc:
            if "statement timeout" in str(exc):
                raise BudgetExceeded from exc
            raise
    else:
        # In autocommit (as pages are served) a stopped statement spoils
        # nothing: set the session's timeout and put it back, two statements
        # where a transaction would take four round trips.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('statement_timeout'), "
                "set_config('statement_timeout', %s, false)",
                [f"{max(1, int(seconds * 1000))}ms"],
            )
            before = cursor.fetchone()[0]
            try:
                yield
            except DatabaseError as exc:
                if "statement timeout" in str(exc):
                    raise BudgetExceeded from exc
                raise
            finally:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, false)", [before]
                )


def facet_counts(results) -> Facets:
    """Sources, top entities per kind, years and the timeline of the best
    FACET_HITS of `results`."""
    facets = Facets()
    budget = budget_seconds()
    if hasattr(results, "ranked_ids"):  # search results, ranked for the page
        ids = results.ranked_ids(FACET_HITS + 1)
    else:
        try:
            with time_budget(budget):
                ids = list(results.values_list("pk", flat=True)[: FACET_HITS + 1])
        except BudgetExceeded:
            facets.skipped = ["sources", "entities", "dates"]
            return facets
    if len(ids) > FACET_HITS:
        facets.counted = FACET_HITS
        del ids[FACET_HITS:]
    if not ids:
        return facets
    # One budget for the facets in turn (on PostgreSQL each budget costs
    # statements); when one runs over, it is skipped and the rest get another.
    # Sources and dates come from one query.
    remaining = [(["sources", "dates"], _sources_and_dates), (["entities"], _entities)]
    while remaining:
        try:
            with time_budget(budget):
                while remaining:
                    remaining[0][1](ids, facets)
                    remaining.pop(0)
        except BudgetExceeded:
            facets.skipped.extend(remaining.pop(0)[0])
    return facets


def _sources_and_dates(ids: list[int], facets):
    """The sources facet and the dates facet of the articles `ids`, from one
    row per article."""
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.source_id, s.name, s.slug, a.published "
            "FROM articles_article a "
            "LEFT JOIN articles_source s ON s.id = a.source_id "
            f"WHERE a.id IN ({placeholders}) ORDER BY s.name",
            ids,
        )
        rows = cursor.fetchall()
    sources, counts, months, undated = {}, Counter(), Counter(), 0
    for source_id, name, slug, published in rows:
        if source_id is not None:
            sources.setdefault(source_id, {"pk": source_id, "name": name, "slug": slug})
            counts[source_id] += 1
        if published is not None:
            months[published.replace(day=1)] += 1
        else:
            undated += 1
    # Most articles first; by name among equals, in the database's order.
    facets.sources = sorted(
        ((source, counts[pk]) for pk, source in sources.items()),
        key=lambda item: -item[1],
    )
    _fill_dates(months, facets)
    facets.timeline.total += undated
    facets.timeline.sample = facets.counted is not None


def _entities(ids: list[int], facets):
    rows = _entity_rows(ids)
    by_kind = defaultdict(list)
    for row in rows:
        if len(by_kind[row["entity__kind"]]) < ENTITIES_PER_KIND:
            by_kind[row["entity__kind"]].append(
                ({"name": row["entity__name"], "slug": row["entity__slug"]}, row["n"])
            )
    facets.entities = [
        (label, by_kind[kind]) for kind, label in KIND_HEADINGS.items() if by_kind[kind]
    ]


def _entity_rows(ids: list[int]) -> list[dict]:
    """The ENTITY_ROWS entities most mentioned in the articles `ids`: the
    mentions are counted by entity first, and only those counts are joined
    with the entities."""
    if not ids:
        return []
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.name, e.slug, e.kind, m.n FROM ("
            "SELECT entity_id, COUNT(*) AS n FROM articles_mention "
            f"WHERE article_id IN ({placeholders}) GROUP BY entity_id"
            ") m JOIN articles_entity e ON e.id = m.entity_id "
            "WHERE e.hidden = %s ORDER BY m.n DESC, e.name LIMIT %s",
            [*ids, False, ENTITY_ROWS],
        )
        return [
            {"entity__name": name, "entity__slug": slug, "entity__kind": kind, "n": n}
            for name, slug, kind, n in cursor.fetchall()
        ]


def _fill_dates(months: dict, facets):
    """Years and the timeline from {first day of a month: articles}."""
    years = Counter()
    for month, n in months.items():
        years[month.year] += n
    facets.years = sorted(years.items(), reverse=True)
    if not months:
        return
    first, last = min(months), max(months)
    unit, starts, labels = periods(first, last)
    if unit == "month":
        counts = [months.get(start, 0) for start in starts[:-1]]
    else:
        counts = [years.get(start.year, 0) for start in starts[:-1]]
    facets.timeline = Timeline(
        list(zip(labels, counts, strict=True)),
        unit,
        first,
        last,
        total=sum(counts),
    )


def periods(first: date, last: date) -> tuple[str, list[date], list[str]]:
    """A timeline from `first` to `last`: its unit (months, or years over a
    span longer than MONTHS_SHOWN_BY_MONTH), the first day of each period and
    of the one after the last, and each period's label."""
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if span <= MONTHS_SHOWN_BY_MONTH:
        starts = [
            _add_months(date(first.year, first.month, 1), n) for n in range(span + 1)
        ]
        return "month", starts, [f"{start:%b %Y}" for start in starts[:-1]]
    starts = [date(year, 1, 1) for year in range(first.year, last.year + 2)]
    return "year", starts, [str(start.year) for start in starts[:-1]]


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return day.replace(year=day.year + year, month=month + 1)
