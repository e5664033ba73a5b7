import dataclasses
import datetime
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.parsing import (
    TITLE_LIMIT,
    ParsedArticle,
    ParseError,
    canonical_source,
    clean_text,
    decode_bytes,
    decode_references,
    not_news_reason,
    parse_bytes,
    parse_date,
    parse_datetime,
    parse_text,
)

# Every story below is invented for these tests: people, firms and events.

REUTERS_STORY = """\
LONDON (Reuters) - Shares in Pellworth Foods fell 12 percent on Tuesday after
the British snack maker cut its profit forecast for the second time this year,
blaming the rising cost of cocoa.

Chief executive Harriet Vane told analysts the company would raise prices in
the spring.

"We have absorbed as much as we can," she said.

(Reporting by Jane Doe; Editing by John Roe)
"""

AP_STORY = """\
By MARIA LOPEZ Associated Press

WASHINGTON (AP) — The Senate voted 61-38 on Thursday to fund a network of rural
clinics, sending the bill to the U.S. House after two weeks of debate.

Supporters said the clinics would cut travel times for patients in 40 states.

Copyright 2020 The Associated Press. All rights reserved.
"""

YONHAP_STORY = """\
SEOUL, Dec. 20 (Yonhap) -- South Korea's exports of robot vacuum cleaners rose
18 percent this year, an industry group said Friday.

Shipments to Europe led the gains, the Korea Home Appliance Council said.

(END)
"""

BBC_STORY = """\
Harbour ferry fares to rise in spring

Fares on the Kestrel Bay harbour ferry will rise by 5% from April, the operator \
has said.

The company blamed higher fuel costs and said season tickets would be frozen.
"""

HEADER_STORY = """\
Title: Coastal towns brace for early storm
Date: 2021-03-04
Source: kyodo
URL: https://example.com/storm
Byline: Aiko Tanaka

OSAKA, March 3, 2021 (Reuters) - Coastal towns in western Japan opened shelters
on Wednesday ahead of an unusually early storm.

Officials urged residents of low-lying areas to move to higher ground.
"""

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


def parse(text: str) -> ParsedArticle:
    return parse_text(text)


# --- the seed file ------------------------------------------------------------------


@pytest.fixture
def seed_article(seed_file):
    return parse_bytes(seed_file.read_bytes())


def test_seed_source_comes_from_the_kyodo_dateline(seed_article):
    assert seed_article.source == "Kyodo News"


def test_kyodo_dateline_is_lifted_out_of_the_body(seed_article):
    assert seed_article.dateline == "TOKYO"
    assert seed_article.paragraphs[0].startswith("A group of 14 North Korean defectors")
    assert "TOKYO" not in seed_article.body
    assert "(Kyodo) --" not in seed_article.body


def test_dateline_without_a_year_leaves_published_empty(seed_article):
    assert seed_article.published is None


def test_seed_has_seven_body_paragraphs(seed_article):
    assert len(seed_article.paragraphs) == 7


def test_photo_caption_moves_out_of_the_body(seed_article):
    assert len(seed_article.captions) == 1
    assert seed_article.captions[0].startswith("Photo taken on Nov. 20")
    assert seed_article.captions[0].endswith("(Kyodo)")
    assert "Photo taken" not in seed_article.body


def test_kyodo_signoff_is_not_part_of_the_body(seed_article):
    assert "==Kyodo" not in seed_article.body
    assert "==Kyodo" not in seed_article.captions[0]


def test_seed_title_is_its_first_sentence_cut_at_a_clause(seed_article):
    title = seed_article.title
    assert title == (
        "A group of 14 North Korean defectors who crossed into China this summer "
        "reached South Korea"
    )
    assert len(title) <= TITLE_LIMIT
    assert seed_article.paragraphs[0].startswith(title + " ")
    assert "TOKYO" not in title and "Kyodo" not in title


def test_seed_has_no_byline_credits_or_url(seed_article):
    assert (seed_article.byline, seed_article.credits, seed_article.url) == ("", "", "")


# --- agency styles ------------------------------------------------------------------


def test_reuters_dateline_and_credits_leave_the_body():
    article = parse(REUTERS_STORY)
    assert article.source == "Reuters"
    assert article.dateline == "LONDON"
    assert article.credits == "Reporting by Jane Doe; Editing by John Roe"
    assert article.paragraphs[0].startswith("Shares in Pellworth Foods fell")
    assert len(article.paragraphs) == 3
    assert "Reporting by" not in article.body


