"""Web pages saved to disk: the article's text found by trafilatura (the
page's navigation, asides, scripts and footers left out), and its title,
author, date and address from the page's own metadata, its JSON-LD
NewsArticle first, where it has one (trafilatura, and htmldate for dates)."""

import re

from ..items import Failure
from .stories import Story, story_item

# Less text than this on a page is its menus or a stub, not an article.
MIN_TEXT = 80
_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)


def looks_like_html(raw: bytes) -> bool:
    """Whether a file is an HTML page (a doctype or an <html> element first)."""
    return bool(_HTML_START.match(raw[:2048].lstrip(b"\xef\xbb\xbf")))


def page_items(raw: bytes, *, key: str, origin: str, include: bool = False) -> list:
    """The article of a saved page, or a Failure saying why there is none."""
    import trafilatura

    found = trafilatura.bare_extraction(
        raw,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
    )
    text = " ".join((found.text or "").split()) if found is not None else ""
    if len(text) < MIN_TEXT:
        return [
            Failure(
                origin,
                "an HTML page with no article text found in it "
                f"({len(text)} characters of text outside its menus and footers)",
            )
        ]
    paragraphs = [line for line in found.text.split("\n") if line.strip()]
    title = (found.title or "").strip()
    if paragraphs and title and paragraphs[0].strip() == title:
        paragraphs = paragraphs[1:]  # the page's own <h1>
    story = Story(
        key=(found.url or "").strip() or key,
        origin=origin,
        headline=title,
        paragraphs=paragraphs,
        byline=(found.author or "").strip(),
        published=(found.date or "").strip(),
        source=(found.sitename or "").strip(),
        url=(found.url or "").strip(),
    )
    return [story_item(story, include=include)]
