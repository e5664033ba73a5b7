"""Datelines: the place, maybe a date and an agency, lifted out of the text."""

import datetime

import pytest

from articles.parsing import parse_text
from tests.parsing import LEAD, lead_alone

# A dateline as agencies write it: (the place, the source) it gives.
DATELINES = {
    "TOKYO, Nov. 20 (Kyodo) --": ("TOKYO", "Kyodo News"),
    "LONDON (Reuters) -": ("LONDON", "Reuters"),
    "LONDON, March 3 (Reuter) -": ("LONDON", "Reuters"),
    "WASHINGTON (AP) —": ("WASHINGTON", "Associated Press"),
    "SEOUL, Dec. 20 (Yonhap) --": ("SEOUL", "Yonhap"),
    "ATLANTA (AP) _": ("ATLANTA", "Associated Press"),
    "Berlin (dpa) -": ("Berlin", "dpa"),
    "SAITAMA, Japan, Dec. 9 Kyodo -": ("SAITAMA, Japan", "Kyodo News"),
    "BEIJING, Nov. 20 (Xinhua) --": ("BEIJING", "Xinhua"),
    "PARIS (AFP) -": ("PARIS", "AFP"),
    "BUENOS AIRES, Argentina (AP) _": ("BUENOS AIRES, Argentina", "Associated Press"),
    "CHATHAM, Mass. (AP) _": ("CHATHAM, Mass.", "Associated Press"),
    "NEW YORK (CNN) —": ("NEW YORK", "CNN"),
    "San Diego (tca/dpa) -": ("San Diego", "dpa"),
    "NEW YORK, March 3 -": ("NEW YORK", ""),
    "WASHINGTON —": ("WASHINGTON", ""),
    "HONG KONG, Dec 10 (Reuter)": ("HONG KONG", "Reuters"),
}


@pytest.mark.parametrize(
    ("dateline", "expected"), DATELINES.items(), ids=list(DATELINES)
)
def test_dateline_gives_place_and_source_and_leaves_the_text(dateline, expected):
    article = parse_text(f"{dateline} {LEAD}\n\nA second paragraph follows.")
    assert (article.dateline, article.source) == expected
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
    article = parse_text(f"{opening}\n\nA second paragraph follows.")
    assert article.dateline == ""
    assert article.paragraphs[0] == opening


def test_dateline_with_a_full_date_sets_published():
    article = lead_alone(f"STOCKHOLM, Aug 29, 2014 (AFP) - {LEAD}")
    assert article.published == datetime.date(2014, 8, 29)
    assert article.source == "AFP"


def test_dateline_alone_on_its_line_is_dropped_with_its_line():
    article = lead_alone(f"AUSTIN, Texas, Feb. 1, 2017 /PRNewswire/ --\n\n{LEAD}")
    assert article.dateline == "AUSTIN, Texas"
    assert article.source == "PRNewswire"
    assert article.published == datetime.date(2017, 2, 1)


def test_dateline_deep_in_the_story_is_left_alone():
    text = (
        "Dry weather in the south, the ministry said,\n"
        "cut the harvest by a tenth.\n"
        "USSR -- and other buyers were expected to step in.\n"
    )
    article = parse_text(text)
    assert article.dateline == ""
    assert article.paragraphs[0].startswith("Dry weather")
    assert "USSR -- and other buyers" in article.paragraphs[0]