def test_hard_wrapped_lines_are_joined_with_single_spaces():
    article = parse(REUTERS_STORY)
    assert "forecast for the second time this year, blaming" in article.paragraphs[0]
    assert all("\n" not in paragraph for paragraph in article.paragraphs)


def test_ap_byline_is_lifted_out_with_its_agency():
    article = parse(AP_STORY)
    assert article.byline == "MARIA LOPEZ, Associated Press"
    assert "MARIA LOPEZ" not in article.body


def test_ap_dateline_with_em_dash_names_the_source():
    article = parse(AP_STORY)
    assert article.dateline == "WASHINGTON"
    assert article.source == "Associated Press"
    assert article.paragraphs[0].startswith("The Senate voted 61-38")


def test_copyright_line_leaves_the_body():
    article = parse(AP_STORY)
    assert len(article.paragraphs) == 2
    assert "Copyright" not in article.body


def test_title_does_not_stop_at_abbreviations():
    article = parse(AP_STORY)
    # Had the sentence stopped at "U.S.", it would fit and be the title whole.
    assert article.title == (
        "The Senate voted 61-38 on Thursday to fund a network of rural clinics"
    )


def test_yonhap_dateline_and_end_mark():
    article = parse(YONHAP_STORY)
    assert article.source == "Yonhap"
    assert article.dateline == "SEOUL"
    assert article.published is None
    assert article.paragraphs[-1].endswith("Appliance Council said.")
    assert "(END)" not in article.body


def test_end_mark_stuck_to_the_last_paragraph_is_removed():
    article = parse("SEOUL (Yonhap) -- Prices rose in May, data showed. (END)")
    assert article.paragraphs == ("Prices rose in May, data showed.",)


def test_bbc_headline_on_the_first_line_becomes_the_title():
    article = parse(BBC_STORY)
    assert article.title == "Harbour ferry fares to rise in spring"
    assert article.paragraphs[0].startswith("Fares on the Kestrel Bay harbour ferry")
    assert len(article.paragraphs) == 2
    assert article.source == ""
    assert article.dateline == ""


def test_header_block_wins_over_what_the_text_says():
    article = parse(HEADER_STORY)
    assert article.title == "Coastal towns brace for early storm"
    assert article.published == datetime.date(2021, 3, 4)
    assert article.source == "Kyodo News"
    assert article.url == "https://example.com/storm"
    assert article.byline == "Aiko Tanaka"


def test_header_block_leaves_the_dateline_to_the_text():
    article = parse(HEADER_STORY)
    assert article.dateline == "OSAKA"
    assert article.paragraphs[0].startswith("Coastal towns in western Japan")
    assert "Title:" not in article.body


def test_header_keys_are_case_insensitive():
    article = parse("TITLE: Quiet night\nsource: BBC\n\nNothing happened at all.")
    assert article.title == "Quiet night"
    assert article.source == "BBC News"


