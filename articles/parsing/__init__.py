"""Wire copy in, a ParsedArticle out: plain text only, no database, no Django.

A story arrives as agencies, broadcasters and websites send it: maybe a header
block (``Title:``, ``Date:``...), maybe wire codes and a headline, a byline, a
dateline such as ``TOKYO, Nov. 20 (Kyodo) --``, the paragraphs, photo captions,
credits, a copyright line and an agency sign-off such as ``==Kyodo``.
`parse_text` sorts that into the fields of a `ParsedArticle`; `decode_bytes`
turns the bytes of a file into clean text first. Whatever cannot be read as an
article raises `ParseError`, whose message says why in plain words.

Every step is a heuristic tuned on real feeds. Each regular expression is
either anchored and applied to a short, bounded slice of text or is linear, so
parsing time grows linearly with the size of the input.
"""

import datetime
import re
from dataclasses import dataclass, field

from .article import ParsedArticle, ParseError
from .dates import parse_date, parse_datetime
from .news import not_news_reason
from .text import LONE_SURROGATES as LONE_SURROGATES  # re-exported, as TITLE_LIMIT
from .text import (
    clean_text,
    collapse,
    decode_bytes,
    decode_references,
    paragraph_text,
)
from .titles import TITLE_LIMIT as TITLE_LIMIT
from .titles import title_from_text

__all__ = [
    "ParseError",
    "ParsedArticle",
    "canonical_source",
    "clean_text",
    "decode_bytes",
    "decode_references",
    "not_news_reason",
    "parse_bytes",
    "parse_date",
    "parse_datetime",
    "parse_text",
]


def parse_bytes(raw: bytes) -> ParsedArticle:
    """Read an article from the bytes of a text file."""
    return parse_text(decode_bytes(raw))


def parse_text(text: str) -> ParsedArticle:
    """Read an article from text; raise ParseError when no article is left in it."""
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    text = decode_references(clean_text(text))
    if not text.strip():
        raise ParseError(
            "file is empty" if not text else "file is empty (only whitespace)"
        )
    header, lines = _read_header(text.split("\n"))
    head, paragraphs = _read_head(
        _split_paragraphs(lines), alone=_first_line_alone(lines)
    )
    tail = _sort_paragraphs(paragraphs)
    if not tail.body:
        raise ParseError(
            "no article text left after removing the header, headline, byline, "
            "dateline, sign-offs, credits and captions"
        )
    return ParsedArticle(
        title=collapse(header.get("title", ""))
        or head.title
        or title_from_text(tail.body[0]),
        paragraphs=tuple(tail.body),
        captions=tuple(tail.captions),
        dateline=head.place,
        byline=collapse(header.get("byline", "")) or head.byline,
        credits="; ".join(tail.credits),
        source=canonical_source(header.get("source", "")) or head.source or tail.source,
        published=parse_date(header.get("date", "")) or head.published,
        published_at=parse_datetime(header.get("date", "")),
        url=header.get("url", ""),
    )


# --- sources ----------------------------------------------------------------------

_SOURCES = {
    "Kyodo News": ("kyodo", "kyodo news agency", "kyodo news service"),
    "Associated Press": ("ap", "the associated press", "ap news"),
    "Reuters": ("reuter", "thomson reuters", "reuters news agency"),
    "Yonhap": ("yonhap news", "yonhap news agency"),
    "AFP": ("agence france presse", "agence france-presse"),
    "dpa": ("deutsche presse-agentur", "deutsche presse agentur"),
    "Xinhua": ("xinhua news agency", "xinhuanet"),
    "BBC News": ("bbc", "bbc news online"),
    "UPI": ("united press international",),
    "Bloomberg": ("bloomberg news",),
    "PA Media": ("pa", "press association", "the press association"),
    "Jiji Press": ("jiji",),
    "AAP": ("australian associated press",),
    "TASS": ("itar-tass",),
}
_SOURCE_STRIP = " \t()[]{}=_-–—,;:"


def _source_key(name: str) -> str:
    key = " ".join(name.casefold().replace(".", "").replace("-", " ").split())
    return key.removeprefix("the ")


_SOURCE_KEYS = {
    _source_key(alias): name
    for name, aliases in _SOURCES.items()
    for alias in (name, *aliases)
}


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
    return _known_source(tidy) or tidy


