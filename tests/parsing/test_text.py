"""Bytes to clean text: decoding, line ends, control characters, references."""

import re

import pytest

from articles.parsing import (
    ParseError,
    clean_text,
    decode_bytes,
    decode_references,
    parse_bytes,
    parse_text,
)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"\xef\xbb\xbfHello", "Hello"),
        (b"one\r\ntwo\rthree\n", "one\ntwo\nthree\n"),
        (b"caf\xe9", "café"),
        (b"\x93quoted\x94 \x96 dash", "“quoted” – dash"),
        (b"undefined\x81 byte", "undefined byte"),
        (b"\x01\x02Tokyo news today\x03\x04\x7f", "Tokyo news today"),
        (b"tab\tkept", "tab\tkept"),
        ("Grüße aus Köln".encode(), "Grüße aus Köln"),
        ("UTF-16 text".encode("utf-16"), "UTF-16 text"),
    ],
)
def test_decode_bytes_reads_utf8_or_windows_1252_and_cleans(raw, text):
    assert decode_bytes(raw) == text


def test_parse_bytes_reads_crlf_and_cp1252():
    raw = b"Cafe plan approved\r\n\r\nHe said \x93yes\x94 to the caf\xe9 plan.\r\n"
    article = parse_bytes(raw)
    assert article.title == "Cafe plan approved"
    assert article.paragraphs == ("He said “yes” to the café plan.",)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "file is empty"),
        (b" \r\n\t\n", "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (b"text\x00with\x00NULs", "binary data (NUL bytes)"),
        (bytes(range(1, 9)) * 50, "binary data (mostly control characters)"),
        (b"%PDF-1.7\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
    ],
)
def test_decode_bytes_rejects_empty_and_binary_input(raw, reason):
    with pytest.raises(ParseError, match=re.escape(reason)):
        decode_bytes(raw)


def test_parse_bytes_rejects_empty_file():
    with pytest.raises(ParseError, match="file is empty"):
        parse_bytes(b"")


@pytest.mark.parametrize("text", ["", "   \n\t\n", "\x01\x02\x03"])
def test_empty_text_is_rejected(text):
    with pytest.raises(ParseError, match="empty"):
        parse_text(text)


def test_wrong_input_types_raise_parse_error():
    with pytest.raises(ParseError):
        parse_text(b"bytes")
    with pytest.raises(ParseError):
        decode_bytes("text")
    with pytest.raises(ParseError):
        clean_text(None)


def test_clean_text_normalises_line_ends_and_strips_controls():
    assert clean_text("\ufeffa\r\nb\rc\x1f\x0c\td\u2028e") == "a\nb\nc\td\ne"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("&#163;1.8m fine for Viacom", "£1.8m fine for Viacom"),
        ("Marks &amp; Spencer", "Marks & Spencer"),
        ("&amp;amp; stays one entity", "&amp; stays one entity"),
        ("&#x2014; and &mdash; and &#8212;", "— and — and —"),
        ("AT&T and R&D; stay", "AT&T and R&D; stay"),
        ("&copy without its semicolon", "&copy without its semicolon"),
        ("&notaname; is kept", "&notaname; is kept"),
        ("&#1; and &#x7f; are not let in", "&#1; and &#x7f; are not let in"),
    ],
)
def test_character_references_are_decoded_once(text, expected):
    assert decode_references(text) == expected


def test_a_story_with_references_reads_as_its_characters():
    story = parse_text(
        "Toyota &amp; Honda raise prices\n\nTOKYO (Kyodo) -- Toyota &amp; Honda "
        "said on Monday they would raise car prices by &#165;20,000.\n\n==Kyodo"
    )
    assert story.title == "Toyota & Honda raise prices"
    assert story.paragraphs == (
        "Toyota & Honda said on Monday they would raise car prices by ¥20,000.",
    )