def test_lines_that_only_look_like_a_header_stay_in_the_body():
    article = parse(
        "Source: ministry officials\nsaid the plan would go ahead.\n\nMore."
    )
    assert article.source == ""
    assert article.paragraphs[0] == (
        "Source: ministry officials said the plan would go ahead."
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


def test_dpa_staff_initials_at_the_end_leave_the_body_and_name_the_source():
    article = parse("Trains ran late on Monday, the operator said.\n\ndpa grj rmo")
    assert article.paragraphs == ("Trains ran late on Monday, the operator said.",)
    assert article.source == "dpa"


# --- datelines ----------------------------------------------------------------------

LEAD = "A committee approved the plan on Monday."


@pytest.mark.parametrize(
    ("dateline", "place", "source"),
    [
        ("TOKYO, Nov. 20 (Kyodo) --", "TOKYO", "Kyodo News"),
        ("LONDON (Reuters) -", "LONDON", "Reuters"),
        ("LONDON, March 3 (Reuter) -", "LONDON", "Reuters"),
        ("WASHINGTON (AP) —", "WASHINGTON", "Associated Press"),
        ("SEOUL, Dec. 20 (Yonhap) --", "SEOUL", "Yonhap"),
        ("ATLANTA (AP) _", "ATLANTA", "Associated Press"),
        ("Berlin (dpa) -", "Berlin", "dpa"),
        ("SAITAMA, Japan, Dec. 9 Kyodo -", "SAITAMA, Japan", "Kyodo News"),
        ("BEIJING, Nov. 20 (Xinhua) --", "BEIJING", "Xinhua"),
        ("PARIS (AFP) -", "PARIS", "AFP"),
        (
            "BUENOS AIRES, Argentina (AP) _",
            "BUENOS AIRES, Argentina",
            "Associated Press",
        ),
        ("CHATHAM, Mass. (AP) _", "CHATHAM, Mass.", "Associated Press"),
        ("NEW YORK (CNN) —", "NEW YORK", "CNN"),
        ("San Diego (tca/dpa) -", "San Diego", "dpa"),
        ("NEW YORK, March 3 -", "NEW YORK", ""),
        ("WASHINGTON —", "WASHINGTON", ""),
        ("HONG KONG, Dec 10 (Reuter)", "HONG KONG", "Reuters"),
    ],
)
def test_dateline_gives_place_and_source_and_leaves_the_text(dateline, place, source):
    article = parse(f"{dateline} {LEAD}\n\nA second paragraph follows.")
    assert (article.dateline, article.source) == (place, source)
    assert article.paragraphs[0] == LEAD


@pytest.mark.parametrize(
    "opening",
    [
        "Apple (AAPL) - shares rose after the results.",
        "BREAKING — The vote has been postponed.",
        "The mayor (left) - who spoke first - said little.",
        "NATO allies met in Brussels on Monday.",
        "Officials said the Reuters report was wrong.",
    ],
)
def test_text_that_is_not_a_dateline_stays_whole(opening):
    article = parse(f"{opening}\n\nA second paragraph follows.")
    assert article.dateline == ""
    assert article.paragraphs[0] == opening


def test_dateline_with_a_full_date_sets_published():
    article = parse(f"STOCKHOLM, Aug 29, 2014 (AFP) - {LEAD}")
    assert article.published == datetime.date(2014, 8, 29)
    assert article.source == "AFP"
    assert article.paragraphs == (LEAD,)


def test_dateline_alone_on_its_line_is_dropped_with_its_line():
    article = parse(f"AUSTIN, Texas, Feb. 1, 2017 /PRNewswire/ --\n\n{LEAD}")
    assert article.dateline == "AUSTIN, Texas"
    assert article.source == "PRNewswire"
    assert article.published == datetime.date(2017, 2, 1)
    assert article.paragraphs == (LEAD,)


def test_dateline_deep_in_the_story_is_left_alone():
    text = (
        "Dry weather in the south, the ministry said,\n"
        "cut the harvest by a tenth.\n"
        "USSR -- and other buyers were expected to step in.\n"
    )
    article = parse(text)
    assert article.dateline == ""
    assert article.paragraphs[0].startswith("Dry weather")
    assert "USSR -- and other buyers" in article.paragraphs[0]


# --- headlines and titles -----------------------------------------------------------


def test_long_first_sentence_is_cut_at_a_phrase_boundary_under_100_characters():
    sentence = (
        "The regional council of the northern lake district voted on Tuesday "
        "evening to extend the seasonal ferry timetable by three weeks so that "
        "late visitors can reach the outer islands"
    )
    article = parse(f"{sentence}. A second sentence.")
    assert len(article.title) <= 100
    assert article.title == (
        "The regional council of the northern lake district voted on Tuesday evening"
    )
    assert sentence[len(article.title)] == " "


def test_short_first_sentence_is_the_title_without_its_full_stop():
    article = parse("A lobster died. The owner was sad.")
    assert article.title == "A lobster died"


def test_first_sentence_runs_past_abbreviations_and_initials():
    article = parse(
        "Dr. J. Reyes of St. Mary's joined on Nov. 3 as head. She starts soon."
    )
    assert article.title == "Dr. J. Reyes of St. Mary's joined on Nov. 3 as head"


def test_word_longer_than_the_limit_is_cut_hard():
    article = parse("x" * 500)
    assert article.title == "x" * (TITLE_LIMIT - 1) + "…"


def test_first_line_ending_with_a_full_stop_is_not_a_headline():
    article = parse("The council met on Monday.\n\nIt agreed the budget.")
    assert article.title == "The council met on Monday"
    assert len(article.paragraphs) == 2


def test_first_line_wrapped_into_the_next_is_not_a_headline():
    article = parse("Fidelity Holdings Ltd, a\nBermuda-based firm, bought the stake.")
    assert article.paragraphs == (
        "Fidelity Holdings Ltd, a Bermuda-based firm, bought the stake.",
    )


def test_capitals_headline_right_above_the_text_is_a_headline():
    article = parse("FERRY FARES TO RISE\nFares on the ferry will rise by 5% in April.")
    assert article.title == "FERRY FARES TO RISE"
    assert article.paragraphs == ("Fares on the ferry will rise by 5% in April.",)


def test_single_line_story_is_body_not_headline():
    article = parse("Polls close at eight tonight")
    assert article.paragraphs == ("Polls close at eight tonight",)
    assert article.title == "Polls close at eight tonight"


def test_headline_before_byline_and_dateline():
    text = f"Ferry strike ends\n\nBy Maria Lopez\n\nLONDON (Reuters) - {LEAD}"
    article = parse(text)
    assert article.title == "Ferry strike ends"
    assert article.byline == "Maria Lopez"
    assert article.paragraphs == (LEAD,)


# --- bylines ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By Maria Lopez", "Maria Lopez"),
        ("BY MARIA LOPEZ", "MARIA LOPEZ"),
        ("By MARIA LOPEZ Associated Press", "MARIA LOPEZ, Associated Press"),
        ("By MARIA LOPEZ\nAssociated Press", "MARIA LOPEZ, Associated Press"),
        ("By Maria Lopez Associated Press", "Maria Lopez, Associated Press"),
        ("By Helen Marsh, dpa", "Helen Marsh, dpa"),
        ("By ANN LEE and TOM FOX", "ANN LEE and TOM FOX"),
    ],
)
def test_byline_near_the_top_is_lifted_out(byline, expected):
    article = parse(f"Ferry strike ends\n\n{byline}\n\n{LEAD}")
    assert article.byline == expected
    assert article.paragraphs == (LEAD,)