def _known_source(name: str) -> str:
    """The canonical name when `name` is a known source, else ""."""
    known = _SOURCE_KEYS.get(_source_key(name.strip(_SOURCE_STRIP)))
    if known or "/" not in name:
        return known or ""
    return next(filter(None, (_known_source(part) for part in name.split("/"))), "")


# --- header block -----------------------------------------------------------------

_HEADER_LINE = re.compile(
    r"[ \t]*(title|date|source|url|byline)[ \t]*:(.*)", re.IGNORECASE
)
_HEADER_VALUE_LIMIT = 2000


def _read_header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Split a leading ``Key: value`` block (ended by a blank line) off the lines."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    header: dict[str, str] = {}
    end = start
    while end < len(lines) and lines[end].strip():
        match = _HEADER_LINE.fullmatch(lines[end])
        if not match or len(match[2]) > _HEADER_VALUE_LIMIT:
            return {}, lines
        header.setdefault(match[1].lower(), match[2].strip())
        end += 1
    if not header:
        return {}, lines
    return header, lines[end:]


# --- paragraphs -------------------------------------------------------------------

_INDENT = re.compile(r"[ \t]*")
_WRAP_WIDTH = 100  # hard-wrapped text is narrower; wider lines are whole paragraphs


def _split_paragraphs(lines: list[str]) -> list[list[str]]:
    """Group lines into paragraphs, each a list of stripped lines.

    Blank lines end a paragraph. So does a line indented deeper than the rest
    of its block: wire copy often marks paragraphs by indentation alone. Lines
    wider than any hard wrap are paragraphs of their own (one paragraph a line).
    Agency sign-offs and end codes stuck to the end of a paragraph are split off.
    """
    paragraphs: list[list[str]] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line)
        elif block:
            paragraphs.extend(_split_block(block))
            block = []
    return paragraphs


def _split_block(block: list[str]) -> list[list[str]]:
    indents = [len(_INDENT.match(line)[0].expandtabs(4)) for line in block]
    least = min(indents)
    by_width = all(indent == least for indent in indents)  # else indents mark them
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line, indent in zip(block, indents, strict=True):
        line = line.strip()
        if current and (
            indent > least
            or by_width
            and (len(line) > _WRAP_WIDTH or len(current[-1]) > _WRAP_WIDTH)
        ):
            paragraphs.append(current)
            current = []
        current.append(line)
    paragraphs.append(current)
    result = []
    for paragraph in paragraphs:
        trailers = []
        while len(paragraph) > 1 and _is_trailer_line(paragraph[-1]):
            trailers.append([paragraph.pop()])
        result.append(paragraph)
        result.extend(reversed(trailers))
    return result


def _first_line_alone(lines: list[str]) -> bool:
    """Whether the first line of text is followed by a blank line (or nothing)."""
    for number, line in enumerate(lines):
        if line.strip():
            return number + 1 == len(lines) or not lines[number + 1].strip()
    return False


# --- headline, byline, dateline ---------------------------------------------------


@dataclass
class _Head:
    """What the top of a story says about it."""

    title: str = ""
    byline: str = ""
    place: str = ""
    source: str = ""
    published: datetime.date | None = None


@dataclass
class _Dateline:
    place: str
    source: str
    published: datetime.date | None
    end: int  # where the story text starts, in the whitespace-collapsed line


