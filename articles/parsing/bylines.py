"""Bylines: the "By ..." line and the affiliation that may follow it.

"By MARIA LOPEZ" over "Associated Press", or "By MARIA LOPEZ Associated Press"
on one line, both become "MARIA LOPEZ, Associated Press".
"""

import re

from .agencies import AFFILIATIONS, LOWERCASE_AGENCIES
from .text import collapse
from .wire import is_wire_code

_BYLINE = re.compile(r"(?:By|BY)\s+(?P<who>\S.*)")
_CAPITALS_THEN_AFFILIATION = re.compile(
    r"(?P<name>[A-Z][A-Z.'’-]*(?:\s+(?:and\s+)?[A-Z][A-Z.'’-]*)+)\s+(?P<rest>[A-Z][a-z].*)"
)


def byline_name(line: str) -> str | None:
    """The name in a "By ..." line, or None when the line is something else."""
    if len(line) > 100:
        return None
    match = _BYLINE.fullmatch(line.strip())
    if not match:
        return None
    who = match["who"].strip(" ,;:=<")
    words = who.split()
    if not words or len(words) > 12:
        return None
    if not (who[0].isupper() or words[0] in LOWERCASE_AGENCIES):
        return None  # "By then, ..." or "by the way"
    if who[-1] in ".!?" and len(words[-1]) > 3:
        return None  # a sentence: "By Friday the water had gone."
    return who


def format_byline(who: str, affiliation: str) -> str:
    """The byline as kept: "MARIA LOPEZ Associated Press" -> "MARIA LOPEZ,
    Associated Press"; `affiliation` is the line under the name, if any."""
    who = collapse(who)
    if affiliation:
        return f"{who}, {affiliation}"
    if "," in who:
        return who
    if match := _CAPITALS_THEN_AFFILIATION.fullmatch(who):
        return f"{match['name']}, {match['rest']}"
    for suffix in AFFILIATIONS:
        name = who.removesuffix(f" {suffix}")
        if name != who and name.lower() not in {"the", "by"}:
            return f"{name}, {suffix}"
    return who


def is_affiliation(line: str) -> bool:
    """A line like "Associated Press" or "AP Sports Writer" under a byline."""
    words = line.split()
    return (
        0 < len(line) <= 60
        and len(words) <= 6
        and line[0].isupper()
        and not line.isupper()
        and line[-1] not in ".!?"
        and not any(ch.isdigit() for ch in line)
        and byline_name(line) is None
        and not is_wire_code(line)
    )
