"""Whole stories through parse_text and parse_bytes: the seed, agency styles,
robustness, and real agency items from the shared corpora."""

import dataclasses
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.parsing import (
    TITLE_LIMIT,
    ParsedArticle,
    ParseError,
    parse_bytes,
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
    article = parse_text(REUTERS_STORY)
    assert article.source == "Reuters"
    assert article.dateline == "LONDON"
    assert article.credits == "Reporting by Jane Doe; Editing by John Roe"
    assert article.paragraphs[0].startswith("Shares in Pellworth Foods fell")
    assert len(article.paragraphs) == 3
    assert "Reporting by" not in article.body


def test_hard_wrapped_lines_are_joined_with_single_spaces():
    article = parse_text(REUTERS_STORY)
    assert "forecast for the second time this year, blaming" in article.paragraphs[0]
    assert all("\n" not in paragraph for paragraph in article.paragraphs)


def test_ap_byline_is_lifted_out_with_its_agency():
    article = parse_text(AP_STORY)
    assert article.byline == "MARIA LOPEZ, Associated Press"
    assert "MARIA LOPEZ" not in article.body


def test_ap_dateline_with_em_dash_names_the_source():
    article = parse_text(AP_STORY)
    assert article.dateline == "WASHINGTON"
    assert article.source == "Associated Press"
    assert article.paragraphs[0].startswith("The Senate voted 61-38")


def test_copyright_line_leaves_the_body():
    article = parse_text(AP_STORY)
    assert len(article.paragraphs) == 2
    assert "Copyright" not in article.body


def test_title_does_not_stop_at_abbreviations():
    article = parse_text(AP_STORY)
    # Had the sentence stopped at "U.S.", it would fit and be the title whole.
    assert article.title == (
        "The Senate voted 61-38 on Thursday to fund a network of rural clinics"
    )


def test_yonhap_dateline_and_end_mark():
    article = parse_text(YONHAP_STORY)
    assert article.source == "Yonhap"
    assert article.dateline == "SEOUL"
    assert article.published is None
    assert article.paragraphs[-1].endswith("Appliance Council said.")
    assert "(END)" not in article.body


def test_bbc_headline_on_the_first_line_becomes_the_title():
    article = parse_text(BBC_STORY)
    assert article.title == "Harbour ferry fares to rise in spring"
    assert article.paragraphs[0].startswith("Fares on the Kestrel Bay harbour ferry")
    assert len(article.paragraphs) == 2
    assert article.source == ""
    assert article.dateline == ""


# --- what parsing gives back -------------------------------------------------------


def test_body_joins_paragraphs_with_blank_lines():
    article = parse_text(REUTERS_STORY)
    assert article.body == "\n\n".join(article.paragraphs)


def test_parsed_article_is_frozen():
    article = parse_text(BBC_STORY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.title = "Changed"


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


def assert_parsed_or_refused(parse, data):
    """`parse(data)` gives a well-formed article or raises ParseError."""
    try:
        article = parse(data)
    except ParseError:
        return
    assert_well_formed(article)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_or_raises_parse_error(text):
    assert_parsed_or_refused(parse_text, text)


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
    assert_parsed_or_refused(parse_text, "\n".join(lines))


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_any_bytes_parse_or_raise_parse_error(raw):
    assert_parsed_or_refused(parse_bytes, raw)


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