# How far into a story a dateline may be found: wire preambles (codes, headline,
# editor's notes, byline) stay well within this; story text does not.
_HEAD_PARAGRAPHS = 8
_HEAD_LINES = 16
_HEAD_CHARS = 1200

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DAY_AND_MONTH = rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s+\d{{4}})?"
_PLACE_WORD = r"[A-ZÀ-Þ][\w.'’&/-]*"
_PLACE_PART = (
    rf"{_PLACE_WORD}"
    rf"(?:\s+(?:{_PLACE_WORD}|de|da|del|di|do|du|la|le|el|am|an|der|upon|sur|en)){{0,4}}"
)
_BARE_AGENCIES = r"Kyodo|Reuters?|AP|AFP|Yonhap|Xinhua|dpa|UPI|Jiji"
_DASH = r"(?:--|[-_](?=\s|$)|[—–])"
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE_PART}(?:,\s*{_PLACE_PART}){{0,2}})"
    rf"(?:,\s*(?P<date>{_DAY_AND_MONTH}))?"
    r"\s*(?:(?:\((?P<paren>[^()]{1,40})\)|/(?P<slash>[^/\s][^/]{0,39})/"
    rf"|(?P<bare>{_BARE_AGENCIES})\b)\s*(?:(?P<dash>{_DASH})\s*)?"
    rf"|(?P<dash2>{_DASH})\s*)"
)
# All-capital words that open a paragraph with a dash but are not places.
_NOT_PLACES = {"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "CORRECTION", "URGENT"}
_NOT_PLACES |= {"FLASH", "ANALYSIS", "OPINION", "EDITORIAL", "NOTE", "WARNING"}


def _read_head(
    paragraphs: list[list[str]], *, alone: bool
) -> tuple[_Head, list[list[str]]]:
    """Take the headline, byline and dateline off the top of the paragraphs.

    `alone` says whether the first line is followed by a blank line.
    """
    found = _find_dateline(paragraphs)
    if found:
        number, line_number, dateline = found
        preamble = paragraphs[:number]
        if line_number:
            preamble.append(paragraphs[number][:line_number])
        head = _read_preamble(preamble)
        head.place, head.source = dateline.place, dateline.source
        head.published = dateline.published
        lead = paragraph_text(paragraphs[number][line_number:])[dateline.end :].strip()
        return head, ([[lead]] if lead else []) + paragraphs[number + 1 :]
    if paragraphs and _is_wire_code(paragraphs[0][0]):
        end = 1
        while end < min(len(paragraphs), _HEAD_PARAGRAPHS) and all(
            _is_wire_code(line) or _is_note(line) for line in paragraphs[end]
        ):
            end += 1
        return _read_preamble(paragraphs[:end]), paragraphs[end:]
    return _read_plain_head(paragraphs, alone=alone)


def _find_dateline(paragraphs: list[list[str]]) -> tuple[int, int, _Dateline] | None:
    """Where the dateline is: paragraph, line and what it says.

    Only headlines, bylines, editor's notes and wire codes may come before it;
    in agency feeds (which start with a wire code) any line may, within limits.
    """
    wire = bool(paragraphs) and _is_wire_code(paragraphs[0][0])
    lines_seen = chars_seen = 0
    for number, paragraph in enumerate(paragraphs[:_HEAD_PARAGRAPHS]):
        for line_number, line in enumerate(paragraph):
            dateline = _match_dateline(line)
            if dateline:
                return number, line_number, dateline
            lines_seen += 1
            chars_seen += len(line)
            if lines_seen >= _HEAD_LINES or chars_seen > _HEAD_CHARS:
                return None
            if not _is_preamble_line(line, wire=wire):
                return None
    return None


def _is_preamble_line(line: str, *, wire: bool) -> bool:
    """A line that may stand above a dateline: not a line of story text."""
    if wire:
        return True  # agency feeds put summaries and notes of any kind up there
    line = _strip_wire_marks(line[:400])
    return (
        _is_wire_code(line)
        or _is_note(line)
        or _byline_name(line) is not None
        or _is_affiliation(line)
        or bool(_LABEL.fullmatch(line))
        or _is_plain_headline(line, limit=150)
    )


def _match_dateline(line: str) -> _Dateline | None:
    text = collapse(line[:300])
    match = _DATELINE.match(text)
    if not match:
        return None
    place = match["place"]
    first_place = place.split(",")[0]
    capitals = first_place.isupper() and first_place not in _NOT_PLACES
    agency = match["paren"] or match["slash"] or match["bare"] or ""
    source = canonical_source(agency)
    date_text = match["date"] or ""
    if match["paren"] and not _known_source(agency):
        if len(agency.split()) > 2 or not (capitals or date_text):
            return None  # "Apple (AAPL) - ..." is a sentence, not a dateline
    dash = match["dash"] or match["dash2"]
    if not dash and not (
        match["paren"] and _known_source(agency) and (capitals or date_text)
    ):
        return None
    if not agency and not (capitals and (date_text or dash in ("--", "—", "–"))):
        return None
    has_year = re.search(r"\d{4}", date_text)
    published = parse_date(date_text) if has_year else None
    return _Dateline(place=place, source=source, published=published, end=match.end())


def _read_preamble(paragraphs: list[list[str]]) -> _Head:
    """Find the headline and byline among the lines that precede a story."""
    head = _Head()
    lines = [
        (number, _strip_wire_marks(line))
        for number, paragraph in enumerate(paragraphs)
        for line in paragraph
    ]
    used = set()
    for index, (number, line) in enumerate(lines):
        who = _byline_name(line)
        if who is None:
            continue
        used.add(index)
        affiliation = ""
        if index + 1 < len(lines) and lines[index + 1][0] == number:
            if _is_affiliation(lines[index + 1][1]):
                affiliation = lines[index + 1][1]
                used.add(index + 1)
        head.byline = _format_byline(who, affiliation)
        break
    rest = [line for index, (_, line) in enumerate(lines) if index not in used and line]
    if len(rest) == 1 and _is_plain_headline(rest[0]):
        head.title = rest[0]
    else:
        head.title = next((line for line in rest if _is_wire_headline(line)), "")
    return head


def _read_plain_head(
    paragraphs: list[list[str]], *, alone: bool
) -> tuple[_Head, list[list[str]]]:
    """Headline and byline of a story without a dateline: BBC copy, websites."""
    head = _Head()
    rest = list(paragraphs)
    if len(rest) < 2 and (not rest or len(rest[0]) < 2):
        return head, rest  # a single line is the story, not its headline
    first = rest[0]
    following = first[1] if len(first) > 1 else rest[1][0]
    if _is_plain_headline(first[0]) and (alone or _stands_apart(first[0], following)):
        head.title = collapse(first[0])
        rest = [first[1:], *rest[1:]] if len(first) > 1 else rest[1:]
    for index, paragraph in enumerate(rest[:2]):
        who = _byline_name(collapse(paragraph[0]))
        if who is None or len(paragraph) > 2:
            continue
        affiliation = collapse(paragraph[1]) if len(paragraph) == 2 else ""
        if affiliation and not _is_affiliation(affiliation):
            continue
        head.byline = _format_byline(who, affiliation)
        del rest[index]
        break
    return head, rest


def _stands_apart(first: str, second: str) -> bool:
    """Whether a first line with text right under it is clearly a headline.

    Only an all-capitals line over ordinary text is: a short first line with a
    capital after it is as likely to be a sentence wrapped early.
    """
    first = collapse(first)
    return (
        len(first.split()) >= 2
        and first.isupper()
        and any(ch.islower() for ch in second)
    )


_BYLINE = re.compile(r"(?:By|BY)\s+(?P<who>\S.*)")
_LOWERCASE_AGENCIES = {"dpa"}
_CAPITALS_THEN_AFFILIATION = re.compile(
    r"(?P<name>[A-Z][A-Z.'’-]*(?:\s+(?:and\s+)?[A-Z][A-Z.'’-]*)+)\s+(?P<rest>[A-Z][a-z].*)"
)
_AFFILIATIONS = (
    "Associated Press",
    "Reuters",
    "Kyodo News",
    "Yonhap News Agency",
    "Yonhap",
    "AFP",
    "dpa",
    "Xinhua",
    "BBC News",
)


def _byline_name(line: str) -> str | None:
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
    if not (who[0].isupper() or words[0] in _LOWERCASE_AGENCIES):
        return None  # "By then, ..." or "by the way"
    if who[-1] in ".!?" and len(words[-1]) > 3:
        return None  # a sentence: "By Friday the water had gone."
    return who


def _format_byline(who: str, affiliation: str) -> str:
    who = collapse(who)
    if affiliation:
        return f"{who}, {affiliation}"
    if "," in who:
        return who
    if match := _CAPITALS_THEN_AFFILIATION.fullmatch(who):
        return f"{match['name']}, {match['rest']}"
    for suffix in _AFFILIATIONS:
        name = who.removesuffix(f" {suffix}")
        if name != who and name.lower() not in {"the", "by"}:
            return f"{name}, {suffix}"
    return who


def _is_affiliation(line: str) -> bool:
    """A line like "Associated Press" or "AP Sports Writer" under a byline."""
    words = line.split()
    return (
        0 < len(line) <= 60
        and len(words) <= 6
        and line[0].isupper()
        and not line.isupper()
        and line[-1] not in ".!?"
        and not any(ch.isdigit() for ch in line)
        and _byline_name(line) is None
        and not _is_wire_code(line)
    )


_WIRE_MARKS = re.compile(r"\s*[<=+]+$")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th|s)", re.IGNORECASE)
_WORD = re.compile(r"(?:[^\W\d_]|['’]){2,}[,.;:!?]?")
_WIRE_FLAGS = re.compile(
    r"\d+(?:ST|ND|RD|TH)\s+(?:LEAD|NET|LD|ADD|WRITETHRU|UPDATE|CORRECTION)\b.*"
    r"|REFILE|EXTRA|URGENT|FLASH|BULLETIN|ADVISORY|CORRECTION|CORRECTED|UPDATE(?: \d+)?"
)
_ANPA_STAMP = re.compile(r".*\b\d{2}-\d{2}\s+\d{4}")
_LABEL = re.compile(r"[A-Z][\w-]{0,20}:\s.{1,80}")  # "Source: Digital Turbine, Inc."
_NOTE = re.compile(
    r"\(?\s*(?:eds?\b|editors?'?s? note|ed's note|ap photos?\b|ap video\b"
    r"|with ap photos|advance for\b|embargoed\b|for release\b|attention\b)",
    re.IGNORECASE,
)


