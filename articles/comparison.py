"""Queries compared over time (/compare/): how many stories match each of a
few queries in every month or year, and what share of all the stories of
that period they are.

Each query is read as the search page reads it (articles.filters), and the
filters of the form (source, entity, subject, country, dates) apply to every
one of them and to the "all stories" that shares are taken of. Counts are of
stories, as search results are: the versions and copies of one story count
once in a period, and an article not grouped yet is a story of its own. The
database counts them grouped by period, one statement per query, without
reading the matches into Python; all the stories per period depend on the
filters alone and are counted once per state of the archive
(caching.for_this_state). Stories without a date belong to no period: they
are counted apart, and the page says how many were left out.
"""

import datetime
import itertools
import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connections
from django.db.models import CharField, F, Func, Max, Min
from django.db.models.functions import Coalesce
from django.urls import reverse

from .caching import for_this_state
from .facets import MONTHS_SHOWN_BY_MONTH, months_spanned, periods
from .filters import FILTER_PARAMS, ArticleFilter, Reading
from .forms import CompareForm
from .models import Article
from .search.query import MAX_QUERY_LENGTH
from .stories.results import through_story_index

MAX_QUERIES = 5
FORMATS = ("html", "csv", "json")
# By month over a longer span is by year, with a note: the table would run
# to hundreds of rows and the chart's points would touch.
MONTHS_AT_MOST = 120
# The parameters of the form's filters, as the search page takes them.
FILTERS = FILTER_PARAMS


@dataclass
class Asked:
    """What a request to /compare/ asks for, read and checked."""

    queries: list[str]
    filterset: ArticleFilter
    form: CompareForm
    errors: list[str] = field(default_factory=list)

    @property
    def unit(self) -> str:
        """The unit asked for, "month" or "year"; "" to choose by the span."""
        return self.form.cleaned_data.get("by", "") if self.form.is_valid() else ""

    @property
    def show(self) -> str:
        """What the chart draws: "share" (the default) or "count"."""
        shown = self.form.cleaned_data.get("show") if self.form.is_valid() else ""
        return shown or "share"

    @property
    def filtered(self) -> bool:
        """Whether any of the form's filters narrows what is counted."""
        return bool(_filters_key(self.filterset))

    @property
    def boxes(self) -> list[str]:
        """The queries to fill the form's boxes with, and empty ones to
        MAX_QUERIES."""
        return self.queries + [""] * (MAX_QUERIES - len(self.queries))


def read_request(params) -> Asked:
    """The queries (q, the blank ones left out), how to count them and the
    filters; `errors` says in words what cannot be compared (a 400)."""
    queries = [text.strip() for text in params.getlist("q") if text.strip()]
    given = {name: params[name] for name in FILTERS if params.get(name)}
    asked = Asked(
        queries=queries,
        filterset=ArticleFilter(given, queryset=Article.objects.public()),
        form=CompareForm(params),
    )
    if len(queries) > MAX_QUERIES:
        asked.errors.append(
            f"Up to {MAX_QUERIES} queries can be compared at a time; "
            f"{len(queries)} were given."
        )
    for number, text in enumerate(queries, 1):
        if len(text) > MAX_QUERY_LENGTH:
            asked.errors.append(
                f"Query {number} is {len(text):,} characters long; a query "
                f"may be {MAX_QUERY_LENGTH} at most."
            )
    filters = asked.filterset.form
    if not filters.is_valid():
        for name, found in filters.errors.as_data().items():
            label = filters.fields[name].label if name in filters.fields else ""
            for error in found:
                if error.code == "dates_reversed":  # not ignored here: refused
                    asked.errors.append("The end date is before the start date.")
                    continue
                message = " ".join(error.messages)
                asked.errors.append(f"{label}: {message}" if label else message)
    if not asked.form.is_valid():
        for messages in asked.form.errors.values():
            asked.errors.extend(messages)
    return asked


@dataclass(frozen=True)
class Period:
    """A month or a year, and how many stories it holds under the filters."""

    key: str  # "2024-03" or "2024"
    label: str  # "Mar 2024" or "2024"
    start: datetime.date
    end: datetime.date  # its last day
    stories: int


