"""RSS 2.0 and Atom 1.0 files, read with feedparser: each entry becomes an
article from its content (or its summary), with its link, id, dates and
author; the feed's title is its source. An entry with no text is reported,
not passed over."""

import feedparser

from ..items import Failure, Skip
from .nitf import html_paragraphs
from .stories import Story, story_item


def feed_items(raw: bytes, *, key: str, origin: str, include: bool = False) -> list:
    """Items and Failures for a feed's entries; `raw` has been read safely
    (xml.parse_xml) and its document type declaration set aside."""
    feed = feedparser.parse(raw, resolve_relative_uris=False, sanitize_html=False)
    entries = feed.entries
    if not entries:
        return [Skip(origin, "a feed with no entries")]
    source = " ".join(str(feed.feed.get("title", "")).split())
    results = []
    for number, entry in enumerate(entries, start=1):
        where = f"{origin}#{number}"
        own = entry.get("id") or entry.get("link") or ""
        paragraphs = _entry_text(entry)
        if not paragraphs:
            results.append(Failure(where, "a feed entry with no text (a title only)"))
            continue
        story = Story(
            key=own or f"{key}#{number}",
            origin=where,
            headline=entry.get("title", ""),
            paragraphs=paragraphs,
            byline=(entry.get("author_detail") or {}).get("name")
            or entry.get("author", ""),
            published=entry.get("published") or entry.get("updated") or "",
            source=source,
            url=entry.get("link", ""),
        )
        results.append(story_item(story, include=include))
    return results


def _entry_text(entry) -> list[str]:
    """The paragraphs of an entry's content, else of its summary."""
    for content in entry.get("content") or []:
        if content.get("value", "").strip():
            return html_paragraphs(content["value"])
    summary = entry.get("summary", "")
    return html_paragraphs(summary) if summary.strip() else []