def _strip_wire_marks(line: str) -> str:
    """The line without ANPA/IPTC format codes: "^" before, "<", "=" or "+" after."""
    return _WIRE_MARKS.sub("", collapse(line)).lstrip("^ ")


def _is_wire_code(line: str) -> bool:
    """Feed machinery rather than words: ANPA slugs, IPTC headers, keyword lines."""
    line = _strip_wire_marks(line[:300])
    if not line or len(line) > 200:
        return False
    if line.startswith(("BC-", "/")) or " BC-" in line or line.endswith("/"):
        return True
    if _WIRE_FLAGS.fullmatch(line) or _ANPA_STAMP.fullmatch(line):
        return True
    tokens = line.split()
    words = sum(1 for token in tokens if _WORD.fullmatch(token))
    numbers = sum(1 for token in tokens if token.isdigit())
    coded = any(
        sum(ch.isdigit() for ch in token) >= 4
        and any(ch.isalpha() for ch in token)
        and not _ORDINAL.fullmatch(token)
        for token in tokens
    )
    return words < 3 and (coded or numbers >= 2)


def _is_note(line: str) -> bool:
    return bool(_NOTE.match(line[:40]))


def _is_plain_headline(line: str, limit: int = 120) -> bool:
    """A short line that can stand as a headline: no full stop, not a byline."""
    if len(line) > 4 * limit:
        return False
    line = collapse(line)
    if not 0 < len(line) <= limit:
        return False
    if line[-1] in ".,;:" or line.endswith(('."', ".”", ".'", ".’")):
        return False
    if not any(ch.isalpha() for ch in line):
        return False
    if _byline_name(line) is not None or _is_wire_code(line):
        return False
    return _classify(line, at_end=False)[0] == "body" and not _match_dateline(line)


