"""The header block: `Key: value` lines above the text win over what it says."""

import datetime

import pytest

from articles.parsing import ParseError, parse_text

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


def test_header_block_wins_over_what_the_text_says():
    article = parse_text(HEADER_STORY)
    assert article.title == "Coastal towns brace for early storm"
    assert article.published == datetime.date(2021, 3, 4)
    assert article.source == "Kyodo News"
    assert article.url == "https://example.com/storm"
    assert article.byline == "Aiko Tanaka"


def test_header_block_leaves_the_dateline_to_the_text():
    article = parse_text(HEADER_STORY)
    assert article.dateline == "OSAKA"
    assert article.paragraphs[0].startswith("Coastal towns in western Japan")
    assert "Title:" not in article.body


def test_header_keys_are_case_insensitive():
    article = parse_text("TITLE: Quiet night\nsource: BBC\n\nNothing happened at all.")
    assert article.title == "Quiet night"
    assert article.source == "BBC News"


def test_lines_that_only_look_like_a_header_stay_in_the_body():
    article = parse_text(
        "Source: ministry officials\nsaid the plan would go ahead.\n\nMore."
    )
    assert article.source == ""
    assert article.paragraphs[0] == (
        "Source: ministry officials said the plan would go ahead."
    )


def test_header_without_a_body_has_no_article_text():
    with pytest.raises(ParseError, match="no article text left after"):
        parse_text("Title: Nothing here\nSource: AP\n")


def test_a_header_date_with_a_time_gives_the_moment_and_the_written_day():
    story = parse_text(
        "Title: Ferry strike ends\nDate: 2024-03-05T23:30:00-05:00\n\n"
        "The ferry strike ended on Tuesday night after talks."
    )
    assert story.published == datetime.date(2024, 3, 5)
    assert story.published_at.isoformat() == "2024-03-05T23:30:00-05:00"
