"""The end of a story: captions, credits, sign-offs and initials leave the body."""

import pytest

from articles.parsing import ParseError, parse_text
from tests.parsing import LEAD, lead_alone


def test_dpa_staff_initials_at_the_end_leave_the_body_and_name_the_source():
    article = parse_text("Trains ran late on Monday, the operator said.\n\ndpa grj rmo")
    assert article.paragraphs == ("Trains ran late on Monday, the operator said.",)
    assert article.source == "dpa"


@pytest.mark.parametrize(
    "caption",
    [
        "Photo shows the new bridge at dusk. (Kyodo)",
        "Photo taken on Nov. 20 shows Aiko Tanaka at the ferry terminal. (Kyodo)",
        "(Photo: the harbour at low tide)",
        "PHOTO: Firefighters at the scene on Monday.",
        "Firefighters at the scene on Monday. (AP Photo/Sam Ortiz)",
        "This file photo shows the Gyeongbu Expressway in snow. (Yonhap)",
        "This photo, provided by the Daegu city government, shows the new "
        "tram depot on Nov. 3. (Yonhap)",
        "This photo, carried by a state newspaper on Dec. 2, shows the new "
        "greenhouses. (Yonhap)",
    ],
)
def test_caption_goes_to_captions_as_written(caption):
    article = parse_text(f"{LEAD}\n\n{caption}\n\nThe work ends in May.")
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
    lead_alone(f"{LEAD}\n\n{trailer}\n")


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
    assert parse_text(f"{LEAD}\n\n{trailer}").source == source


def test_dateline_source_wins_over_the_signoff():
    assert parse_text(f"LONDON (Reuters) - {LEAD}\n\n==Kyodo").source == "Reuters"


@pytest.mark.parametrize(
    ("credit", "expected"),
    [
        (
            "(Reporting by Jane Doe; Editing by John Roe)",
            "Reporting by Jane Doe; Editing by John Roe",
        ),
        ("(Writing by Ann Lee)", "Writing by Ann Lee"),
        ("Additional reporting by Tom Fox", "Additional reporting by Tom Fox"),
        (
            "Associated Press writer Ana Diaz in Lima contributed to this report.",
            "Associated Press writer Ana Diaz in Lima contributed to this report.",
        ),
        (
            "AP writers Bo Sample and Cy Doe contributed reporting from Seoul.",
            "AP writers Bo Sample and Cy Doe contributed reporting from Seoul.",
        ),
    ],
)
def test_credits_leave_the_body_without_parentheses(credit, expected):
    assert lead_alone(f"{LEAD}\n\n{credit}").credits == expected


def test_a_contribution_said_in_the_story_is_body_text():
    text = (
        f"{LEAD}\n\nFarmers contributed to the report, the ministry said.\n\n"
        "Sales doubled."
    )
    assert "Farmers contributed" in parse_text(text).paragraphs[1]
    ending = f"{LEAD}\n\nThe port authority said tolls contributed to the deficit."
    assert parse_text(ending).credits == ""


def test_writing_by_in_the_middle_of_a_story_is_body_text():
    text = f"{LEAD}\n\nWriting by hand is back in fashion.\n\nSales doubled."
    assert parse_text(text).paragraphs[1] == "Writing by hand is back in fashion."


@pytest.mark.parametrize(
    "text", ["==Kyodo\n", "Reuter", "TOKYO, Nov. 20 (Kyodo) --\n\n==Kyodo"]
)
def test_file_with_only_a_signoff_has_no_article_text(text):
    with pytest.raises(ParseError, match="no article text left after"):
        parse_text(text)


def test_a_signoff_run_on_after_a_captions_credit_is_not_caption_text():
    article = parse_text(
        f"{LEAD}\n\nPhoto taken on Jan. 5 shows a ferry at the port of Nanao, "
        "central Japan. (Kyodo) ==Kyodo\n\nThe rest of the story follows here.\n"
    )
    assert article.captions == (
        "Photo taken on Jan. 5 shows a ferry at the port of Nanao, central Japan. "
        "(Kyodo)",
    )
    assert article.source == "Kyodo News"


def test_the_users_seed_caption_ends_with_its_credit(users_seed):
    from articles.parsing import parse_bytes

    (caption,) = parse_bytes(users_seed.read_bytes()).captions
    assert caption.endswith("(Kyodo)") and "==" not in caption


@pytest.mark.parametrize(
    "note",
    [
        "(Corrects spelling of the port operator's name in paragraph 4)",
        "(Adds comment from the finance ministry in paragraphs 6-7)",
        "(Refiles to add dropped word in headline)",
    ],
)
def test_a_service_note_to_editors_leaves_the_body(note):
    article = parse_text(f"{LEAD}\n\nThe work ends in May.\n\n{note}\n")
    assert article.paragraphs == (LEAD, "The work ends in May.")