def _is_wire_headline(line: str) -> bool:
    """A headline among wire preamble lines, which also hold codes and notes."""
    if not _is_plain_headline(line, limit=150):
        return False
    if _is_note(line) or _HEADER_LINE.match(line):
        return False
    tokens = line.split()
    if sum(1 for token in tokens if _WORD.fullmatch(token)) < 2:
        return False
    return not (line.isupper() and len(tokens) <= 3)


# --- body, captions, credits, sign-offs -------------------------------------------


@dataclass
class _Tail:
    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    source: str = ""


_ALPHANUMERIC = re.compile(r"[^\W_]")
_SIGNOFF = re.compile(r"==+\s*(?P<agency>\S.{0,40})")
_REUTER = re.compile(r"Reuters?", re.IGNORECASE)
_AGENCY_ALONE = re.compile(r"\((?P<agency>[^()]{1,30})\)")
_END_MARK = re.compile(
    r"\(\s*end\s*\)|-+\s*ends?\s*-+|ENDS?|-30-|#{1,3}|(?:# ){2}#", re.IGNORECASE
)
_END_CODE = re.compile(
    r"\^?(?P<code>[A-Z]{2,4})(?:-[A-Z0-9:]{1,8}){2,6}(?:\s+\d{3,4}\s*GMT)?\s*[<=]?"
)
_GMT_STAMP = re.compile(r"\d{6}\s+GMT\s+[A-Z][a-z]{2}\s+\d{1,2}")
_INITIALS = re.compile(
    r"(?P<agency>dpa|afp|ap|rtr|kyodo|xinhua|yonhap)(?:\s+[a-z]{2,4}){0,6}"
)
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
_CAPTION_START = re.compile(
    r"\(?\s*(?:(?:file|ap|afp|reuters|kyodo|yonhap|xinhua|dpa)\s+)?"
    r"(?:photos?|pictures?|images?|pictured)\b\s*"
    r"(?::|/|shows?\b|taken\b|released\b|provided\b|courtesy\b|dated\b|credit\b)",
    re.IGNORECASE,
)
_CAPTION_END = re.compile(
    r"\((?:[\w.-]+\s+)?(?:photo|photos|picture|image)\b[^()]{0,80}\)$", re.IGNORECASE
)
_NOTEBOOK = re.compile(
    r"#+\s*(?:dpa\s+)?notebook\b"
    r"|the following information is not (?:intended )?for publication",
    re.IGNORECASE,
)
_CONTACT_DETAILS = re.compile(
    r"[,;]?\s*(?:\+\d|<|tel\b|phone\b|e-?mail\b).*", re.IGNORECASE
)
_NOTEBOOK_CREDIT = re.compile(
    r"[-*•]?\s*((?:additional\s+)?(?:reporting|writing|editing))\s+by\s*:?\s*(\S.*)",
    re.IGNORECASE,
)


