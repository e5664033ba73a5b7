"""The rest of a story sorted: body, photo captions and credits.

Sign-offs ("==Kyodo"), end marks and codes, staff initials, contact lines,
copyright lines and dpa's unpublished notebook are dropped; the agency they
name is kept as a hint to the story's source.
"""

import re
from dataclasses import dataclass, field

from .agencies import (
    CAPTION_AGENCIES,
    INITIALS_AGENCIES,
    canonical_source,
    known_source,
)
from .text import collapse, paragraph_text


@dataclass
class Tail:
    """The paragraphs after the head, sorted.

    `source` is the first agency a sign-off names, else a copyright line's.
    """

    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    source: str = ""


_ALPHANUMERIC = re.compile(r"[^\W_]")
_SIGNOFF = re.compile(r"==+\s*(?P<agency>\S.{0,40})")
_SIGNOFF_AFTER = re.compile(r"\s+==+\s*(?P<agency>[^\W\d][\w .&-]{0,40})$")
_REUTER = re.compile(r"Reuters?", re.IGNORECASE)
_AGENCY_ALONE = re.compile(r"\((?P<agency>[^()]{1,30})\)")
_END_MARK = re.compile(
    r"\(\s*end\s*\)|-+\s*ends?\s*-+|ENDS?|-30-|#{1,3}|(?:# ){2}#", re.IGNORECASE
)
_END_CODE = re.compile(
    r"\^?(?P<code>[A-Z]{2,4})(?:-[A-Z0-9:]{1,8}){2,6}(?:\s+\d{3,4}\s*GMT)?\s*[<=]?"
)
_GMT_STAMP = re.compile(r"\d{6}\s+GMT\s+[A-Z][a-z]{2}\s+\d{1,2}")
_INITIALS = re.compile(rf"(?P<agency>{INITIALS_AGENCIES})(?:\s+[a-z]{{2,4}}){{0,6}}")
_CONTACT = re.compile(  # "-- Canberra bureau 61-6 273-2730"
    r"-{1,2}\s*[^\W\d].{0,100}?(?:\btel\b|\bfax\b|\+?\d[\d ()/-]{6,}\d).*",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"copyright\s*(?:©|\(c\))?\s*(?:\d{4}|by\b)|©", re.IGNORECASE)
_COPYRIGHT_PREFIX = re.compile(
    r"(?:copyright|©|\(c\)|\d{4}(?:\s*[-–]\s*\d{4})?|by\b|[\s,])+", re.IGNORECASE
)
_CREDIT = re.compile(
    r"(?:(?:additional|further)\s+)?"
    r"(?:reporting|writing|editing|compiled|research|translated|written|edited)"
    r"(?:\s+and\s+(?:reporting|writing|editing))?\s+by\b",
    re.IGNORECASE,
)
# AP's closing line: "Associated Press writer Ana Diaz in Lima contributed to
# this report." Who reported is a credit, not part of the story.
_CONTRIBUTED = re.compile(
    r"[^.]{0,250}\bcontributed\s+(?:reporting|to\s+(?:this|the)\s+"
    r"(?:report|story|article))(?:\s+from\s+[^.]{0,80})?\.?",
    re.IGNORECASE,
)
# A photo caption: "Photo shows ...", "(AFP photo) ...", Yonhap's "This file
# photo, provided by ..., shows ...", or one that ends "... (Kyodo photo)".
_CAPTION_START = re.compile(
    rf"\(?\s*(?:this\s+)?(?:(?:file|{CAPTION_AGENCIES})\s+)?"
    r"(?:photos?|pictures?|images?|pictured)\b\s*,?\s*"
    r"(?::|/|shows?\b|taken\b|released\b|provided\b|courtesy\b|dated\b|credit\b)",
    re.IGNORECASE,
)
# Yonhap's, whose clause may run on before its verb: "This photo, carried by
# the Choson Sinbo on Dec. 2, shows ...".
_THIS_PHOTO = re.compile(
    r"this\s+(?:file\s+)?(?:photos?|pictures?|images?)\b[^\n]{0,160}?\bshows?\b",
    re.IGNORECASE,
)
_CAPTION_END = re.compile(
    r"(?i)\((?:[\w.-]+\s+)?(?:photos?|picture|image)\b[^()]{0,80}\)$"
)
# Reuters' service notes to editors, in brackets on a line of their own:
# "(Refiles to fix spelling of minister's name in paragraph 5)", "(Corrects
# figure in headline)", "(Adds analyst's comment)". Not part of the story.
_SERVICE_NOTE = re.compile(
    r"\(\s*(?:refiles?|corrects?|updates?|adds?|recasts?|repeats?|fixes?"
    r"|changes?|removes?|clarifies?|inserts?|deletes?|rewrites?)\b[^()]*\)",
    re.IGNORECASE,
)
# dpa's notes to editors, never for publication, and the contacts in them.
_NOTEBOOK = re.compile(
    r"#+\s*(?:dpa\s+)?notebook\b"
    r"|the following information is not (?:intended )?for publication",
    re.IGNORECASE,
)
_CONTACT_DETAILS = re.compile(r"(?i)[,;]?\s*(?:\+\d|<|tel\b|phone\b|e-?mail\b).*")
_NOTEBOOK_CREDIT = re.compile(
    r"[-*•]?\s*((?:additional\s+)?(?:reporting|writing|editing))\s+by\s*:?\s*(\S.*)",
    re.IGNORECASE,
)


