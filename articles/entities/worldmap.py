"""A map of the world drawn on the server, in SVG: the countries where the
places of a search (or those named beside an entity) are, shaded by how many
articles name them, and its cities as dots.

The outlines are the simplified World Borders that the ``geopip`` package
ships (thematicmapping.org, CC BY-SA 3.0), read once per process: nothing is
fetched at run time. They are drawn in an equirectangular projection (one
unit a degree, north up, Antarctica left out) after dropping the points that
move an outline by less than a fifth of a degree, which a map a few hundred
pixels wide cannot show; that keeps the whole world to about 100 KB, served
once as an image (``world_svg``) and cached by the browser, with only the
shaded countries and the dots in each page.
"""

import functools
import hashlib
import json
import math
from dataclasses import dataclass, field
from importlib import resources

# The part of the world drawn, in degrees: Antarctica is left out.
NORTH, SOUTH = 84, -58
VIEW_BOX = f"-180 {-NORTH} 360 {NORTH - SOUTH}"
# Points closer than this (degrees) to the line through their neighbours go.
TOLERANCE = 0.2
# Shades of a country, from fewest articles to most.
SHADES = 4
# Dots' radius (degrees) for the fewest and the most articles.
DOT_SMALLEST, DOT_LARGEST = 1.2, 3.2


@dataclass(frozen=True)
class MapPlace:
    """A city on the map (a dot), with how many articles name it."""

    name: str
    slug: str
    country: str
    articles: int
    latitude: float | None = None
    longitude: float | None = None

    @property
    def x(self) -> float:
        return round(self.longitude, 2)

    @property
    def y(self) -> float:
        return round(-self.latitude, 2)


@dataclass
class Country:
    code: str
    name: str
    articles: int
    shade: int = 1  # 1 (fewest) to SHADES (most)
    outline: str = ""


@dataclass
class WorldMap:
    """What a page's map shows: shaded countries and dotted cities, most
    named first; `countries` and `places` are also the list beside it."""

    countries: list[Country] = field(default_factory=list)
    places: list[MapPlace] = field(default_factory=list)
    view_box: str = VIEW_BOX

    def __bool__(self) -> bool:
        return bool(self.countries or self.places)

    @property
    def dots(self) -> list[tuple[MapPlace, float]]:
        """The cities with coordinates, each with its dot's radius; the most
        named drawn last, so on top."""
        located = [p for p in self.places if p.latitude is not None]
        if not located:
            return []
        most = max(p.articles for p in located)
        return [(p, dot_radius(p.articles, most)) for p in reversed(located)]


def dot_radius(articles: int, most: int) -> float:
    """A dot's radius, its area growing with the articles naming the place."""
    if most <= 1:
        return DOT_SMALLEST
    share = math.sqrt((articles - 1) / (most - 1))
    return round(DOT_SMALLEST + (DOT_LARGEST - DOT_SMALLEST) * share, 2)


def shade(articles: int, most: int) -> int:
    """A country's shade, 1 to SHADES: the most named country darkest. On a
    log scale: news names a few countries far more than the rest, and a
    linear one leaves all but those in the palest shade."""
    if most <= 1:
        return 2
    return 1 + round((SHADES - 1) * math.log(articles) / math.log(most))


def world_map(places: list[MapPlace], countries: dict[str, int]) -> WorldMap:
    """The map of `places` (cities and countries) and of `countries` (code:
    articles naming a place in it)."""
    from .places import country_name

    shapes = outlines()
    most = max(countries.values(), default=0)
    shaded = [
        Country(
            code,
            country_name(code),
            articles,
            shade=shade(articles, most),
            outline=shapes.get(code, ""),
        )
        for code, articles in sorted(
            countries.items(), key=lambda item: (-item[1], country_name(item[0]))
        )
    ]
    return WorldMap(countries=shaded, places=places)


@functools.lru_cache(maxsize=1)
def world_etag() -> str:
    """A validator of world_svg(): it changes only with the outlines."""
    return hashlib.sha256(world_svg().encode()).hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def world_svg() -> str:
    """The whole world's outlines as an SVG document: the page's maps draw
    it under their countries and dots."""
    paths = "".join(f'<path d="{d}"/>' for d in outlines().values())
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{VIEW_BOX}" preserveAspectRatio="xMidYMid meet">'
        f'<g fill="#e6e2d8" stroke="#b9b2a2" stroke-width="0.15">{paths}</g></svg>'
    )


@functools.lru_cache(maxsize=1)
def outlines() -> dict[str, str]:
    """Each country's outline as SVG path data, by ISO 3166 code."""
    source = resources.files("geopip").joinpath("globe.geo.json")
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    shapes = {}
    for feature in features:
        code = feature["properties"]["ISO2"]
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        if code == "AQ":
            continue
        rings = [[(x, -y) for x, y, *_ in polygon[0]] for polygon in polygons]
        path = "".join(_path(ring) for ring in rings)
        # A country too small to see at this scale keeps its largest island,
        # simplified less, so that it can still be shaded.
        path = path or _path(max(rings, key=_area), TOLERANCE / 4, 0)
        if path:
            shapes[code] = path
    return shapes


def _path(points: list[tuple], tolerance=TOLERANCE, smallest=TOLERANCE**2) -> str:
    """A ring of projected points as path data, simplified; empty when its
    area is under `smallest`."""
    kept = _simplify(points, tolerance)
    if len(kept) < 4 or _area(kept) < smallest:
        return ""
    return "M" + "L".join(f"{_number(x)} {_number(y)}" for x, y in kept[:-1]) + "Z"


def _simplify(points: list[tuple], tolerance: float) -> list[tuple]:
    """Ramer–Douglas–Peucker: the fewest points within `tolerance` of the
    line (iterative, so long coastlines do not recurse deeply)."""
    if len(points) < 3:
        return points
    keep = {0, len(points) - 1}
    spans = [(0, len(points) - 1)]
    while spans:
        first, last = spans.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        farthest, at = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            if length:
                distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
            else:
                distance = math.hypot(x - x1, y - y1)
            if distance > farthest:
                farthest, at = distance, i
        if at is not None and farthest > tolerance:
            keep.add(at)
            spans.extend([(first, at), (at, last)])
    return [points[i] for i in sorted(keep)]


def _area(points: list[tuple]) -> float:
    return abs(
        sum(
            points[i][0] * points[i - 1][1] - points[i - 1][0] * points[i][1]
            for i in range(len(points))
        )
        / 2
    )


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
