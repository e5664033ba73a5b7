"""Lines into paragraphs: by blank lines, indentation or width; sign-offs split off."""

from articles.parsing import parse_text
from tests.parsing import LEAD


def test_end_mark_stuck_to_the_last_paragraph_is_removed():
    article = parse_text("SEOUL (Yonhap) -- Prices rose in May, data showed. (END)")
    assert article.paragraphs == ("Prices rose in May, data showed.",)


def test_signoff_on_the_line_right_after_the_text_is_split_off():
    article = parse_text(f"{LEAD}\nThe rest follows.\n==Kyodo\n")
    assert article.paragraphs == (f"{LEAD} The rest follows.",)
    assert article.source == "Kyodo News"


def test_paragraphs_split_on_lines_with_only_whitespace():
    article = parse_text(
        "  First line of a\n  wrapped   paragraph.\n   \t \n  Second one."
    )
    assert article.paragraphs == ("First line of a wrapped paragraph.", "Second one.")


def test_indented_lines_start_paragraphs_without_blank_lines():
    text = "     First paragraph starts\nand goes on here.\n     Second paragraph.\n"
    assert parse_text(text).paragraphs == (
        "First paragraph starts and goes on here.",
        "Second paragraph.",
    )


def test_lines_wider_than_a_hard_wrap_are_paragraphs_of_their_own():
    first = "The first paragraph is one long line of text, " * 4
    second = "The second paragraph is another long line of text, " * 4
    article = parse_text(f"{first.strip()}\n{second.strip()}")
    assert article.paragraphs == (first.strip(), second.strip())
