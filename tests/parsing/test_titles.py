"""A title made from the first sentence, cut where a clause or phrase ends,
shortened first when its main clause alone is longer than TITLE_LIMIT."""

from articles.parsing import TITLE_LIMIT, parse_text


def test_long_first_sentence_is_cut_at_a_phrase_boundary_under_100_characters():
    sentence = (
        "The regional council of the northern lake district voted on Tuesday "
        "evening to extend the seasonal ferry timetable by three weeks so that "
        "late visitors can reach the outer islands"
    )
    article = parse_text(f"{sentence}. A second sentence.")
    assert len(article.title) <= 100
    assert article.title == (
        "The regional council of the northern lake district voted on Tuesday evening"
    )
    assert sentence[len(article.title)] == " "


def test_long_main_clause_is_shortened_not_cut_with_an_ellipsis():
    # Invented, in the style of a Kyodo story: an aside after the subject and
    # who said it at the end leave the main clause alone over the limit.
    article = parse_text(
        "TOKYO, May 12 (Kyodo) -- Minato Heavy Industries Co, the Kobe-based maker "
        "of ship engines and industrial boilers, will build a 40 billion yen "
        "hydrogen turbine plant in Hyogo Prefecture by 2030, the company said "
        "Monday.\n\nThe plant will employ 600 people."
    )
    assert article.dateline == "TOKYO"
    assert article.title == (
        "Minato Heavy Industries Co will build a 40 billion yen hydrogen turbine "
        "plant in Hyogo Prefecture"
    )
    assert not article.title.endswith("…")


def test_short_first_sentence_is_the_title_without_its_full_stop():
    article = parse_text("A lobster died. The owner was sad.")
    assert article.title == "A lobster died"


def test_first_sentence_runs_past_abbreviations_and_initials():
    article = parse_text(
        "Dr. J. Reyes of St. Mary's joined on Nov. 3 as head. She starts soon."
    )
    assert article.title == "Dr. J. Reyes of St. Mary's joined on Nov. 3 as head"


def test_word_longer_than_the_limit_is_cut_hard():
    article = parse_text("x" * 500)
    assert article.title == "x" * (TITLE_LIMIT - 1) + "…"