def _sort_paragraphs(paragraphs: list[list[str]]) -> _Tail:
    """Sort paragraphs into body, captions and credits; drop sign-offs and the like."""
    tail = _Tail()
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
    while end and (found := _classify(texts[end - 1], at_end=True))[0] != "body":
        trailing.append((*found, texts[end - 1]))
        end -= 1
    sorted_texts = [(*_classify(text, at_end=False), text) for text in texts[:end]]
    copyright_holders = []
    for kind, extra, text in sorted_texts + trailing[::-1]:
        if kind == "body":
            tail.body.append(text)
        elif kind == "caption":
            tail.captions.append(text)
        elif kind == "credit":
            tail.credits.append(extra)
        elif kind == "signoff" and extra:
            hints.append(extra)
        elif kind == "copyright" and extra:
            copyright_holders.append(extra)
    tail.source = next(iter(hints + copyright_holders), "")
    return tail


def _read_notebook(paragraphs: list[list[str]], *, tail: _Tail, hints: list[str]):
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


def _classify(text: str, *, at_end: bool) -> tuple[str, str]:
    """What a paragraph is, and what it says: ("credit", "Reporting by ...") etc.

    Kinds are body, caption, credit, copyright, signoff and separator. Some
    shapes only count near the end of a story (`at_end`), where they are
    unambiguous: a bare "Reporting by ..." line, staff initials, "(c) ...".
    """
    if len(text) <= 200:
        if not _ALPHANUMERIC.search(text):
            return "separator", ""
        agency = _signoff_agency(text, at_end=at_end)
        if agency is not None:
            return "signoff", agency
    if len(text) <= 300 and _is_copyright(text, at_end=at_end):
        return "copyright", _copyright_holder(text)
    if len(text) <= 600:
        if credit := _credit(text, at_end=at_end):
            return "credit", credit
        if _CAPTION_START.match(text[:80]) or _CAPTION_END.search(text[-120:]):
            return "caption", ""
    return "body", ""


def _signoff_agency(text: str, *, at_end: bool) -> str | None:
    """The agency a sign-off names ("" for none), or None when it is no sign-off."""
    if match := _SIGNOFF.fullmatch(text):
        return canonical_source(match["agency"])
    if _REUTER.fullmatch(text):
        return "Reuters"
    if (match := _AGENCY_ALONE.fullmatch(text)) and _known_source(match["agency"]):
        return _known_source(match["agency"])
    if _END_MARK.fullmatch(text) or _GMT_STAMP.fullmatch(text):
        return ""
    if match := _END_CODE.fullmatch(text):
        return _known_source(match["code"])
    if at_end and (match := _INITIALS.fullmatch(text)):
        return canonical_source(match["agency"])
    if at_end and _CONTACT.fullmatch(text):
        return ""
    return None


def _is_trailer_line(line: str) -> bool:
    """A sign-off, end code, credit or copyright line stuck to a paragraph's end."""
    if len(line) > 200:
        return False
    line = collapse(line)
    return _signoff_agency(line, at_end=True) is not None or _classify(
        line, at_end=False
    )[0] in ("credit", "copyright")


def _is_copyright(text: str, *, at_end: bool) -> bool:
    if _COPYRIGHT.match(text) or "all rights reserved" in text.lower():
        return True
    return at_end and text.lower().startswith(("(c)", "copyright"))


def _copyright_holder(text: str) -> str:
    """The known agency a copyright line names, or ""."""
    holder = _COPYRIGHT_PREFIX.sub("", text[:120], count=1)
    return _known_source(re.split(r"[.;,]", holder, maxsplit=1)[0])


def _credit(text: str, *, at_end: bool) -> str:
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    elif not at_end:
        return ""
    return text if _CREDIT.match(text) else ""