def test_sentence_starting_with_by_is_not_a_byline():
    article = parse("By Friday the water had gone.\n\nThe roads reopened.")
    assert article.byline == ""
    assert article.paragraphs[0] == "By Friday the water had gone."


# --- captions, credits, sign-offs ---------------------------------------------------


@pytest.mark.parametrize(
    "caption",
    [
        "Photo shows the new bridge at dusk. (Kyodo)",
        "Photo taken on Nov. 20 shows Aiko Tanaka at the ferry terminal. (Kyodo)",
        "(Photo: the harbour at low tide)",
        "PHOTO: Firefighters at the scene on Monday.",
        "Firefighters at the scene on Monday. (AP Photo/Sam Ortiz)",
    ],
)
def test_caption_goes_to_captions_as_written(caption):
    article = parse(f"{LEAD}\n\n{caption}\n\nThe work ends in May.")
    assert article.captions == (caption,)
    assert article.paragraphs == (LEAD, "The work ends in May.")


@pytest.mark.parametrize(
    "trailer",
    [
        "==Kyodo",
        "Reuter",
        "REUTERS",
        "(END)",
        "-- ends --",
        "AP-WF-02-20-16 0337GMT",
        "^CKWS-21:37-09-12-18",
        "dpa grj rmo",
        "Copyright 2020 The Associated Press. All rights reserved.",
        "© 2020 Reuters",
        "(c) Kyodo News",
        "___",
    ],
)
def test_trailing_signoffs_leave_the_body(trailer):
    article = parse(f"{LEAD}\n\n{trailer}\n")
    assert article.paragraphs == (LEAD,)


@pytest.mark.parametrize(
    ("trailer", "source"),
    [
        ("==Kyodo", "Kyodo News"),
        ("Reuter", "Reuters"),
        ("(AP)", "Associated Press"),
        ("dpa grj rmo", "dpa"),
        ("© 2020 Reuters", "Reuters"),
        (
            "Copyright 2020 The Associated Press. All rights reserved.",
            "Associated Press",
        ),
    ],
)
def test_signoff_names_the_source_when_nothing_else_does(trailer, source):
    assert parse(f"{LEAD}\n\n{trailer}").source == source


def test_signoff_on_the_line_right_after_the_text_is_split_off():
    article = parse(f"{LEAD}\nThe rest follows.\n==Kyodo\n")
    assert article.paragraphs == (f"{LEAD} The rest follows.",)
    assert article.source == "Kyodo News"


def test_dateline_source_wins_over_the_signoff():
    assert parse(f"LONDON (Reuters) - {LEAD}\n\n==Kyodo").source == "Reuters"


