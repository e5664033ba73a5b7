"""Feed machinery that is not story text: format codes, slugs, flags, notes.

Agency feeds (ANPA 1312, IPTC 7901) surround a story with lines for machines
and editors: "BC-Japan-Heat <", "URGENT", "Eds: UPDATES with ...". The head
step (head.py) looks past them for the headline, byline and dateline, and the
headline and byline tests refuse them.
"""

import re

from .text import collapse

_WIRE_MARKS = re.compile(r"\s*[<=+]+$")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th|s)", re.IGNORECASE)
# A word rather than a code or a figure: two letters or more, maybe a stop.
WORD = re.compile(r"(?:[^\W\d_]|['’]){2,}[,.;:!?]?")
_WIRE_FLAGS = re.compile(
    r"\d+(?:ST|ND|RD|TH)\s+(?:LEAD|NET|LD|ADD|WRITETHRU|UPDATE|CORRECTION)\b.*"
    r"|REFILE|EXTRA|URGENT|FLASH|BULLETIN|ADVISORY|CORRECTION|CORRECTED|UPDATE(?: \d+)?"
)
_ANPA_STAMP = re.compile(r".*\b\d{2}-\d{2}\s+\d{4}")
_NOTE = re.compile(
    r"\(?\s*(?:eds?\b|editors?'?s? note|ed's note|ap photos?\b|ap video\b"
    r"|with ap photos|advance for\b|embargoed\b|for release\b|attention\b)",
    re.IGNORECASE,
)


def is_wire_code(line: str) -> bool:
    """Feed machinery rather than words: ANPA slugs, IPTC headers, keyword lines."""
    line = strip_wire_marks(line[:300])
    if not line or len(line) > 200:
        return False
    if line.startswith(("BC-", "/")) or " BC-" in line or line.endswith("/"):
        return True
    if _WIRE_FLAGS.fullmatch(line) or _ANPA_STAMP.fullmatch(line):
        return True
    tokens = line.split()
    words = sum(1 for token in tokens if WORD.fullmatch(token))
    numbers = sum(1 for token in tokens if token.isdigit())
    coded = any(
        sum(ch.isdigit() for ch in token) >= 4
        and any(ch.isalpha() for ch in token)
        and not _ORDINAL.fullmatch(token)
        for token in tokens
    )
    return words < 3 and (coded or numbers >= 2)


def is_note(line: str) -> bool:
    """An editor's note or the like: "Eds: ...", "AP Photos", "Embargoed ..."."""
    return bool(_NOTE.match(line[:40]))


def strip_wire_marks(line: str) -> str:
    """The line without ANPA/IPTC format codes: "^" before, "<", "=" or "+" after."""
    return _WIRE_MARKS.sub("", collapse(line)).lstrip("^ ")
