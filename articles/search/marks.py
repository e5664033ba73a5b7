"""Hit markers: how a highlighted text marks its hits, and that text as HTML.

Hits are wrapped in these characters (by highlight.py), the text is then
HTML-escaped, and only then are they turned into <mark>. Article text never
contains them: the importer strips control characters.
"""

from django.utils.html import conditional_escape

MARK_START = "\x02"
MARK_END = "\x03"


def plain(text: str) -> str:
    """Highlighted text without its hit markers."""
    return (text or "").replace(MARK_START, "").replace(MARK_END, "")


def marked_html(text: str) -> str:
    """Highlighted text escaped, with hits as <mark>: safe to insert as HTML.
    A hit left open by a cut snippet is closed, so the markup stays whole."""
    escaped = str(conditional_escape(text or ""))
    unclosed = escaped.count(MARK_START) - escaped.count(MARK_END)
    html = escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return html + "</mark>" * max(unclosed, 0)
