"""The places a dateline names, as entities of the story.

The importer lifts the dateline ("WASHINGTON (AP) —", "SAITAMA, Japan, Nov.
20 (Kyodo) --") off the body, so the language model never reads it; its
places are added to what the model found, named as any other mention of them
would be: "WASHINGTON" is Washington, "ST. LOUIS" is St. Louis.
"""

import re

from .extraction import ExtractedEntity

# Words of a place name that stay in lower case when it is written in capitals.
_LOWER = {"de", "da", "del", "di", "do", "du", "la", "le", "el", "am", "an"}
_LOWER |= {"der", "upon", "sur", "en", "of", "on", "the", "au", "aux"}
_INITIALS = re.compile(r"(?:[A-Z]\.){2,}")  # "U.S.", "D.C."
# Where the places end, in a dateline as a feed may give it whole ("LOS
# ANGELES, Feb 26 -", "SEOUL, Dec. 5 (Yonhap) --"): a date, a day, a year, the
# agency in brackets, or the dash before the story.
_MONTHS = "january february march april may june july august september october"
_MONTHS += " november december jan feb mar apr jun jul aug sep sept oct nov dec"
_DAYS = "monday tuesday wednesday thursday friday saturday sunday"
_END = re.compile(
    rf"(?:\b(?:{'|'.join((_MONTHS + ' ' + _DAYS).split())})\b\.?(?:\s|,|$)"
    r"|\d|\(|\s[-\u2013\u2014]|^[-\u2013\u2014])",
    re.IGNORECASE,
)


def dateline_places(dateline: str) -> list[str]:
    """The places of a dateline, each named as in running text."""
    places = []
    end = _END.search(dateline)
    if end:
        dateline = dateline[: end.start()]
    # "TOKYO/SEOUL": a story filed from two places names both.
    parts = [piece for part in dateline.split(",") for piece in part.split("/")]
    for number, part in enumerate(parts):
        words = part.split()
        if not words or not any(ch.isalpha() for ch in part):
            continue
        if number and (part.strip().endswith(".") or len(part.strip()) < 4):
            continue  # "SALEM, Ore.", "WASHINGTON, D.C.": a state's abbreviation
        if part.strip().isupper():
            words = [_word(w, first=i == 0) for i, w in enumerate(words)]
        places.append(" ".join(words))
    return places


def _word(word: str, *, first: bool) -> str:
    if _INITIALS.fullmatch(word):
        return word
    if not first and word.lower() in _LOWER:
        return word.lower()
    return "-".join(
        part.lower()
        if i and part.lower() in _LOWER
        else "'".join(piece.capitalize() for piece in part.split("'"))
        for i, part in enumerate(word.split("-"))
    )


def with_dateline(entities: list, dateline: str) -> list:
    """`entities` (as extraction gives them) and the dateline's places, once
    each: a place the story names already is counted once more. The story
    is written from there, so a name the model took for something else
    ("Goyang" a person in a story datelined GOYANG) is that place too."""
    places = dateline_places(dateline)
    if not places:
        return entities
    named = {place.casefold(): place for place in places}
    kept = []
    for entity in entities:
        place = named.get(entity.name.casefold())
        if place is not None and entity.kind != "place":
            entity = ExtractedEntity(entity.name, "place", entity.count)
        kept.append(entity)
    return [*kept, *(ExtractedEntity(p, "place", 1) for p in places)]