@dataclass
class Series:
    """One query's stories in each period."""

    text: str  # as typed
    reading: Reading
    counts: list[int]
    links: list[str]  # the search page for the query in each period
    undated: int  # stories without a date, in no period
    total: int  # every matching story, dated or not
    notes: list[str] = field(default_factory=list)


@dataclass
class Comparison:
    """The queries' stories per period, beside all the stories per period."""

    unit: str  # "month" or "year"
    periods: list[Period]
    series: list[Series]
    undated: int  # all the stories without a date
    total: int  # all the stories
    notes: list[str] = field(default_factory=list)

    def shares(self, series: Series) -> list[float | None]:
        """`series`' stories in each period as a percentage of all the
        stories of the period; None where the period has none."""
        return [
            share(count, period.stories)
            for count, period in zip(series.counts, self.periods, strict=True)
        ]


def share(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, or None of nothing."""
    return 100 * part / whole if whole else None


def compare(asked: Asked) -> Comparison:
    """Count the stories of each of the queries `asked` per month or year."""
    filterset = asked.filterset
    base = filterset.narrowed(Article.objects.public())
    key = _filters_key(filterset)
    first, last = for_this_state("compare-span", key, lambda: _span(base))
    unit, notes = asked.unit, []
    if first is None:
        unit = unit or "month"
    else:
        months = months_spanned(first, last)
        unit = unit or ("month" if months <= MONTHS_SHOWN_BY_MONTH else "year")
        if unit == "month" and months > MONTHS_AT_MOST:
            unit = "year"
            notes.append(
                f"These stories span {months:,} months, too many to count by "
                f"month (up to {MONTHS_AT_MOST}): they are counted by year. "
                "Narrow the dates to count by month."
            )
    everything = for_this_state(
        "compare-stories", (key, unit), lambda: stories_by_period(base, unit)
    )
    by_period, undated, total = everything
    found = []
    if first is not None:
        _, starts, labels = periods(first, last, unit)
        for (start, after), label in zip(
            itertools.pairwise(starts), labels, strict=True
        ):
            period_key = _key(start, unit)
            end = after - datetime.timedelta(days=1)
            found.append(
                Period(period_key, label, start, end, by_period.get(period_key, 0))
            )
    return Comparison(
        unit=unit,
        periods=found,
        series=[_series(filterset, base, text, unit, found) for text in asked.queries],
        undated=undated,
        total=total,
        notes=notes,
    )


def _series(filterset, base, text, unit, found) -> Series:
    reading, rows = filterset.matching(base, text)
    query = reading.query
    notes = [*query.notes, *reading.notes]
    if query.ignored:
        words = ", ".join(f"‘{word}’" for word in query.ignored)
        notes.append(f"Too common to search for, and left out: {words}.")
    if not query and not query.filters:
        notes.append("There was nothing left to search for; try distinctive words.")
    by_period, undated, total = stories_by_period(rows, unit)
    return Series(
        text=text,
        reading=reading,
        counts=[by_period.get(period.key, 0) for period in found],
        links=[search_path(text, filterset, period) for period in found],
        undated=undated,
        total=total,
        notes=notes,
    )


def search_path(text: str, filterset: ArticleFilter, period: Period) -> str:
    """The search page for the query `text`, with the form's filters, in
    `period` (within the form's dates)."""
    data = filterset.form.cleaned_data
    start = max(filter(None, [period.start, data.get("published_after")]))
    end = min(filter(None, [period.end, data.get("published_before")]))
    params = [("q", text)]
    for name in ("source", "entity", "subject"):
        if data.get(name):
            params.append((name, data[name].slug))
    if data.get("country"):
        params.append(("country", data["country"]))
    params += [
        ("published_after", start.isoformat()),
        ("published_before", end.isoformat()),
    ]
    return f"{reverse('articles:search')}?{urlencode(params)}"


class PeriodOf(Func):
    """The month ("2024-03") or the year ("2024") of a date, as text."""

    output_field = CharField()

    def __init__(self, expression, unit: str):
        super().__init__(expression)
        self.unit = unit

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite keeps a date as ISO text, which begins with its period.
        length = 7 if self.unit == "month" else 4
        template = f"substr(%(expressions)s, 1, {length})"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        pattern = "YYYY-MM" if self.unit == "month" else "YYYY"
        template = f"to_char(%(expressions)s, '{pattern}')"
        return self.as_sql(compiler, connection, template=template, **extra)


# One statement: the stories of each period (no period: no date), then all
# the stories, dated or not, flagged 1. Both databases compute the rows once
# for a WITH query read twice (SQLite 3.35 and PostgreSQL 12 on).
STORIES_BY_PERIOD = (
    "WITH counted AS ({rows}) "
    "SELECT period, COUNT(DISTINCT one_story), 0 FROM counted GROUP BY period "
    "UNION ALL SELECT NULL, COUNT(DISTINCT one_story), 1 FROM counted"
)


def stories_by_period(rows, unit: str) -> tuple[dict[str, int], int, int]:
    """({period key: stories}, stories without a date, all the stories) of
    the articles `rows`, counted by the database in one statement. A story
    sent over two periods counts in each, and once in all."""
    if rows.query.is_empty():
        return {}, 0, 0
    # The period and story of each from the narrow index, not from rows as
    # long as their text: for 90,000 matches on SQLite, half the time with
    # the database in memory, a tenth when it must be read from disk.
    counted = (
        rows.order_by()
        .annotate(
            period=PeriodOf("published", unit),
            one_story=Coalesce("story_id", -F("id")),
        )
        .values("period", "one_story")
    )
    sql, params = counted.query.sql_with_params()
    sql = through_story_index(sql, rows.db)
    with connections[rows.db].cursor() as cursor:
        cursor.execute(STORIES_BY_PERIOD.format(rows=sql), params)
        found = cursor.fetchall()
    by_period = {period: n for period, n, whole in found if not whole and period}
    undated = next((n for period, n, whole in found if not whole and not period), 0)
    total = next(n for _, n, whole in found if whole)
    return by_period, undated, total


def _span(base) -> tuple[datetime.date | None, datetime.date | None]:
    """The first and last dates of the articles `base`."""
    found = base.order_by().aggregate(first=Min("published"), last=Max("published"))
    return found["first"], found["last"]


def _filters_key(filterset: ArticleFilter) -> tuple:
    """The form's filters, as a key to what is kept for them."""
    data = filterset.form.cleaned_data
    return tuple(
        (name, str(getattr(data[name], "pk", data[name])))
        for name in FILTERS
        if data.get(name)
    )


def _key(start: datetime.date, unit: str) -> str:
    return f"{start:%Y-%m}" if unit == "month" else f"{start:%Y}"


# --- The chart --------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT = 600, 300
# Room for the value labels on the left, the last period's label on the
# right, the axis's title above and the periods' labels below.
LEFT, RIGHT, TOP, BOTTOM = 56, 40, 30, 46
X_LABELS = 8  # at most
# The periods named under the chart are this many months or years apart, the
# fewest that leave X_LABELS at most: every January, or every other year.
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)
YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100)
Y_STEPS = 5  # about