@pytest.mark.parametrize(
    ("credit", "expected"),
    [
        (
            "(Reporting by Jane Doe; Editing by John Roe)",
            "Reporting by Jane Doe; Editing by John Roe",
        ),
        ("(Writing by Ann Lee)", "Writing by Ann Lee"),
        ("Additional reporting by Tom Fox", "Additional reporting by Tom Fox"),
    ],
)
def test_credits_leave_the_body_without_parentheses(credit, expected):
    article = parse(f"{LEAD}\n\n{credit}")
    assert article.credits == expected
    assert article.paragraphs == (LEAD,)


def test_writing_by_in_the_middle_of_a_story_is_body_text():
    text = f"{LEAD}\n\nWriting by hand is back in fashion.\n\nSales doubled."
    assert parse(text).paragraphs[1] == "Writing by hand is back in fashion."


# --- paragraphs ---------------------------------------------------------------------


def test_paragraphs_split_on_lines_with_only_whitespace():
    article = parse("  First line of a\n  wrapped   paragraph.\n   \t \n  Second one.")
    assert article.paragraphs == ("First line of a wrapped paragraph.", "Second one.")


def test_indented_lines_start_paragraphs_without_blank_lines():
    text = "     First paragraph starts\nand goes on here.\n     Second paragraph.\n"
    assert parse(text).paragraphs == (
        "First paragraph starts and goes on here.",
        "Second paragraph.",
    )


def test_lines_wider_than_a_hard_wrap_are_paragraphs_of_their_own():
    first = "The first paragraph is one long line of text, " * 4
    second = "The second paragraph is another long line of text, " * 4
    article = parse(f"{first.strip()}\n{second.strip()}")
    assert article.paragraphs == (first.strip(), second.strip())


def test_body_joins_paragraphs_with_blank_lines():
    article = parse(REUTERS_STORY)
    assert article.body == "\n\n".join(article.paragraphs)


def test_parsed_article_is_frozen():
    article = parse(BBC_STORY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.title = "Changed"


# --- bytes and text -----------------------------------------------------------------


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


@pytest.mark.parametrize(
    "text", ["==Kyodo\n", "Reuter", "TOKYO, Nov. 20 (Kyodo) --\n\n==Kyodo"]
)
def test_file_with_only_a_signoff_has_no_article_text(text):
    with pytest.raises(ParseError, match="no article text left after"):
        parse_text(text)


def test_header_without_a_body_has_no_article_text():
    with pytest.raises(ParseError, match="no article text left after"):
        parse_text("Title: Nothing here\nSource: AP\n")


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


# --- dates and sources --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-11-20", datetime.date(2020, 11, 20)),
        ("2020-11-20T10:00:00Z", datetime.date(2020, 11, 20)),
        ("2020-11-20 23:30:00+09:00", datetime.date(2020, 11, 20)),
        ("20 Nov 2020", datetime.date(2020, 11, 20)),
        ("20 November, 2020", datetime.date(2020, 11, 20)),
        ("Nov. 20, 2020", datetime.date(2020, 11, 20)),
        ("November 20, 2020", datetime.date(2020, 11, 20)),
        ("Sept. 1, 2019", datetime.date(2019, 9, 1)),
        ("13-APR-1987 12:19:07.93", datetime.date(1987, 4, 13)),
        ("2020/11/20", datetime.date(2020, 11, 20)),
        ("20201120", datetime.date(2020, 11, 20)),
        ("Fri, 20 Nov 2020 10:00:00 +0000", datetime.date(2020, 11, 20)),
        ("20.11.2020", datetime.date(2020, 11, 20)),
        ("11/20/2020", datetime.date(2020, 11, 20)),
        ("20/11/2020", datetime.date(2020, 11, 20)),
        ("  Published on Nov 20 2020  ", datetime.date(2020, 11, 20)),
        (datetime.date(2020, 11, 20), datetime.date(2020, 11, 20)),
    ],
)
def test_parse_date_reads_common_formats(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "nonsense",
        "yesterday",
        "Nov. 20",
        "2020-13-45",
        "31 Feb 2020",
        "0000-00-00",
        "99/99/9999",
        "Mayor 12, 2020",
        "2020",
        None,
        12345,
        ["2020-11-20"],
    ],
)
def test_parse_date_returns_none_for_nonsense(value):
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kyodo", "Kyodo News"),
        ("Kyodo", "Kyodo News"),
        ("KYODO", "Kyodo News"),
        ("Kyodo News", "Kyodo News"),
        ("AP", "Associated Press"),
        ("The Associated Press", "Associated Press"),
        ("A.P.", "Associated Press"),
        ("Reuter", "Reuters"),
        ("Reuters", "Reuters"),
        ("REUTERS", "Reuters"),
        ("Yonhap", "Yonhap"),
        ("Yonhap News Agency", "Yonhap"),
        ("AFP", "AFP"),
        ("Agence France-Presse", "AFP"),
        ("dpa", "dpa"),
        ("DPA", "dpa"),
        ("Xinhua", "Xinhua"),
        ("BBC", "BBC News"),
        ("BBC News", "BBC News"),
        ("tca/dpa", "dpa"),
        ("==Kyodo", "Kyodo News"),
        ("  The  Nikkei  ", "The Nikkei"),
        ("(CNN)", "CNN"),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_canonical_source(name, expected):
    assert canonical_source(name) == expected


