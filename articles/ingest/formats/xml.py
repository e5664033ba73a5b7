"""XML read safely, whatever a file claims: its document type declaration is
set aside unread, so no entity is ever declared or expanded and no DTD is
loaded; nothing is fetched from the network; the tree's depth and size are
bounded. News formats need none of these, and each
is a way to read local files (XXE), exhaust memory ("billion laughs") or
reach other hosts from the importer."""

import re

from lxml import etree

# The largest XML file read; agencies' items are kilobytes, a message of
# many items a few megabytes.
MAX_XML_BYTES = 50 * 1024 * 1024
_DOCTYPE = re.compile(rb"<!DOCTYPE\b")
# What libxml2 adds to its messages that says nothing to an operator.
_LIBXML_NOISE = re.compile(r", use XML_PARSE_HUGE option| \(<string>, line \d+\)")


class UnsafeXML(ValueError):
    """A file that is not read: not XML, or XML that asks for what is refused."""


def parse_xml(raw: bytes) -> etree._Element:
    """The root element of `raw`, or UnsafeXML saying why it is not read."""
    if len(raw) > MAX_XML_BYTES:
        raise UnsafeXML(
            f"larger than {MAX_XML_BYTES // (1024 * 1024)} MB; an agency item "
            "is far smaller, so split the file"
        )
    raw = without_doctype(raw)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        problem = _LIBXML_NOISE.sub("", str(exc))
        if "Entity" in problem and "not defined" in problem:
            raise UnsafeXML(
                f"uses an entity its DTD would define ({problem}); DTDs are never "
                "read, so that no entity can read a local file, reach the "
                "network or expand without end"
            ) from None
        raise UnsafeXML(f"not well-formed XML ({problem})") from None
    if root is None:
        raise UnsafeXML("not XML: no root element")
    return root


def without_doctype(raw: bytes) -> bytes:
    """`raw` without its document type declaration, internal subset and all:
    agencies' NewsML 1.2 and NITF name their DTDs there (and declare
    entities that load them), which are never read. What is left is parsed
    with only XML's own five entities and character references."""
    match = _DOCTYPE.search(raw, 0, 4096)
    if match is None:
        return raw
    depth, quote = 0, None
    for end in range(match.end(), len(raw)):
        byte = raw[end : end + 1]
        if quote:
            quote = None if byte == quote else quote
        elif byte in (b'"', b"'"):
            quote = byte
        elif byte == b"[":
            depth += 1
        elif byte == b"]":
            depth -= 1
        elif byte == b">" and depth <= 0:
            return raw[: match.start()] + raw[end + 1 :]
    return raw  # an unfinished declaration: the parser says what is wrong


def local(element) -> str:
    """An element's name without its namespace: "newsItem"."""
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def children(element, name: str) -> list:
    """The child elements called `name`, in any namespace."""
    return [child for child in element if local(child) == name]


def child(element, *path: str):
    """The first element down `path` of names, or None."""
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if local(c) == name), None)
    return element


def descendants(element, name: str) -> list:
    """Every element called `name` below `element`, in document order."""
    return [e for e in element.iter() if local(e) == name]


def text_of(element) -> str:
    """All the text inside an element, its whitespace collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())
