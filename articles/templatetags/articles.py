"""Template helpers for the public pages."""

import re
from urllib.parse import urlencode, urlsplit

from django import template
from django.urls import reverse
from django.utils import dateformat
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from articles.paths import PathFormat
from articles.search.marks import marked_html

register = template.Library()


@register.filter
def marked(text):
    """Escape search-highlighted text, then turn its hit markers into <mark>."""
    return mark_safe(marked_html(text)) if text else ""


@register.simple_tag(takes_context=True)
def query_url(context, **changes):
    """The current querystring with `changes` applied; None or "" removes a key.

    Blank parameters are dropped as well, so links stay short:
    {% query_url entity=None %} -> "?q=japan".
    """
    # As QueryDict.copy(), pop(), [key]= and urlencode() would, without the
    # deep copy of the querystring that each link on a page would cost.
    lists = [
        (key, values)
        for key, values in context["request"].GET.lists()
        if key not in changes
    ]
    lists += [
        (key, [value]) for key, value in changes.items() if value not in (None, "")
    ]
    pairs = [(key, value) for key, values in lists if any(values) for value in values]
    return f"?{urlencode(pairs)}" if pairs else "?"


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The link to page `number` of the current listing, keeping every filter."""
    return query_url(context, page=None if number == 1 else number)


@register.filter
def elided_pages(page):
    """Page numbers around the current one, with "…" for the gaps."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.filter
def web_url(url):
    """`url` if it is an http(s) address, else "": no javascript: links from data."""
    scheme = urlsplit(str(url or "")).scheme.lower()
    return url if scheme in {"http", "https"} else ""


CHART_WIDTH, CHART_HEIGHT, CHART_GAP = 600, 80, 1
# However few the periods, a bar is no wider than this (in the chart's 600).
BAR_MAX_WIDTH = 40
# With fewer periods than this a chart says less than a sentence does.
CHART_MIN_PERIODS = 3


@register.inclusion_tag("articles/_timeline.html")
def timeline_chart(timeline):
    """A facets.Timeline as a bar chart in inline SVG (no JavaScript), or as a
    sentence when it has fewer than CHART_MIN_PERIODS periods; either way with
    how many of the articles have no date."""
    points = [(label, count) for label, count in timeline.points]
    peak = max((count for _, count in points), default=0)
    context = {"timeline": timeline, "undated": timeline.undated}
    if not peak:
        return context
    if len(points) < CHART_MIN_PERIODS:
        return {**context, "periods": [p for p in points if p[1]]}
    slot = CHART_WIDTH / len(points)
    width = min(max(slot - CHART_GAP, 0.5), BAR_MAX_WIDTH)
    bars = []
    for i, (label, count) in enumerate(points):
        height = round(CHART_HEIGHT * count / peak, 1) if count else 0
        bars.append(
            (
                round(i * slot + (slot - width) / 2, 2),
                round(CHART_HEIGHT - height, 1),
                round(width, 2),
                height,
                label,
                count,
                timeline.noun if count == 1 else timeline.plural,
            )
        )
    return {
        **context,
        # Drawn here, not in a template loop: there may be 48 of them.
        "rects": format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}"><title>{}: {} {}</title>'
            "</rect>",
            bars,
        ),
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "first": points[0][0],
        "last": points[-1][0],
        "peak": peak,
    }


@register.filter
def country_name(code):
    """A country's name by its ISO code: "KR" is "South Korea"."""
    from articles.entities.places import country_name

    return country_name(code) if code else ""


# The list beside a map: the most named countries, each with its most named
# cities; the other countries one click away.
MAP_COUNTRIES_LISTED, MAP_CITIES_LISTED = 8, 5


@register.inclusion_tag("articles/_map.html", takes_context=True)
def places_map(context, world, about, entity=None, counted=None):
    """A worldmap.WorldMap as inline SVG over the world's outlines, with the
    same countries and cities listed beside it: a country links to these
    results (or `entity`'s articles) in it, a city to its page."""
    listed = {}
    for country in world.countries:
        if entity is None:
            url = query_url(context, country=country.code, page=None)
        else:
            params = urlencode({"entity": entity.slug, "country": country.code})
            url = f"{reverse('articles:search')}?{params}"
        listed[country.code] = (country, url, [])
    for place in world.places:
        cities = listed.get(place.country, (None, None, []))[2]
        if len(cities) < MAP_CITIES_LISTED:
            cities.append(place)
    listed = list(listed.values())
    more = listed[MAP_COUNTRIES_LISTED:]
    # Drawn and listed here, not in template loops: a map may shade fifty
    # countries and dot a hundred cities, a template costs more than the
    # SQL that found them.
    return {
        "map": world,
        "about": about,
        "counted": counted,
        "shapes": format_html_join(
            "",
            '<path class="map__shade-{}" d="{}"><title>{}: {} article{}</title></path>',
            (
                (c.shade, c.outline, c.name, c.articles, _plural(c.articles))
                for c in world.countries
                if c.outline
            ),
        ),
        "dots": format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="{}"><title>{}: {} article{}</title></circle>',
            (
                (p.x, p.y, radius, p.name, p.articles, _plural(p.articles))
                for p, radius in world.dots
            ),
        ),
        "listed": _map_list(listed[:MAP_COUNTRIES_LISTED]),
        "more": _map_list(more) if more else "",
        "more_count": len(more),
    }


