"""News agencies: one table of how copy names them, and the one name of a source.

Agencies turn up all over wire copy: in datelines ("TOKYO, Nov. 20 (Kyodo) --",
"SEOUL Yonhap -"), after bylines ("By MARIA LOPEZ Associated Press"), in
sign-offs ("==Kyodo", staff initials such as "dpa grj rmo"), in photo captions
("AP Photo/...") and in copyright lines. The entity extractor looks for their
names as organisations too (articles/entities/gazetteer.py). Each row of `AGENCIES`
says how copy names one agency in each of those places; every pattern and
lookup the other modules use is derived from the table, below it, so that a
new agency or spelling is one row or one field to change.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Agency:
    """One news agency and the ways copy names it.

    `name` is the display name `canonical_source` gives. `aliases` are other
    spellings of it, compared as `canonical_source` compares them: in any case,
    dots and hyphens ignored, a leading "The" dropped. `known` is False for an
    agency listed for the entity extractor only: the parser trusts a known name
    as the story's source in datelines, sign-offs and copyright lines, so
    making an agency known changes how stories parse.

    `dateline` holds the words that may stand bare after a dateline's place
    ("SEOUL Yonhap -"), case as written. `affiliations` are the names that may
    follow the name in a byline ("By MARIA LOPEZ Associated Press"). `initials`
    opens a sign-off of staff initials ("dpa grj rmo"), lower case. `caption`
    is the word before "photo" that opens a caption ("AP Photo/..."), in any
    case. `entities` are the names the entity extractor looks for.
    """

    name: str
    aliases: tuple[str, ...] = ()
    known: bool = True
    dateline: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    initials: str = ""
    caption: str = ""
    entities: tuple[str, ...] = ()


# In the order articles/entities/gazetteer.py has always listed the entity names: the
# order of the rows changes nothing else (see the derived patterns below).
# Two- and three-letter names that are also English words ("MAP", "SPA") are
# left out on purpose: the entity extractor would find them everywhere.
AGENCIES = (
    Agency(
        "Reuters",
        aliases=("reuter", "thomson reuters", "reuters news agency"),
        dateline=("Reuters", "Reuter"),
        affiliations=("Reuters",),
        # "rtr" is no alias, so such a sign-off names "rtr" as the source.
        initials="rtr",
        caption="reuters",
        entities=("Reuters",),
    ),
    Agency(
        "Associated Press",
        aliases=("ap", "the associated press", "ap news"),
        dateline=("AP",),
        affiliations=("Associated Press",),
        initials="ap",
        caption="ap",
        entities=("Associated Press", "AP"),
    ),
    Agency(
        "AFP",
        aliases=("agence france presse", "agence france-presse"),
        dateline=("AFP",),
        affiliations=("AFP",),
        initials="afp",
        caption="afp",
        entities=("Agence France-Presse", "AFP"),
    ),
    Agency(
        "Xinhua",
        aliases=("xinhua news agency", "xinhuanet"),
        dateline=("Xinhua",),
        affiliations=("Xinhua",),
        initials="xinhua",
        caption="xinhua",
        entities=("Xinhua",),
    ),
    Agency(
        "Kyodo News",
        aliases=("kyodo", "kyodo news agency", "kyodo news service"),
        dateline=("Kyodo",),
        affiliations=("Kyodo News",),
        initials="kyodo",
        caption="kyodo",
        entities=("Kyodo", "Kyodo News"),
    ),
    Agency(
        "Jiji Press",
        aliases=("jiji",),
        dateline=("Jiji",),
        entities=("Jiji", "Jiji Press"),
    ),
    Agency(
        "Yonhap",
        aliases=("yonhap news", "yonhap news agency"),
        dateline=("Yonhap",),
        affiliations=("Yonhap News Agency", "Yonhap"),
        initials="yonhap",
        caption="yonhap",
        entities=("Yonhap",),
    ),
    Agency("Interfax", known=False, entities=("Interfax",)),
    Agency(
        "TASS",
        aliases=("itar-tass",),
        entities=("Itar-Tass", "ITAR-TASS", "Tass", "TASS"),
    ),
    Agency("RIA Novosti", known=False, entities=("RIA Novosti", "Novosti")),
    Agency("ANSA", known=False, entities=("ANSA",)),
    Agency(
        "dpa",
        aliases=("deutsche presse-agentur", "deutsche presse agentur"),
        dateline=("dpa",),
        affiliations=("dpa",),
        initials="dpa",
        caption="dpa",
        entities=("DPA",),
    ),
    Agency("EFE", known=False, entities=("EFE",)),
    Agency("PAP", known=False, entities=("PAP",)),
    Agency("CTK", known=False, entities=("CTK",)),
    Agency("MTI", known=False, entities=("MTI",)),
    Agency("BTA", known=False, entities=("BTA",)),
    Agency("Tanjug", known=False, entities=("Tanjug",)),
    Agency("Anadolu", known=False, entities=("Anatolian", "Anadolu")),
    Agency("IRNA", known=False, entities=("IRNA",)),
    Agency("MENA", known=False, entities=("MENA",)),
    Agency("KCNA", known=False, entities=("KCNA",)),
    Agency("Bernama", known=False, entities=("Bernama",)),
    Agency("Antara", known=False, entities=("Antara",)),
    Agency("PTI", known=False, entities=("PTI", "Press Trust of India")),
    Agency("SANA", known=False, entities=("SANA",)),
    Agency("KUNA", known=False, entities=("KUNA",)),
    Agency("Notimex", known=False, entities=("Notimex",)),
    Agency("Prensa Latina", known=False, entities=("Prensa Latina",)),
    Agency("Belga", known=False, entities=("Belga",)),
    Agency("ANP", known=False, entities=("ANP",)),
    Agency("HINA", known=False, entities=("HINA",)),
    Agency("Agerpres", known=False, entities=("Agerpres",)),
    Agency("Rompres", known=False, entities=("Rompres",)),
    Agency("Ukrinform", known=False, entities=("Ukrinform",)),
    Agency("UNIAN", known=False, entities=("UNIAN",)),
    Agency("Infotag", known=False, entities=("Infotag",)),
    Agency("AAP", aliases=("australian associated press",), entities=("AAP",)),
    Agency("NZPA", known=False, entities=("NZPA",)),
    Agency("SAPA", known=False, entities=("SAPA",)),
    Agency("PANA", known=False, entities=("PANA",)),
    Agency(
        "UPI",
        aliases=("united press international",),
        dateline=("UPI",),
        entities=("UPI",),
    ),
    Agency("Bloomberg", aliases=("bloomberg news",), entities=("Bloomberg",)),
    Agency("Dow Jones", known=False, entities=("Dow Jones",)),
    Agency("Knight-Ridder", known=False, entities=("Knight-Ridder",)),
    Agency("AFX", known=False, entities=("AFX",)),
    Agency("Telerate", known=False, entities=("Telerate",)),
    Agency("Central News Agency", known=False, entities=("Central News Agency",)),
    Agency("Lusa", known=False, entities=("Lusa",)),
    Agency("Ritzau", known=False, entities=("Ritzau",)),
    Agency("NTB", known=False, entities=("NTB",)),
    Agency(
        "BBC News",
        aliases=("bbc", "bbc news online"),
        affiliations=("BBC News",),
    ),
    Agency("PA Media", aliases=("pa", "press association", "the press association")),
)

_SOURCE_STRIP = " \t()[]{}=_-–—,;:"


def canonical_source(name: str) -> str:
    """The display name of a news source: "KYODO" -> "Kyodo News".

    Spellings agencies use for themselves map to one name ("AP" and "The
    Associated Press" -> "Associated Press", "Reuter" -> "Reuters", "BBC" ->
    "BBC News"). Unknown names come back tidied (outer spaces, brackets and
    dashes removed), never dropped. In "tca/dpa" the first known part wins.
    """
    if not isinstance(name, str):
        return ""
    tidy = " ".join(name.split()).strip(_SOURCE_STRIP)
    return known_source(tidy) or tidy


def known_source(name: str) -> str:
    """The canonical name when `name` is a known source, else "". A feed's
    provider written as a domain ("reuters.com", "www.afp.com") is the
    agency it belongs to."""
    known = _SOURCE_KEYS.get(_source_key(name.strip(_SOURCE_STRIP)))
    if not known and _DOMAIN.fullmatch(name.strip()):
        labels = [p for p in name.strip().casefold().split(".") if p != "www"]
        known = _SOURCE_KEYS.get(_source_key(labels[0])) if labels else None
    if known or "/" not in name:
        return known or ""
    return next(filter(None, (known_source(part) for part in name.split("/"))), "")


_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}", re.IGNORECASE)


def _source_key(name: str) -> str:
    key = " ".join(name.casefold().replace(".", "").replace("-", " ").split())
    return key.removeprefix("the ")


def _alternation(words) -> str:
    return "|".join(re.escape(word) for word in words)


# --- derived from the table -------------------------------------------------------

_SOURCE_KEYS = {
    _source_key(alias): agency.name
    for agency in AGENCIES
    if agency.known
    for alias in (agency.name, *agency.aliases)
}

# Regular expression alternations of whole words. Where they are used, each
# word must be followed by a word boundary, whitespace or the end of the text,
# and no word is the start of another followed by such: so at most one word
# can match at a place, and the order of the rows does not change what matches.
DATELINE_AGENCIES = _alternation(w for agency in AGENCIES for w in agency.dateline)
INITIALS_AGENCIES = _alternation(a.initials for a in AGENCIES if a.initials)
CAPTION_AGENCIES = _alternation(a.caption for a in AGENCIES if a.caption)

# Names after a byline, tried in turn as the end of "By MARIA LOPEZ Reuters". No
# name ends another (" Yonhap" does not end " Yonhap News Agency"), so at most
# one can be the end of a line and their order does not matter either.
AFFILIATIONS = tuple(name for agency in AGENCIES for name in agency.affiliations)

# Known agencies that write their name in lower case: "By dpa" is a byline.
LOWERCASE_AGENCIES = frozenset(
    agency.name for agency in AGENCIES if agency.known and agency.name[0].islower()
)

# What articles/entities/gazetteer.py lists as news agencies, in the table's order.
ENTITY_NAMES = tuple(name for agency in AGENCIES for name in agency.entities)
