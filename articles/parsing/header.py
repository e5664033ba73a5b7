"""The header block a file may start with: ``Title:``, ``Date:``, ``Source:``...

Archive exports and scrapers put what they know about a story in ``Key: value``
lines above its text, ended by a blank line. `parse_text` lets those values win
over whatever the text itself says.
"""

import re

HEADER_LINE = re.compile(
    r"[ \t]*(title|date|source|url|byline)[ \t]*:(.*)", re.IGNORECASE
)
_HEADER_VALUE_LIMIT = 2000


def read_header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Split a leading ``Key: value`` block (ended by a blank line) off the lines."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    header: dict[str, str] = {}
    end = start
    while end < len(lines) and lines[end].strip():
        match = HEADER_LINE.fullmatch(lines[end])
        if not match or len(match[2]) > _HEADER_VALUE_LIMIT:
            return {}, lines
        header.setdefault(match[1].lower(), match[2].strip())
        end += 1
    if not header:
        return {}, lines
    return header, lines[end:]