@dataclass
class Point:
    x: float
    y: float
    url: str
    title: str


@dataclass
class Line:
    number: int  # 1 to MAX_QUERIES: its colour, dashes and marker
    path: str  # the SVG path through its points; a gap where there is no value
    points: list[Point]


@dataclass
class Chart:
    """A line chart's geometry, in the units of its viewBox."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    y_ticks: list[tuple[float, str]]  # (y, label)
    # (x, label, minor): a narrow screen shows every other label alone
    x_ticks: list[tuple[float, str, bool]]
    lines: list[Line]
    y_title: str
    x_title: str
    marker: float  # its radius


def chart_of(comparison: Comparison, show: str) -> Chart | None:
    """The line chart of `comparison`: one line per query, of its shares of
    all stories (`show` "share") or its stories ("count") in each period."""
    found = comparison.periods
    if not found or not comparison.series:
        return None
    values = [
        comparison.shares(series) if show == "share" else list(series.counts)
        for series in comparison.series
    ]
    highest = max((v for line in values for v in line if v is not None), default=0)
    steps = nice_steps(highest, whole=show == "count")
    top_value = steps[-1]
    right, bottom = CHART_WIDTH - RIGHT, CHART_HEIGHT - BOTTOM
    width, height = right - LEFT, bottom - TOP

    def x_of(i):
        if len(found) == 1:
            return round(LEFT + width / 2, 1)
        return round(LEFT + width * i / (len(found) - 1), 1)

    def y_of(value):
        return round(bottom - height * value / top_value, 1)

    decimals = _decimals(steps)
    lines = []
    for number, (series, line_values) in enumerate(
        zip(comparison.series, values, strict=True), 1
    ):
        points, path, drawing = [], [], False
        for i, (value, period) in enumerate(zip(line_values, found, strict=True)):
            if value is None:
                drawing = False
                continue
            x, y = x_of(i), y_of(value)
            path.append(f"{'L' if drawing else 'M'}{x} {y}")
            drawing = True
            points.append(
                Point(x, y, series.links[i], point_title(series, i, period, comparison))
            )
        lines.append(Line(number, " ".join(path), points))
    labelled = _labelled(found, comparison.unit)
    return Chart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        left=LEFT,
        right=right,
        top=TOP,
        bottom=bottom,
        y_ticks=[(y_of(step), _value_label(step, show, decimals)) for step in steps],
        x_ticks=[(x_of(i), found[i].label, n % 2 == 1) for n, i in enumerate(labelled)],
        lines=lines,
        y_title="Share of all stories" if show == "share" else "Stories",
        x_title=comparison.unit.capitalize(),
        marker=4 if len(found) <= 40 else 3 if len(found) <= 80 else 2.2,
    )


def _labelled(found: list[Period], unit: str) -> list[int]:
    """Which of the periods `found` to name under the chart, by index."""
    if unit == "month":
        steps, number = MONTH_STEPS, lambda p: p.start.year * 12 + p.start.month - 1
    else:
        steps, number = YEAR_STEPS, lambda p: p.start.year
    for step in steps:
        chosen = [i for i, period in enumerate(found) if number(period) % step == 0]
        if len(chosen) <= X_LABELS:
            break
    return chosen


def point_title(series: Series, i: int, period: Period, comparison) -> str:
    """What a point says: 'harbour, Mar 2024: 3 stories, 12.5% of 24'."""
    count = series.counts[i]
    noun = "story" if count == 1 else "stories"
    text = series.text if len(series.text) <= 60 else series.text[:59] + "…"
    return (
        f"{text}, {period.label}: {count:,} {noun}, "
        f"{percent(share(count, period.stories))} of {period.stories:,}"
    )


def percent(value: float | None) -> str:
    """12.5%; under 0.1 but not nothing, "<0.1%"; none, "–"."""
    if value is None:
        return "–"
    if 0 < value < 0.1:
        return "<0.1%"
    return f"{value:.1f}%"


def nice_steps(highest: float, *, whole: bool) -> list[float]:
    """Round values from 0 to at least `highest`, about Y_STEPS apart: 1, 2
    or 5 (2.5 too, for fractions) times a power of ten."""
    if highest <= 0:
        return [0, 1]
    rough = highest / Y_STEPS
    power = 10 ** math.floor(math.log10(rough))
    factors = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    step = next(f * power for f in factors if f * power >= rough)
    if whole:
        step = max(1, round(step))
    return [step * n for n in range(math.ceil(highest / step - 1e-9) + 1)]


def _decimals(steps: list[float]) -> int:
    step = steps[1] - steps[0]
    decimals = 0
    while decimals < 4 and abs(round(step, decimals) - step) > 1e-9:
        decimals += 1
    return decimals


def _value_label(value: float, show: str, decimals: int) -> str:
    if show == "share":
        return f"{value:.{decimals}f}%"
    return f"{round(value):,}"