def test_each_spelling_in_the_agency_table_names_its_own_agency():
    # canonical_source's lookup is built from the table: a spelling given to
    # two agencies would silently name the later one.
    from articles.parsing.agencies import AGENCIES

    for agency in AGENCIES:
        for spelling in (agency.name, *agency.aliases):
            if agency.known:
                assert canonical_source(spelling) == agency.name, spelling
            else:  # listed for the entity extractor only: passed through as is
                assert canonical_source(spelling) == spelling


# --- robustness ---------------------------------------------------------------------


def test_ten_megabyte_single_line_parses_in_linear_time():
    text = "word " * 2_000_000 + "end."
    started = time.perf_counter()
    article = parse_text(text)
    assert time.perf_counter() - started < 10
    assert len(article.paragraphs) == 1
    assert len(article.title) <= TITLE_LIMIT


def test_many_short_paragraphs_parse_in_linear_time():
    text = "\n\n".join(f"Paragraph {n} says little." for n in range(200_000))
    started = time.perf_counter()
    article = parse_text(text)
    assert time.perf_counter() - started < 10
    assert len(article.paragraphs) == 200_000


@pytest.mark.parametrize(
    "text",
    [
        "=" * 100_000 + " x",
        "(" * 100_000,
        "A" * 100_000 + " - text",
        "TOKYO, " * 50_000 + "(Kyodo) -- text",
        "By " + "ANN " * 50_000,
        "Title: " + "x" * 100_000 + "\n\nbody",
        ". " * 100_000,
        "1/" * 100_000,
    ],
)
def test_pathological_input_is_parsed_quickly_or_rejected(text):
    started = time.perf_counter()
    try:
        parse_text(text)
    except ParseError:
        pass
    assert time.perf_counter() - started < 5


def assert_well_formed(article: ParsedArticle):
    assert article.title
    assert article.paragraphs
    for paragraph in article.paragraphs:
        assert paragraph and paragraph == paragraph.strip()
        assert "\n" not in paragraph


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_or_raises_parse_error(text):
    try:
        article = parse_text(text)
    except ParseError:
        return
    assert_well_formed(article)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "",
                "   ",
                "==Kyodo",
                "Reuter",
                "(END)",
                "By MARIA LOPEZ",
                "Associated Press",
                "TOKYO, Nov. 20 (Kyodo) --",
                "LONDON (Reuters) - Prices rose.",
                "Photo shows a bridge.",
                "(Reporting by Jane Doe)",
                "Title: A title",
                "Source: AP",
                "\tIndented line of text.",
                "Plain line of text",
                "dpa grj rmo",
                "© 2020 Reuters",
                "a0105KYODO spo-",
                "BC-Slug-Line   01-02 0300",
            ]
        ),
        max_size=12,
    )
)
def test_any_arrangement_of_wire_parts_parses_or_raises_parse_error(lines):
    try:
        article = parse_text("\n".join(lines))
    except ParseError:
        return
    assert_well_formed(article)


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_any_bytes_parse_or_raise_parse_error(raw):
    try:
        article = parse_bytes(raw)
    except ParseError:
        return
    assert_well_formed(article)


# --- real agency items, read from the shared corpora --------------------------------