def _plural(count: int) -> str:
    return "" if count == 1 else "s"


def _map_list(countries) -> str:
    """The list beside a map: each country with its count, linked to its
    articles, then its most named cities, linked to their pages."""
    entity_path = PathFormat("articles:entity")
    items = []
    for country, url, places in countries:
        cities = format_html_join(
            ", ",
            '<a href="{}">{}</a> <span class="facet__count">{}</span>',
            ((entity_path(p), p.name, thousands(p.articles)) for p in places),
        )
        items.append(
            format_html(
                '<li><a href="{}">{}</a> <span class="facet__count">{}</span>{}</li>',
                url,
                country.name,
                thousands(country.articles),
                format_html(":\n      {}", cities) if places else "",
            )
        )
    return format_html(
        '<ul class="map__list" role="list">{}</ul>', mark_safe("".join(items))
    )


@register.simple_tag(takes_context=True)
def article_meta(context, article):
    """Where and when `article` was published, as _article_meta.html shows it:
    built here, as it is once per article of a list."""
    source = article.source
    if source:
        # Most articles of a page share a few sources: one link each per page.
        links = context.render_context.setdefault("article_meta_sources", {})
        if source.pk not in links:
            links[source.pk] = format_html(
                '<a href="{}">{}</a>', source.get_absolute_url(), source.name
            )
        where = links[source.pk]
    else:
        where = "Unknown source"
    if article.published:
        when = format_html(
            '<time datetime="{}">{}</time>',
            article.published.isoformat(),
            dateformat.format(article.published, "j F Y"),
        )
    else:
        when = "date unknown"
    dateline = ""
    if article.dateline:
        dateline = format_html(
            '<span aria-hidden="true">·</span> <span class="dateline">{}</span>',
            article.dateline,
        )
    return format_html(
        '<p class="meta">\n  {}\n  <span aria-hidden="true">·</span>\n  {}\n  {}\n</p>',
        where,
        when,
        dateline,
    )


@register.filter(is_safe=True)
def thousands(value):
    """intcomma for the counts of a page: 12,345 (the separator of en-gb)."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value


@register.simple_tag(takes_context=True)
def year_url(context, year):
    """The current search narrowed to articles published in `year`."""
    return query_url(
        context,
        published_after=f"{year}-01-01",
        published_before=f"{year}-12-31",
        page=None,
    )


@register.simple_tag(takes_context=True)
def facet_sections(context, facets, form):
    """The facets of a search as (heading, links) sections, each link a dict
    of url, name, count and whether it is the filter applied: sources (as
    facets.py gives them, dicts), the entities of each kind (dicts too),
    years."""
    applied = getattr(form, "cleaned_data", {}).get("source")
    sections = []
    if facets.sources:
        sections.append(
            (
                "Source",
                [
                    {
                        "url": query_url(context, source=source["slug"], page=None),
                        "name": source["name"],
                        "count": count,
                        "current": applied is not None and applied.pk == source["pk"],
                    }
                    for source, count in facets.sources
                ],
            )
        )
    for heading, entities in facets.entities:
        links = [
            {
                "url": query_url(context, entity=entity["slug"], page=None),
                "name": entity["name"],
                "count": count,
            }
            for entity, count in entities
        ]
        sections.append((heading, links))
    if facets.subjects:
        applied_subject = getattr(form, "cleaned_data", {}).get("subject")
        links = [
            {
                "url": query_url(context, subject=subject["slug"], page=None),
                "name": subject["name"],
                "count": count,
                "current": applied_subject is not None
                and applied_subject.slug == subject["slug"],
            }
            for subject, count in facets.subjects
        ]
        sections.append(("Subject", links))
    if facets.countries:
        applied_country = getattr(form, "cleaned_data", {}).get("country")
        links = [
            {
                "url": query_url(context, country=country.code, page=None),
                "name": country.name,
                "count": country.articles,
                "current": country.code == applied_country,
            }
            for country in facets.countries
        ]
        sections.append(("Country", links))
    if facets.years:
        links = [
            {"url": year_url(context, year), "name": year, "count": count}
            for year, count in facets.years
        ]
        sections.append(("Year", links))
    return sections


@register.filter
def mark_entities(text, names):
    """`text` escaped, with each (name, entity) in `names` marked and linked."""
    text = str(text or "")
    if not names:
        return conditional_escape(text)
    by_name = {}
    for name, entity in names:
        by_name.setdefault(name, entity)
    alternatives = "|".join(
        re.escape(name) for name in sorted(by_name, key=len, reverse=True) if name
    )
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    pieces, position = [], 0
    for match in pattern.finditer(text):
        entity = by_name[match.group()]
        pieces.append(conditional_escape(text[position : match.start()]))
        pieces.append(
            format_html(
                '<mark class="entity-mark entity-mark--{}"><a href="{}">{}</a></mark>',
                entity.kind,
                entity.get_absolute_url(),
                match.group(),
            )
        )
        position = match.end()
    pieces.append(conditional_escape(text[position:]))
    return mark_safe("".join(str(p) for p in pieces))
