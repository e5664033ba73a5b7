"""The top of a story: which first line is a headline, above a byline and dateline."""

from articles.parsing import parse_text
from tests.parsing import LEAD, lead_alone


def test_first_line_ending_with_a_full_stop_is_not_a_headline():
    article = parse_text("The council met on Monday.\n\nIt agreed the budget.")
    assert article.title == "The council met on Monday"
    assert len(article.paragraphs) == 2


def test_first_line_wrapped_into_the_next_is_not_a_headline():
    article = parse_text(
        "Fidelity Holdings Ltd, a\nBermuda-based firm, bought the stake."
    )
    assert article.paragraphs == (
        "Fidelity Holdings Ltd, a Bermuda-based firm, bought the stake.",
    )


def test_capitals_headline_right_above_the_text_is_a_headline():
    article = parse_text(
        "FERRY FARES TO RISE\nFares on the ferry will rise by 5% in April."
    )
    assert article.title == "FERRY FARES TO RISE"
    assert article.paragraphs == ("Fares on the ferry will rise by 5% in April.",)


def test_single_line_story_is_body_not_headline():
    article = parse_text("Polls close at eight tonight")
    assert article.paragraphs == ("Polls close at eight tonight",)
    assert article.title == "Polls close at eight tonight"


def test_headline_before_byline_and_dateline():
    text = f"Ferry strike ends\n\nBy Maria Lopez\n\nLONDON (Reuters) - {LEAD}"
    article = lead_alone(text)
    assert article.title == "Ferry strike ends"
    assert article.byline == "Maria Lopez"
