"""Bylines: the "By ..." line near the top and the affiliation after it."""

import pytest

from articles.parsing import parse_text
from tests.parsing import LEAD, lead_alone


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
    assert lead_alone(f"Ferry strike ends\n\n{byline}\n\n{LEAD}").byline == expected


def test_sentence_starting_with_by_is_not_a_byline():
    article = parse_text("By Friday the water had gone.\n\nThe roads reopened.")
    assert article.byline == ""
    assert article.paragraphs[0] == "By Friday the water had gone."
