"""What a file is, from what it holds: the importer reads a NewsML-G2 item
named ``story.txt`` and a text file named ``story.xml`` for what they are."""

from pathlib import Path

from ..items import Failure
from .feeds import feed_items
from .newsml import FRAGMENTS, NOT_STORIES, newsml_items
from .newsml1 import newsml1_items
from .nitf import nitf_story
from .stories import story_item
from .xml import UnsafeXML, local, parse_xml, without_doctype

# Names of files that hold XML, walked in folders beside the text files.
XML_SUFFIXES = {".xml", ".nitf", ".newsml", ".g2"}
READ_FORMATS = (
    "NewsML-G2 (newsItem, newsMessage), NewsML 1.x, NITF, ninjs, RSS, Atom, "
    "HTML pages and wire text"
)
# XML that is news in a format not read (yet), and what to do instead.
# Roots of RSS 2.0 (and 0.9x, RDF 1.0) and Atom feeds.
_FEEDS = {"rss", "feed", "RDF"}


def looks_like_xml(raw: bytes) -> bool:
    """Whether bytes start as XML does (after a byte-order mark and blanks)."""
    start = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith((b"<?xml", b"<")) and not start.startswith(b"<<")


def read_structured(raw: bytes, *, path: Path, key: str, include: bool) -> list:
    """The Items (or Failures and Skips) of an XML file."""
    origin = str(path)
    try:
        root = parse_xml(raw)
    except UnsafeXML as exc:
        return [Failure(origin, f"{exc}; formats tried: {READ_FORMATS}")]
    name = local(root)
    if name in {"newsItem", "newsMessage", *NOT_STORIES}:
        return newsml_items(root, key=key, origin=origin, include=include)
    if name in _FEEDS:
        return feed_items(without_doctype(raw), key=key, origin=origin, include=include)
    if name in {"NewsML", "NewsItem"}:
        return newsml1_items(root, key=key, origin=origin, include=include)
    if name == "nitf":
        return [story_item(nitf_story(root, key=key, origin=origin), include=include)]
    if name in FRAGMENTS:
        return [
            Failure(
                origin,
                f"a fragment of a NewsML-G2 item (<{name}>), not an item; "
                "formats tried: " + READ_FORMATS,
            )
        ]
    return [
        Failure(
            origin,
            f"an XML document of another kind (<{name}>); formats tried: "
            f"{READ_FORMATS}",
        )
    ]
