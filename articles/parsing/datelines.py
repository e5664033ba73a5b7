"""Datelines: the place, maybe a date and an agency, that open a story.

``TOKYO, Nov. 20 (Kyodo) --``, ``LONDON (Reuters) -``, ``BERLIN, 3 March /dpa/ -``
or ``NEW YORK --``: `match_dateline` reads one at the start of a line and says
where the story text after it begins.
"""

import datetime
import re
from dataclasses import dataclass

from .agencies import DATELINE_AGENCIES, canonical_source, known_source
from .dates import parse_date
from .text import collapse


@dataclass
class Dateline:
    """What a dateline says, and where the story text after it starts."""

    place: str
    source: str
    published: datetime.date | None
    end: int  # where the story text starts, in the whitespace-collapsed line
    byline: str = ""  # a byline run into the dateline: "By Jane Doe TOKYO (Reuters) -"


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DAY_AND_MONTH = rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s+\d{{4}})?"
_PLACE_WORD = r"[A-ZÀ-Þ][\w.'’&/-]*"
_PLACE_PART = (
    rf"{_PLACE_WORD}"
    rf"(?:\s+(?:{_PLACE_WORD}|de|da|del|di|do|du|la|le|el|am|an|der|upon|sur|en)){{0,4}}"
)
_DASH = r"(?:--|[-_](?=\s|$)|[—–])"
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE_PART}(?:,\s*{_PLACE_PART}){{0,2}})"
    rf"(?:,?\s*(?P<date>{_DAY_AND_MONTH}))?"
    r"\s*(?:(?:\((?P<paren>[^()]{1,40})\)|/(?P<slash>[^/\s][^/]{0,39})/"
    rf"|(?P<bare>{DATELINE_AGENCIES})\b)\s*(?:(?P<dash>{_DASH})\s*)?"
    rf"|(?P<dash2>{_DASH})\s*)"
)
# All-capital words that open a paragraph with a dash but are not places.
_NOT_PLACES = {"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "CORRECTION", "URGENT"}
_NOT_PLACES |= {"FLASH", "ANALYSIS", "OPINION", "EDITORIAL", "NOTE", "WARNING"}
# "By Jane Doe TOKYO": a byline run into a dateline in capitals, as Reuters
# copy reads once its line breaks are gone.
_INLINE_BYLINE = re.compile(
    r"By\s+(?P<who>[^,]*?[a-z][^,]*?)\s+(?P<place>[A-Z][A-Z.'’&/-]+(?:\s+[A-Z][A-Z.'’&/-]+)*)"
)


def match_dateline(line: str) -> Dateline | None:
    text = collapse(line[:300])
    match = _DATELINE.match(text)
    if not match:
        return None
    place, byline = match["place"], ""
    inline = _INLINE_BYLINE.match(place)
    if inline:
        byline = inline["who"]
        place = inline["place"] + place[inline.end() :]
    first_place = place.split(",")[0]
    capitals = first_place.isupper() and first_place not in _NOT_PLACES
    agency = match["paren"] or match["slash"] or match["bare"] or ""
    source = canonical_source(agency)
    date_text = match["date"] or ""
    if match["paren"] and not known_source(agency):
        if len(agency.split()) > 2 or not (capitals or date_text):
            return None  # "Apple (AAPL) - ..." is a sentence, not a dateline
    dash = match["dash"] or match["dash2"]
    if not dash and not (
        match["paren"] and known_source(agency) and (capitals or date_text)
    ):
        return None
    if not agency and not (capitals and (date_text or dash in ("--", "—", "–"))):
        return None
    has_year = re.search(r"\d{4}", date_text)
    published = parse_date(date_text) if has_year else None
    return Dateline(place, source, published, end=match.end(), byline=byline)
