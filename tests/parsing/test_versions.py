"""Version markers on headlines and the advisory line of an update."""

import pytest

from articles.parsing import parse_text
from articles.parsing.versions import split_markers, take_advisory


@pytest.mark.parametrize(
    ("headline", "title", "markers"),
    [
        (
            "UPDATE 2-Toyota raises profit forecast",
            "Toyota raises profit forecast",
            ("UPDATE 2",),
        ),
        ("UPDATE 2 - Toyota raises forecast", "Toyota raises forecast", ("UPDATE 2",)),
        (
            "REFILE-Port strike ends in Rotterdam",
            "Port strike ends in Rotterdam",
            ("REFILE",),
        ),
        ("CORRECTED-Bank holds rates", "Bank holds rates", ("CORRECTED",)),
        ("CORRECTION: Bank holds rates", "Bank holds rates", ("CORRECTED",)),
        ("RPT-Ferry sinks off Jeju", "Ferry sinks off Jeju", ("REPEAT",)),
        ("REPEAT-Ferry sinks off Jeju", "Ferry sinks off Jeju", ("REPEAT",)),
        ("WRAPUP 1-Storm lashes coast", "Storm lashes coast", ("WRAPUP 1",)),
        ("URGENT: Quake hits Hokkaido", "Quake hits Hokkaido", ("URGENT",)),
        ("ALERT-Quake hits Hokkaido", "Quake hits Hokkaido", ("ALERT",)),
        ("NEWSALERT: Quake hits Hokkaido", "Quake hits Hokkaido", ("ALERT",)),
        ("BRIEF-Acme Corp names new CFO", "Acme Corp names new CFO", ("BRIEF",)),
        ("Storm lashes coast =2", "Storm lashes coast", ("TAKE 2",)),
        ("Storm lashes coast =3=", "Storm lashes coast", ("TAKE 3",)),
        (
            "CORRECTED - UPDATE 2-Heinz profit falls",
            "Heinz profit falls",
            ("CORRECTED", "UPDATE 2"),
        ),
        ("REFILE-UPDATE 1-Mine reopens", "Mine reopens", ("REFILE", "UPDATE 1")),
    ],
)
def test_markers_are_taken_off_the_headline_and_kept(headline, title, markers):
    found, version = split_markers(headline)
    assert (found, version.markers) == (title, markers)


@pytest.mark.parametrize(
    "headline",
    [
        "Update on talks expected Friday",  # a word, not a marker
        "FACTBOX-What is at stake in the vote",  # a genre, part of the headline
        "INSTANT VIEW-Jobs data beat forecasts",
        "EXCLUSIVE-Regulator to fine lender",
        "Rates = growth, says minister",
        "Alert issued as river rises",
    ],
)
def test_headlines_without_markers_stay_as_they_are(headline):
    assert split_markers(headline) == (headline, split_markers("x")[1])


@pytest.mark.parametrize("headline", ["UPDATE 1-", "URGENT", "REFILE-CORRECTED-"])
def test_a_headline_that_is_only_markers_leaves_no_title(headline):
    title, version = split_markers(headline)
    assert title == ""
    assert version.markers


def test_a_marker_only_headline_gets_a_title_from_the_story():
    article = parse_text(
        "UPDATE 1-\n\nLIMA (Reuters) - Peru's central bank held its key rate at "
        "5 percent on Thursday, as analysts had expected.\n\nMore follows."
    )
    assert article.version == "UPDATE 1"
    assert article.title.startswith("Peru's central bank held its key rate")


def test_the_advisory_line_is_kept_apart_from_the_body():
    article = parse_text(
        "Title: UPDATE 2-Mill owner raises forecast\n\n"
        "(Adds analyst comment in paragraph 4, closing share price)\n\n"
        "OSLO, March 3 (Reuters) - The mill owner raised its forecast.\n\n"
        "Shares rose."
    )
    assert article.title == "Mill owner raises forecast"
    assert article.version == "UPDATE 2"
    assert article.advisory == (
        "Adds analyst comment in paragraph 4, closing share price"
    )
    assert article.paragraphs == ("The mill owner raised its forecast.", "Shares rose.")
    assert article.dateline == "OSLO"


def test_an_advisory_run_into_the_byline_and_dateline_is_taken_off_them():
    # As Reuters copy reads once its line breaks are gone.
    article = parse_text(
        "Title: Refiner cuts output\n\n"
        "(Corrects name of plant in paragraph 2) By Ana Beatriz Correia LISBON, "
        "May 4 (Reuters) - The refiner cut output at two plants on Monday.\n\n"
        "The second paragraph."
    )
    assert article.advisory == "Corrects name of plant in paragraph 2"
    assert article.byline == "Ana Beatriz Correia"
    assert article.dateline == "LISBON"
    assert article.paragraphs[0] == "The refiner cut output at two plants on Monday."


def test_an_advisory_with_brackets_inside_is_read_whole():
    advisory, rest = take_advisory(
        [["(Updates with closing prices (paragraphs 8-11), adds quote)"], ["Body."]]
    )
    assert advisory == "Updates with closing prices (paragraphs 8-11), adds quote"
    assert rest == [["Body."]]


def test_an_editors_note_of_an_update_is_the_advisory():
    advisory, rest = take_advisory([["Eds: UPDATES with police statement"], ["Body."]])
    assert advisory == "UPDATES with police statement"
    assert rest == [["Body."]]


def test_markup_in_an_advisory_is_kept_as_text():
    article = parse_text(
        "Title: Port reopens\n\n"
        "(Adds <script>alert(1)</script> comment)\n\n"
        "PIRAEUS (Reuters) - The port reopened."
    )
    assert article.advisory == "Adds <script>alert(1)</script> comment"


def test_a_bracketed_sentence_in_the_body_is_not_an_advisory():
    article = parse_text(
        "Title: Council votes\n\n"
        "DUBLIN (Reuters) - The council voted on Monday.\n\n"
        "(The vote was the third this year.)"
    )
    assert article.advisory == ""
    assert article.paragraphs[-1] == "(The vote was the third this year.)"