def sort_paragraphs(paragraphs: list[list[str]]) -> Tail:
    """Sort paragraphs into body, captions and credits; drop sign-offs and the like."""
    tail = Tail()
    hints: list[str] = []
    for number, paragraph in enumerate(paragraphs):
        if _NOTEBOOK.match(paragraph[0][:80]):
            _read_notebook(paragraphs[number:], tail=tail, hints=hints)
            paragraphs = paragraphs[:number]
            break
    texts = [text for text in map(paragraph_text, paragraphs) if text]
    if texts and texts[-1].endswith("(END)"):  # Yonhap's end mark, stuck to the text
        texts[-1] = texts[-1].removesuffix("(END)").rstrip()
        texts = texts if texts[-1] else texts[:-1]
    end = len(texts)
    trailing = []
    while end and (found := classify(texts[end - 1], at_end=True))[0] != "body":
        trailing.append((*found, texts[end - 1]))
        end -= 1
    sorted_texts = [(*classify(text, at_end=False), text) for text in texts[:end]]
    copyright_holders = []
    for kind, extra, text in sorted_texts + trailing[::-1]:
        if kind == "body":
            tail.body.append(text)
        elif kind == "caption":
            text, agency = _without_signoff(text)
            tail.captions.append(text)
            if agency:
                hints.append(agency)
        elif kind == "credit":
            tail.credits.append(extra)
        elif kind == "signoff" and extra:
            hints.append(extra)
        elif kind == "copyright" and extra:
            copyright_holders.append(extra)
    tail.source = next(iter(hints + copyright_holders), "")
    return tail


def classify(text: str, *, at_end: bool) -> tuple[str, str]:
    """What a paragraph is, and what it says: ("credit", "Reporting by ...") etc.

    Kinds are body, caption, credit, copyright, signoff, note (a service
    note to editors: "(Refiles to fix ...)") and separator. Some shapes only
    count near the end of a story (`at_end`), where they are unambiguous: a
    bare "Reporting by ..." line, staff initials, "(c) ...".
    """
    if len(text) <= 200:
        if not _ALPHANUMERIC.search(text):
            return "separator", ""
        if _SERVICE_NOTE.fullmatch(text):
            return "note", ""
        agency = _signoff_agency(text, at_end=at_end)
        if agency is not None:
            return "signoff", agency
    if len(text) <= 300 and _is_copyright(text, at_end=at_end):
        return "copyright", _copyright_holder(text)
    if len(text) <= 600:
        if credit := _credit(text, at_end=at_end):
            return "credit", credit
        if (
            _CAPTION_START.match(text[:80])
            or _THIS_PHOTO.match(text[:240])
            or _CAPTION_END.search(text[-120:])
        ):
            return "caption", ""
    return "body", ""


def is_trailer_line(line: str) -> bool:
    """A sign-off, end code, credit or copyright line stuck to a paragraph's end."""
    if len(line) > 200:
        return False
    line = collapse(line)
    return _signoff_agency(line, at_end=True) is not None or classify(
        line, at_end=False
    )[0] in ("credit", "copyright")


def _read_notebook(paragraphs: list[list[str]], *, tail: Tail, hints: list[str]):
    """Keep the credits from the unpublished notebook that ends dpa stories."""
    for line in (line for paragraph in paragraphs for line in paragraph):
        if len(line) > 200:
            continue
        if match := _NOTEBOOK_CREDIT.fullmatch(line):
            names = _CONTACT_DETAILS.sub("", match[2]).strip(" ,;")
            if names:
                tail.credits.append(f"{match[1].capitalize()} by {names}")
        elif match := _INITIALS.fullmatch(line):
            hints.append(canonical_source(match["agency"]))


def _without_signoff(caption: str) -> tuple[str, str]:
    """A caption without a sign-off run on after its credit ("... (Kyodo)
    ==Kyodo"), and the agency the sign-off names ("" for none)."""
    if match := _SIGNOFF_AFTER.search(caption):
        return caption[: match.start()].rstrip(), canonical_source(match["agency"])
    return caption, ""


def _signoff_agency(text: str, *, at_end: bool) -> str | None:
    """The agency a sign-off names ("" for none), or None when it is no sign-off."""
    if match := _SIGNOFF.fullmatch(text):
        return canonical_source(match["agency"])
    if _REUTER.fullmatch(text):
        return "Reuters"
    if (match := _AGENCY_ALONE.fullmatch(text)) and known_source(match["agency"]):
        return known_source(match["agency"])
    if _END_MARK.fullmatch(text) or _GMT_STAMP.fullmatch(text):
        return ""
    if match := _END_CODE.fullmatch(text):
        return known_source(match["code"])
    if at_end and (match := _INITIALS.fullmatch(text)):
        return canonical_source(match["agency"])
    if at_end and _CONTACT.fullmatch(text):
        return ""
    return None


def _is_copyright(text: str, *, at_end: bool) -> bool:
    if _COPYRIGHT.match(text) or "all rights reserved" in text.lower():
        return True
    return at_end and text.lower().startswith(("(c)", "copyright"))


def _copyright_holder(text: str) -> str:
    """The known agency a copyright line names, or ""."""
    holder = _COPYRIGHT_PREFIX.sub("", text[:120], count=1)
    return known_source(re.split(r"[.;,]", holder, maxsplit=1)[0])


def _credit(text: str, *, at_end: bool) -> str:
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    elif not at_end:
        return ""
    if _CREDIT.match(text) or (at_end and _CONTRIBUTED.fullmatch(text)):
        return text
    return ""
