"""Agency feeds as ANPA-1312 delivers them: control codes, slugs, format codes."""

from articles.parsing import parse_bytes, parse_text

# A Kyodo feed item as ANPA-1312 delivers it: control codes, CRLF, paragraphs
# marked by indentation only, the sign-off and an end code stuck to the text.
KYODO_FEED = (
    b"\x01a0107KYODO\x1fspo-\r\n"
    b"\x02BC-Judo-Grand-Slam   12-04 0120\r\n"
    b"Judo: Ota wins first Grand Slam title in Fukuoka+\r\n"
    b"     FUKUOKA, Japan, Dec. 4 Kyodo - Kenta Ota won his first Grand Slam \r\n"
    b"title on Sunday, throwing his opponent with 20 seconds left.\r\n"
    b"     The 24-year-old said he had trained for the moment all year.\r\n"
    b"==Kyodo\r\n"
    b"\x03KWS-18:02-04-12-22\x04\r\n"
)


# An AP item as ANPA-1312 delivers it: slug lines, "^" format codes, a byline
# over two lines, tab-indented paragraphs and an end code.
AP_FEED = (
    "\x16\x16\x01z1234\x1f-----\n"
    "r z\x13\x11 BC-US--Bridge-Reopens     06-02 0300\n"
    "\x02^BC-US--Bridge Reopens,210<\n"
    "^Old river bridge reopens after two-year repair<\n"
    "^AP Photo XYZ101<\n"
    "^By SAM ORTIZ=\n"
    "^Associated Press=\n"
    "\t   ATLANTA (AP) _ The Fulton Street bridge reopened on Monday after repairs.\n"
    "\t   Drivers lined up before dawn to be the first across.\n"
    "\n"
    "\t   ^CAP-WF-06-02-21 1200GMT<\n"
    "\x0c\n\x04"
)


def test_kyodo_feed_with_control_codes_and_indented_paragraphs():
    article = parse_bytes(KYODO_FEED)
    assert article.title == "Judo: Ota wins first Grand Slam title in Fukuoka"
    assert article.dateline == "FUKUOKA, Japan"
    assert article.source == "Kyodo News"
    assert article.paragraphs == (
        "Kenta Ota won his first Grand Slam title on Sunday, throwing his "
        "opponent with 20 seconds left.",
        "The 24-year-old said he had trained for the moment all year.",
    )


def test_ap_feed_preamble_gives_headline_and_byline():
    article = parse_text(AP_FEED)
    assert article.title == "Old river bridge reopens after two-year repair"
    assert article.byline == "SAM ORTIZ, Associated Press"
    assert article.dateline == "ATLANTA"
    assert article.source == "Associated Press"
    assert article.paragraphs == (
        "The Fulton Street bridge reopened on Monday after repairs.",
        "Drivers lined up before dawn to be the first across.",
    )