@pytest.mark.slow
def test_every_wire_sample_parses_or_is_rejected_with_a_reason(corpora_dir):
    folder = corpora_dir / "wire-samples"
    if not folder.is_dir():
        pytest.skip(f"no wire samples at {folder}")
    files = sorted(
        path
        for path in folder.glob("*/*")
        if path.is_file() and path.suffix.lower() != ".xml"
    )
    assert files
    for path in files:
        try:
            article = parse_bytes(path.read_bytes())
        except ParseError as exc:
            assert str(exc), path
        else:
            assert_well_formed(article)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "source", "dateline", "leftovers"),
    [
        (
            "kyodo/kyodo_anpa1312_soccer.txt",
            "Kyodo News",
            "SAITAMA, Japan",
            ["==Kyodo", "KWS-"],
        ),
        ("ap/ap_anpa_heat_hawks.tst", "Associated Press", "ATLANTA", ["AP-WF-", "BC-"]),
        ("dpa/dpa_iptc7901_coalition.txt", "dpa", "Berlin", ["dpa wsz", "Notebook"]),
    ],
)
def test_wire_sample_metadata_is_read(corpora_dir, name, source, dateline, leftovers):
    path = corpora_dir / "wire-samples" / name
    if not path.is_file():
        pytest.skip(f"{path} not found")
    article = parse_bytes(path.read_bytes())
    assert (article.source, article.dateline) == (source, dateline)
    for leftover in leftovers:
        assert leftover not in article.body


# --- Character references -------------------------------------------------------


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


# --- Dates with times -----------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2006-10-20T18:15:00", "2006-10-20T18:15:00+00:00"),
        ("2006-10-20 18:15", "2006-10-20T18:15:00+00:00"),
        ("2020-11-20T15:13:00Z", "2020-11-20T15:13:00+00:00"),
        ("2020-11-20T15:13:00.250+09:00", "2020-11-20T15:13:00+09:00"),
        ("2024-03-05 14:30 -0500", "2024-03-05T14:30:00-05:00"),
        ("Fri, 20 Nov 2020 15:13:00 +0000", "2020-11-20T15:13:00+00:00"),
        ("Tue, 05 Mar 2024 09:01:02 GMT", "2024-03-05T09:01:02+00:00"),
    ],
)
def test_times_of_publication_are_read_with_their_zone(text, expected):
    assert parse_datetime(text).isoformat() == expected


@pytest.mark.parametrize(
    "text", ["2020-11-20", "Nov. 20, 2020", "2020-13-45T10:00:00", "25:00", "", None]
)
def test_a_date_without_a_time_or_a_bad_one_gives_no_moment(text):
    assert parse_datetime(text) is None


def test_a_header_date_with_a_time_gives_the_moment_and_the_written_day():
    story = parse_text(
        "Title: Ferry strike ends\nDate: 2024-03-05T23:30:00-05:00\n\n"
        "The ferry strike ended on Tuesday night after talks."
    )
    assert story.published == datetime.date(2024, 3, 5)
    assert story.published_at.isoformat() == "2024-03-05T23:30:00-05:00"


# --- Service messages -----------------------------------------------------------


def test_a_repeated_copyright_notice_is_a_service_message():
    notice = parse_text(
        "Notice/ (Attention) Notice =\n\n"
        "xxxx copyright by Harbour Wire xxxx copyright by Harbour Wire xxxx\n"
        "xxxx copyright by Harbour Wire xxxx copyright by Harbour Wire xxxx\n"
        "Harbour Wire the harbour wire agency international service Harbour Wire"
    )
    assert not_news_reason(notice).startswith("no dateline, no sentence")


@pytest.mark.parametrize(
    "text",
    [
        # A results brief: no dateline, no sentence, but not boilerplate.
        "ACME CORP SETS QUARTERLY DIVIDEND\n\nQtly div eight cts vs seven cts prior"
        "\nPay April one\nRecord March 13\nReuter",
        # A story that repeats its chant, with sentences.
        "Fans chant at final\n\n" + "Come on you blues, come on you blues. " * 12,
        # Under a dateline, repeated words are a story quoting them.
        "BERLIN (dpa) - " + "Harbour City we love you Harbour City " * 10,
        # A table of figures: no sentence, repeats, but figures, not words.
        "RATES - APRIL 7\n\n" + "ONE MTH 3-3/8 3-1/4 TWO MTHS 3-3/8 3-1/4 " * 8,
    ],
)
def test_briefs_tables_and_chants_are_not_service_messages(text):
    assert not_news_reason(parse_text(text)) == ""
