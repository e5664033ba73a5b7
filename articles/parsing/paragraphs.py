"""Lines into paragraphs: by blank lines, by indentation or by line width.

Sign-offs and end codes stuck to the last line of a paragraph are split off
here, so that the tail step (tail.py) sees them as paragraphs of their own.
"""

import re

from .tail import is_trailer_line

_INDENT = re.compile(r"[ \t]*")
_WRAP_WIDTH = 100  # hard-wrapped text is narrower; wider lines are whole paragraphs


def split_paragraphs(lines: list[str]) -> list[list[str]]:
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


def first_line_alone(lines: list[str]) -> bool:
    """Whether the first line of text is followed by a blank line (or nothing)."""
    for number, line in enumerate(lines):
        if line.strip():
            return number + 1 == len(lines) or not lines[number + 1].strip()
    return False


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
        while len(paragraph) > 1 and is_trailer_line(paragraph[-1]):
            trailers.append([paragraph.pop()])
        result.append(paragraph)
        result.extend(reversed(trailers))
    return result
