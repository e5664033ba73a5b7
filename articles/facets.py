"""Facet counts and hits over time for a set of search results.

Facets count the best FACET_HITS results, in the page's order, not every
match: on a large result set (a common word matches half the archive)
counting every match costs more than all the rest of the page (see
bench/benchmark.py and docs/scaling.md); the page says when it is so. Each
facet also runs under a time budget: one that would take too long is stopped
by the database and reported as skipped, instead of slowing the whole page.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import connection

from .entities.worldmap import MapPlace, WorldMap, world_map
from .models import KIND_HEADINGS, EntityKind
from .search import get_search_backend
from .search.backends import BudgetExceeded

ENTITIES_PER_KIND = 5
COUNTRIES_SHOWN = 8
SUBJECTS_SHOWN = 8
MAP_PLACES = 40
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
    # What is counted: articles, or stories (search results one per story).
    noun: str = "article"
    plural: str = "articles"
    # Undated ones, when they are not total minus the points: a story sent
    # over two months counts in both, and once in the total.
    undated_count: int | None = None

    @property
    def undated(self) -> int:
        if self.undated_count is not None:
            return self.undated_count
        return self.total - sum(count for _, count in self.points)


@dataclass
class Facets:
    sources: list = field(default_factory=list)  # [(Source, count)]
    entities: list = field(default_factory=list)  # [(kind label, [(entity, count)])]
    years: list = field(default_factory=list)  # [(year, count)]
    timeline: Timeline = field(default_factory=Timeline)
    # The countries with the most articles naming a place in them, and the
    # map of those places.
    countries: list = field(default_factory=list)  # [worldmap.Country]
    # The topics its feeds filed the results under: [({name, slug}, count)].
    subjects: list = field(default_factory=list)
    map: WorldMap = field(default_factory=WorldMap)
    skipped: list = field(default_factory=list)  # names of facets over budget
    # Set when there were more results than that: the facets count the best ones.
    counted: int | None = None


def budget_seconds() -> float:
    return getattr(settings, "NEWSROOM_FACET_BUDGET_MS", 300) / 1000


def facet_counts(results) -> Facets:
    """Sources, top entities per kind, years and the timeline of the best
    FACET_HITS of `results` (SearchResults)."""
    facets = Facets()
    budget = budget_seconds()
    time_budget = get_search_backend().time_budget
    # One result per story: the stories among the best matches the page has
    # read already (the best PREFETCH), not more matches read for the facets.
    leading = getattr(results, "leading", None)
    if results.ranked:  # the page ranked them already: no budget to stop it
        ids = leading(FACET_HITS + 1) if leading else results[: FACET_HITS + 1]
    else:
        try:
            with time_budget(budget):
                ids = leading(FACET_HITS + 1) if leading else results[: FACET_HITS + 1]
        except BudgetExceeded:
            facets.skipped = ["sources", "entities", "dates", "places", "subjects"]
            return facets
    if len(ids) > FACET_HITS:
        facets.counted = FACET_HITS
        del ids[FACET_HITS:]
    elif leading and not results.complete:
        facets.counted = len(ids)
    if not ids:
        return facets
    # One budget for the facets in turn (on PostgreSQL each budget costs
    # statements); when one runs over, it is skipped and the rest get another.
    # Sources and dates come from one query.
    remaining = [
        (["sources", "dates"], _sources_and_dates),
        (["entities"], top_entities_of),
        (["places"], places_of),
        (["subjects"], subjects_of),
    ]
    while remaining:
        try:
            with time_budget(budget):
                while remaining:
                    remaining[0][1](ids, facets)
                    remaining.pop(0)
        except BudgetExceeded:
            facets.skipped.extend(remaining.pop(0)[0])
    if getattr(results, "counts_stories", False):
        facets.timeline.noun, facets.timeline.plural = "story", "stories"
    return facets


def _sources_and_dates(ids: list[int], facets):
    """The sources facet and the dates facet of the articles `ids`, from one
    row per article."""
    rows = _rows(
        "SELECT a.source_id, s.name, s.slug, a.published "
        "FROM articles_article a "
        "LEFT JOIN articles_source s ON s.id = a.source_id "
        "WHERE a.id IN ({ids}) ORDER BY s.name",
        ids,
    )
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


def top_entities_of(ids: list[int], facets):
    """The entities facet of the articles `ids`: the most named of each kind."""
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


def subjects_of(ids: list[int], facets):
    """The subjects facet of the articles `ids`: the most used topics."""
    rows = _rows(
        "SELECT s.name, s.code, s.slug, COUNT(*) AS n "
        "FROM articles_article_subjects l "
        "JOIN articles_subject s ON s.id = l.subject_id "
        "WHERE l.article_id IN ({ids}) "
        "GROUP BY s.id, s.name, s.code, s.slug ORDER BY n DESC, s.name LIMIT %s",
        ids,
        SUBJECTS_SHOWN,
    )
    facets.subjects = [
        ({"name": name or code, "slug": slug}, n) for name, code, slug, n in rows
    ]


def places_of(ids: list[int], facets):
    """The countries facet and the map of the articles `ids`."""
    facets.map = places_map_of(ids)
    facets.countries = facets.map.countries[:COUNTRIES_SHOWN]


def places_map_of(ids: list[int]) -> WorldMap:
    """The map of the places the articles `ids` name: a country counts the
    articles naming it or any place in it ("Seoul" counts for South Korea);
    the MAP_PLACES most named cities are dots."""
    if not ids:
        return WorldMap()
    rows = _rows(
        "SELECT m.article_id, e.name, e.slug, e.country, e.latitude, "
        "e.longitude FROM articles_mention m "
        "JOIN articles_entity e ON e.id = m.entity_id "
        "WHERE m.article_id IN ({ids}) AND e.kind = %s "
        "AND e.country <> '' AND e.hidden = %s",
        ids,
        EntityKind.PLACE,
        False,
    )
    in_country, places, located = defaultdict(set), Counter(), {}
    for article_id, name, slug, country, latitude, longitude in rows:
        in_country[country].add(article_id)
        if latitude is not None:
            places[slug] += 1
            located[slug] = (name, country, latitude, longitude)
    mapped = sorted(
        (
            MapPlace(name, slug, country, places[slug], latitude, longitude)
            for slug, (name, country, latitude, longitude) in located.items()
        ),
        key=lambda place: (-place.articles, place.name),
    )
    countries = {code: len(articles) for code, articles in in_country.items()}
    return world_map(mapped[:MAP_PLACES], countries)


def _entity_rows(ids: list[int]) -> list[dict]:
    """The ENTITY_ROWS entities most mentioned in the articles `ids`: the
    mentions are counted by entity first, and only those counts are joined
    with the entities."""
    if not ids:
        return []
    rows = _rows(
        "SELECT e.name, e.slug, e.kind, m.n FROM ("
        "SELECT entity_id, COUNT(*) AS n FROM articles_mention "
        "WHERE article_id IN ({ids}) GROUP BY entity_id"
        ") m JOIN articles_entity e ON e.id = m.entity_id "
        "WHERE e.hidden = %s ORDER BY m.n DESC, e.name LIMIT %s",
        ids,
        False,
        ENTITY_ROWS,
    )
    return [
        {"entity__name": name, "entity__slug": slug, "entity__kind": kind, "n": n}
        for name, slug, kind, n in rows
    ]


def _rows(sql: str, ids: list[int], *params) -> list[tuple]:
    """The rows of `sql`, whose {ids} is a placeholder for each of `ids`,
    given `ids` then `params`."""
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(sql.format(ids=placeholders), [*ids, *params])
        return cursor.fetchall()


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


def months_spanned(first: date, last: date) -> int:
    """How many calendar months from `first` to `last`, both counted."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def periods(
    first: date, last: date, unit: str | None = None
) -> tuple[str, list[date], list[str]]:
    """A timeline from `first` to `last`: its unit (`unit`, "month" or
    "year", when given; else months, or years over a span longer than
    MONTHS_SHOWN_BY_MONTH), the first day of each period and of the one after
    the last, and each period's label."""
    span = months_spanned(first, last)
    if unit == "month" or (unit is None and span <= MONTHS_SHOWN_BY_MONTH):
        starts = [
            _add_months(date(first.year, first.month, 1), n) for n in range(span + 1)
        ]
        return "month", starts, [f"{start:%b %Y}" for start in starts[:-1]]
    starts = [date(year, 1, 1) for year in range(first.year, last.year + 2)]
    return "year", starts, [str(start.year) for start in starts[:-1]]


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return day.replace(year=day.year + year, month=month + 1)
