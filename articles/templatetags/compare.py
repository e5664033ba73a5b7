"""Template helpers for /compare/: its line chart, legend and table.

Drawn here rather than in template loops, as the timeline and the map are:
five queries over 120 months are 600 points, each a link, and as many cells.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from articles.comparison import chart_of, percent, share

register = template.Library()

# Each query's marker, beside its colour and its dashes (static/css): a line
# is told from another by each of the three, not by colour alone.
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down")


def marker(number: int, x: float, y: float, r: float) -> SafeString:
    """The marker of query `number` (from 1) centred on (x, y)."""
    shape = MARKERS[(number - 1) % len(MARKERS)]
    css = "compare-chart__marker"
    if shape == "circle":
        return format_html('<circle class="{}" cx="{}" cy="{}" r="{}"/>', css, x, y, r)
    if shape == "square":
        side = round(r * 1.8, 2)
        return format_html(
            '<rect class="{}" x="{}" y="{}" width="{}" height="{}"/>',
            css,
            round(x - side / 2, 2),
            round(y - side / 2, 2),
            side,
            side,
        )
    if shape == "diamond":
        d = round(r * 1.35, 2)
        corners = [(x, y - d), (x + d, y), (x, y + d), (x - d, y)]
    else:
        up = 1 if shape == "triangle" else -1
        h, w = round(r * 1.3, 2), round(r * 1.25, 2)
        corners = [
            (x, y - up * h),
            (x + w, y + up * h * 0.75),
            (x - w, y + up * h * 0.75),
        ]
    path = "M" + " L".join(f"{round(cx, 2)} {round(cy, 2)}" for cx, cy in corners)
    return format_html('<path class="{}" d="{} Z"/>', css, path)


@register.simple_tag
def series_swatch(number):
    """A query's line and marker in small, for the legend and the table."""
    return format_html(
        '<svg class="compare-swatch compare-series--{}" viewBox="0 0 40 12" '
        'width="40" height="12" aria-hidden="true" focusable="false">'
        '<path class="compare-chart__line" d="M1 6 H39"/>{}</svg>',
        number,
        marker(number, 20, 6, 4),
    )


@register.inclusion_tag("articles/_compare_chart.html")
def compare_chart(comparison, show):
    """The line chart of a comparison.Comparison, in inline SVG: axes with
    their labels, a line per query, each point a link to its search."""
    chart = chart_of(comparison, show)
    if chart is None:
        return {}
    axes = format_html(
        '<path class="compare-chart__axis" d="M{} {} V{} H{}"/>',
        chart.left,
        chart.top,
        chart.bottom,
        chart.right,
    )
    grid = format_html_join(
        "",
        '<line class="compare-chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="compare-chart__label" x="{}" y="{}" dy="0.32em" '
        'text-anchor="end">{}</text>',
        (
            (chart.left, chart.right, y, y, chart.left - 6, y, label)
            for y, label in chart.y_ticks
        ),
    )
    ticks = format_html_join(
        "",
        '<line class="compare-chart__axis" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="compare-chart__label{}" x="{}" y="{}" text-anchor="middle">'
        "{}</text>",
        (
            (
                x,
                x,
                chart.bottom,
                chart.bottom + 5,
                " compare-chart__label--minor" if minor else "",
                x,
                chart.bottom + 20,
                label,
            )
            for x, label, minor in chart.x_ticks
        ),
    )
    titles = format_html(
        '<text class="compare-chart__title" x="{}" y="{}">{}</text>'
        '<text class="compare-chart__title" x="{}" y="{}" text-anchor="middle">'
        "{}</text>",
        chart.left - 6,
        chart.top - 14,
        chart.y_title,
        (chart.left + chart.right) / 2,
        chart.height - 6,
        chart.x_title,
    )
    lines = mark_safe(
        "".join(
            format_html(
                '<g class="compare-series--{}"><path class="compare-chart__line" '
                'd="{}"/>{}</g>',
                line.number,
                line.path,
                format_html_join(
                    "",
                    '<a href="{}"><title>{}</title>'
                    '<circle class="compare-chart__hit" cx="{}" cy="{}" r="{}"/>'
                    "{}</a>",
                    (
                        (
                            point.url,
                            point.title,
                            point.x,
                            point.y,
                            max(chart.marker * 2, 6),
                            marker(line.number, point.x, point.y, chart.marker),
                        )
                        for point in line.points
                    ),
                ),
            )
            for line in chart.lines
        )
    )
    return {
        "chart": chart,
        "comparison": comparison,
        "show": show,
        "first": comparison.periods[0].label,
        "last": comparison.periods[-1].label,
        "drawing": mark_safe(axes + grid + ticks + titles + lines),
    }


@register.simple_tag
def compare_rows(comparison):
    """The table's rows: each period, and for each query its stories (a link
    to them) and their share of all the period's stories."""
    shares = [comparison.shares(series) for series in comparison.series]
    return _rows(
        (
            period.label,
            format_html_join(
                "",
                '<td class="num"><a href="{}">{}</a></td><td class="num">{}</td>',
                (
                    (series.links[i], f"{series.counts[i]:,}", percent(line[i]))
                    for series, line in zip(comparison.series, shares, strict=True)
                ),
            ),
            period.stories,
        )
        for i, period in enumerate(comparison.periods)
    )


@register.simple_tag
def compare_totals(comparison):
    """The table's last rows: each query's stories without a date (when any
    story has none) and all its stories, beside all the stories."""
    totals = [("In all", [s.total for s in comparison.series], comparison.total)]
    if comparison.undated:
        undated = [s.undated for s in comparison.series]
        totals.insert(0, ("No date", undated, comparison.undated))
    return _rows(
        (
            label,
            format_html_join(
                "",
                '<td class="num">{}</td><td class="num">{}</td>',
                ((f"{n:,}", percent(share(n, whole))) for n in counts),
            ),
            whole,
        )
        for label, counts, whole in totals
    )


def _rows(rows) -> SafeString:
    """Table rows from (heading, the queries' cells, all the stories)."""
    return mark_safe(
        "\n".join(
            format_html(
                '<tr><th scope="row">{}</th>{}<td class="num">{}</td></tr>',
                heading,
                cells,
                f"{whole:,}",
            )
            for heading, cells, whole in rows
        )
    )
