"""Bytes to clean text: decoding, line ends, control characters, references.

Every other step works on the text these functions return: LF line ends, no
control characters other than newline and tab, no lone surrogates, and (after
`decode_references`) character references such as ``&amp;`` decoded once.
"""

import codecs
import html
import html.entities
import re

from .article import ParseError

# Files that start like this are not text, whatever else they contain.
_BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive or an Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ", "an xz archive"),
)
_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
_BINARY_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\ufeff]")


def decode_bytes(raw: bytes) -> str:
    """Bytes of a text file as clean text: UTF-8 (BOM or not), else Windows-1252.

    UTF-16 with a byte order mark is read too (Windows "Unicode" text files).
    Line ends become LF and control characters other than newline and tab are
    removed (see `clean_text`). Raises ParseError for empty or binary input.
    """
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise ParseError(f"expected bytes, got {type(raw).__name__}")
    raw = bytes(raw)
    if not raw:
        raise ParseError("file is empty")
    for signature, kind in _BINARY_SIGNATURES:
        if raw.startswith(signature):
            raise ParseError(f"looks like binary data ({kind})")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16", errors="replace")
    elif b"\x00" in raw:
        raise ParseError("looks like binary data (NUL bytes)")
    else:
        text = _decode_8bit(raw)
    if len(text) - len(_BINARY_CHARS.sub("", text)) > 0.3 * len(text):
        raise ParseError("looks like binary data (mostly control characters)")
    text = clean_text(text)
    if not text.strip():
        raise ParseError("file is empty (only whitespace)")
    return text


LONE_SURROGATES = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text with LF line ends and no control characters other than newline and tab."""
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    # JSON can carry lone surrogates, which no database or page can encode.
    text = LONE_SURROGATES.sub("\ufffd", text)
    return _CONTROL_CHARS.sub("", _LINE_BREAKS.sub("\n", text))


# A character reference closed by its semicolon: "&amp;", "&#163;", "&#xA3;".
# HTML also reads a few names without one ("&copy"), but in plain text "AT&T"
# or "R&D;" is more likely than a forgotten semicolon, so those stay as written.
_REFERENCE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)


def decode_references(text: str) -> str:
    """`text` with its HTML character references decoded, once: "&#163;1.8m"
    becomes "£1.8m" and "&amp;amp;" becomes "&amp;". Unknown names stay."""
    if "&" not in text:
        return text
    return _REFERENCE.sub(_decode_reference, text)


def collapse(text: str) -> str:
    """`text` with every run of whitespace made one space, none at either end."""
    return " ".join(text.split())


def paragraph_text(lines: list[str]) -> str:
    """The lines of a paragraph as one line of text."""
    return collapse(" ".join(lines))


def _decode_reference(match: re.Match) -> str:
    reference = match[0]
    if reference[1] == "#":
        decoded = html.unescape(reference)
    else:  # a name counts only whole: "&notaname;" is not "&not;" + "aname;"
        decoded = html.entities.html5.get(reference[1:], "")
    # A reference to a control character, a surrogate or nothing at all
    # would smuggle in what clean_text removes: keep it as written.
    if not decoded or _CONTROL_CHARS.search(decoded) or "\ufffd" in decoded:
        return reference
    return decoded


def _decode_8bit(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = raw.decode("cp1252", errors="surrogateescape")
    # cp1252 leaves five bytes undefined: read those as latin-1 does.
    for byte in _CP1252_UNDEFINED:
        text = text.replace(chr(0xDC00 + byte), chr(byte))
    return text
