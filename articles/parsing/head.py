"""The top of a story: its headline, byline and dateline.

A dateline marks where the story begins: what stands above it is preamble
(wire codes, a headline, editor's notes, a byline). Without one, an agency feed
still starts with wire codes, and other copy (BBC stories, web pages) may open
with a headline line and a byline.
"""

import datetime
import re
from dataclasses import dataclass

from .bylines import byline_name, format_byline, is_affiliation
from .datelines import Dateline, match_dateline
from .header import HEADER_LINE
from .tail import classify
from .text import collapse, paragraph_text
from .wire import WORD, is_note, is_wire_code, strip_wire_marks


@dataclass
class Head:
    """What the top of a story says about it."""

    title: str = ""
    byline: str = ""
    place: str = ""
    source: str = ""
    published: datetime.date | None = None


# How far into a story a dateline may be found: wire preambles (codes, headline,
# editor's notes, byline) stay well within this; story text does not.
_HEAD_PARAGRAPHS = 8
_HEAD_LINES = 16
_HEAD_CHARS = 1200
_LABEL = re.compile(r"[A-Z][\w-]{0,20}:\s.{1,80}")  # "Source: Digital Turbine, Inc."


def read_head(
    paragraphs: list[list[str]], *, alone: bool
) -> tuple[Head, list[list[str]]]:
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
        head.byline = head.byline or dateline.byline
        head.published = dateline.published
        lead = paragraph_text(paragraphs[number][line_number:])[dateline.end :].strip()
        return head, ([[lead]] if lead else []) + paragraphs[number + 1 :]
    if paragraphs and is_wire_code(paragraphs[0][0]):
        end = 1
        while end < min(len(paragraphs), _HEAD_PARAGRAPHS) and all(
            is_wire_code(line) or is_note(line) for line in paragraphs[end]
        ):
            end += 1
        return _read_preamble(paragraphs[:end]), paragraphs[end:]
    return _read_plain_head(paragraphs, alone=alone)


def _find_dateline(paragraphs: list[list[str]]) -> tuple[int, int, Dateline] | None:
    """Where the dateline is: paragraph, line and what it says.

    Only headlines, bylines, editor's notes and wire codes may come before it;
    in agency feeds (which start with a wire code) any line may, within limits.
    """
    wire = bool(paragraphs) and is_wire_code(paragraphs[0][0])
    lines_seen = chars_seen = 0
    for number, paragraph in enumerate(paragraphs[:_HEAD_PARAGRAPHS]):
        for line_number, line in enumerate(paragraph):
            dateline = match_dateline(line)
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
    line = strip_wire_marks(line[:400])
    return (
        is_wire_code(line)
        or is_note(line)
        or byline_name(line) is not None
        or is_affiliation(line)
        or bool(_LABEL.fullmatch(line))
        or _is_plain_headline(line, limit=150)
    )


def _read_preamble(paragraphs: list[list[str]]) -> Head:
    """Find the headline and byline among the lines that precede a story."""
    head = Head()
    lines = [
        (number, strip_wire_marks(line))
        for number, paragraph in enumerate(paragraphs)
        for line in paragraph
    ]
    used = set()
    for index, (number, line) in enumerate(lines):
        who = byline_name(line)
        if who is None:
            continue
        used.add(index)
        affiliation = ""
        if index + 1 < len(lines) and lines[index + 1][0] == number:
            if is_affiliation(lines[index + 1][1]):
                affiliation = lines[index + 1][1]
                used.add(index + 1)
        head.byline = format_byline(who, affiliation)
        break
    rest = [line for index, (_, line) in enumerate(lines) if index not in used and line]
    if len(rest) == 1 and _is_plain_headline(rest[0]):
        head.title = rest[0]
    else:
        head.title = next((line for line in rest if _is_wire_headline(line)), "")
    return head


def _read_plain_head(
    paragraphs: list[list[str]], *, alone: bool
) -> tuple[Head, list[list[str]]]:
    """Headline and byline of a story without a dateline: BBC copy, websites."""
    head = Head()
    rest = list(paragraphs)
    if len(rest) < 2 and (not rest or len(rest[0]) < 2):
        return head, rest  # a single line is the story, not its headline
    first = rest[0]
    following = first[1] if len(first) > 1 else rest[1][0]
    if _is_plain_headline(first[0]) and (alone or _stands_apart(first[0], following)):
        head.title = collapse(first[0])
        rest = [first[1:], *rest[1:]] if len(first) > 1 else rest[1:]
    for index, paragraph in enumerate(rest[:2]):
        who = byline_name(collapse(paragraph[0]))
        if who is None or len(paragraph) > 2:
            continue
        affiliation = collapse(paragraph[1]) if len(paragraph) == 2 else ""
        if affiliation and not is_affiliation(affiliation):
            continue
        head.byline = format_byline(who, affiliation)
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
    if byline_name(line) is not None or is_wire_code(line):
        return False
    return classify(line, at_end=False)[0] == "body" and not match_dateline(line)


def _is_wire_headline(line: str) -> bool:
    """A headline among wire preamble lines, which also hold codes and notes."""
    if not _is_plain_headline(line, limit=150):
        return False
    if is_note(line) or HEADER_LINE.match(line):
        return False
    tokens = line.split()
    if sum(1 for token in tokens if WORD.fullmatch(token)) < 2:
        return False
    return not (line.isupper() and len(tokens) <= 3)
