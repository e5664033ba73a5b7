"""Versions of a wire story: the marker on its headline, the advisory line.

Agencies send a story more than once: "UPDATE 2-Headline", "REFILE-...",
"CORRECTED-...", "RPT-...", "WRAPUP 1-...", "URGENT: ...", "BRIEF-...", or a
take, "Headline =2". An update or a correction opens with an advisory line in
brackets, "(Adds PM reaction in paragraph 3)", or, in AP's copy, an editor's
note, "Eds: UPDATES with ...". The markers and the advisory say which version
a text is; neither belongs to the headline or to the story, so both are taken
off and kept apart.

Markers are upper case and end with a dash or a colon: "Update on talks" is a
headline, not a marker. Genre labels that stay part of a Reuters headline
("FACTBOX-", "INSTANT VIEW-", "EXCLUSIVE-") are not versions and are kept.
"""

import re
from dataclasses import dataclass

# A marker and its canonical name; a number after it is kept ("UPDATE 2").
_NAMES = {
    "UPDATE": "UPDATE",
    "UPDATED": "UPDATE",
    "WRAPUP": "WRAPUP",
    "WRAP-UP": "WRAPUP",
    "REFILE": "REFILE",
    "REFILED": "REFILE",
    "CORRECTED": "CORRECTED",
    "CORRECTION": "CORRECTED",
    "RPT": "REPEAT",
    "REPEAT": "REPEAT",
    "URGENT": "URGENT",
    "ALERT": "ALERT",
    "NEWSALERT": "ALERT",
    "FLASH": "ALERT",
    "BULLETIN": "ALERT",
    "BRIEF": "BRIEF",
}
_MARKER = re.compile(
    r"(?P<name>" + "|".join(sorted(map(re.escape, _NAMES), key=len, reverse=True)) + ")"
    r"(?:\s*(?P<number>\d{1,3}))?\s*[-:\u2013\u2014]+\s*"
)
_TAKE = re.compile(r"\s*=\s*(?P<number>\d{1,2})\s*=?\s*$")
# The advisory of an update or a correction, at the start of a paragraph.
_ADVISORY_VERBS = (
    r"adds|add|corrects|correcting|updates|updating|recasts|repeats|refiles|"
    r"rewrites|writes\s+through|changes|fixes|removes|inserts|deletes|clarifies|"
    r"expands|replaces|moves|tops|amends|restores|withdraws|re-?issues|re-?sends|"
    r"edits|combines|includes|subs|this\s+(?:story|version|article)\s+"
    r"(?:has\s+been|was|is)"
)
_ADVISORY = re.compile(
    r"\(\s*(?P<text>(?:" + _ADVISORY_VERBS + r")\b"
    r"[^()]{0,300}(?:\([^()]{0,80}\)[^()]{0,300}){0,3})\)\s*",
    re.IGNORECASE,
)
_EDS_ADVISORY = re.compile(
    r"Eds?:\s*(?P<text>(?:" + _ADVISORY_VERBS + r"|with)\b.{0,300})$",
    re.IGNORECASE,
)
ADVISORY_LIMIT = 300  # characters of an advisory line kept
# How many paragraphs from the top an advisory line may stand (after wire
# codes and a headline, before the byline and the dateline).
_ADVISORY_PARAGRAPHS = 4


@dataclass(frozen=True)
class Version:
    """What a headline's markers say: `markers` in the order written, each
    canonical ("UPDATE 2", "REFILE", "CORRECTED", "TAKE 2")."""

    markers: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return ", ".join(self.markers)

    @property
    def is_correction(self) -> bool:
        return "CORRECTED" in self.markers


def split_markers(headline: str) -> tuple[str, Version]:
    """The headline without its version markers, and the markers.

    "REFILE-UPDATE 2-Toyota raises forecast" is "Toyota raises forecast" with
    REFILE and UPDATE 2. A headline that is only markers ("UPDATE 1-") is
    left empty: the caller makes a title from the story instead.
    """
    markers = []
    rest = headline.strip()
    while match := _MARKER.match(rest):
        name = _NAMES[match["name"]]
        markers.append(f"{name} {match['number']}" if match["number"] else name)
        rest = rest[match.end() :]
    if rest.upper() in _NAMES:  # "URGENT" alone: a marker, no headline
        markers.append(_NAMES[rest.upper()])
        rest = ""
    take = _TAKE.search(rest)
    if take:
        markers.append(f"TAKE {take['number']}")
        rest = rest[: take.start()]
    return rest.strip(), Version(tuple(markers))


def take_advisory(paragraphs: list[list[str]]) -> tuple[str, list[list[str]]]:
    """The advisory line near the top of `paragraphs` (lines grouped into
    paragraphs), and the paragraphs without it. Text after the advisory on
    the same line ("(Adds comment) By Jane Doe CHICAGO (Reuters) - ...")
    stays where it was."""
    for number, paragraph in enumerate(paragraphs[:_ADVISORY_PARAGRAPHS]):
        line = paragraph[0].strip()
        match = _ADVISORY.match(line) or _EDS_ADVISORY.match(line)
        if not match:
            continue
        advisory = re.sub(r"\s+", " ", match["text"]).strip(" .")
        rest = line[match.end() :].strip() if match.re is _ADVISORY else ""
        kept = ([rest] if rest else []) + paragraph[1:]
        paragraphs = (
            paragraphs[:number] + ([kept] if kept else []) + paragraphs[number + 1 :]
        )
        return advisory[:ADVISORY_LIMIT], paragraphs
    return "", paragraphs
