"""Titles made from the first sentence of a story with no headline
(articles/parsing/titles.py), and the measure of them (bench/headlines.py).

Every sentence below is invented in the style of wire copy: people, firms,
places and figures.
"""

import re
from pathlib import Path

import pytest

from articles.parsing import TITLE_LIMIT, decode_bytes, parse_text, title_from_text
from articles.parsing.titles import TITLE_HARD_LIMIT
from bench.headlines import (
    baseline_title_from_text,
    ends_dangling,
    main,
    rouge1_f,
    rouge_tokens,
)

ROOT = Path(__file__).resolve().parents[2]
SHARED_SEED = ROOT.parent / "shared" / "seeds" / "000_4cc5cf96edb96563.txt"

DANGLING = {
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "with", "by", "from",
    "and", "or", "but", "as", "that", "which", "who", "its", "their", "his",
    "her", "is", "was", "were", "are", "be", "than", "into", "about", "said",
    "says", "mr", "mrs", "dr",
}  # fmt: skip

# (first sentence, the title made from it)
CLAUSE_CUTS = [
    (  # "after"
        "Shares of Northfield Grain Co fell 9 percent on Wednesday after the "
        "Kansas flour miller cut its annual forecast for the second time, "
        "blaming a poor wheat harvest.",
        "Shares of Northfield Grain Co fell 9 percent on Wednesday",
    ),
    (  # "when"
        "Traders pulled money out of Brazilian bonds for a third straight week "
        "when the central bank signaled that it would keep its benchmark rate "
        "on hold until the end of the year.",
        "Traders pulled money out of Brazilian bonds for a third straight week",
    ),
    (  # "which"
        "The port authority of Vellmar approved a 40 million euro dredging plan "
        "on Monday which will let larger container ships reach the inland "
        "terminal by the summer of 2027.",
        "The port authority of Vellmar approved a 40 million euro dredging plan "
        "on Monday",
    ),
    (  # ", saying"
        "Carrow Telecom shares jumped 14 percent in early trading on Tuesday, "
        "saying its board had received a takeover approach from a rival "
        "operator in Scandinavia.",
        "Carrow Telecom shares jumped 14 percent in early trading on Tuesday",
    ),
    (  # "amid"
        "Copper prices slid to a four-month low on Thursday amid worries that "
        "slowing factory activity in Asia will cut demand for the metal used in "
        "power and construction.",
        "Copper prices slid to a four-month low on Thursday",
    ),
    (  # an attribution at the end is dropped with what follows the cut
        "Harlow Motors will close its assembly plant in southern Ohio by the end "
        "of next year and move production to Mexico, the company said on Monday.",
        "Harlow Motors will close its assembly plant in southern Ohio by the end "
        "of next year",
    ),
    (  # a quote kept whole, closed
        'Airline chief Dana Whitcombe said on Thursday the carrier would "not '
        'survive another winter" without fresh capital from its shareholders, '
        "sending its shares to a record low.",
        'Airline chief Dana Whitcombe said on Thursday the carrier would "not '
        'survive another winter"',
    ),
    (  # figures with decimals, and a list of figures is not a list of names
        "Consumer prices in the euro zone rose 2.4 percent in March from a year "
        "earlier, up from 2.1 percent in February, as energy costs climbed for a "
        "third month running.",
        "Consumer prices in the euro zone rose 2.4 percent in March from a year "
        "earlier",
    ),
    (  # abbreviations do not end the sentence
        "U.S. regulator Mr. J. Hollis fined Danforth Bank $12.5 million on "
        "Tuesday for failing to report suspicious transfers by clients in "
        "three states.",
        "U.S. regulator Mr. J. Hollis fined Danforth Bank $12.5 million on Tuesday",
    ),
    (  # a subject and its aside are not cut apart from the verb
        "Kestrel Mining, the world's fifth-largest producer of nickel, said on "
        "Monday it would cut 2,000 jobs at its Australian mines because of "
        "falling prices.",
        "Kestrel Mining, the world's fifth-largest producer of nickel, said on "
        "Monday it would cut 2,000 jobs",
    ),
    (  # an opening phrase is not a title by itself
        "After two years of talks with unions and regulators, Pellworth Foods "
        "agreed on Friday to sell its frozen pizza business to a private equity "
        "group for $1.2 billion.",
        "After two years of talks with unions and regulators, Pellworth Foods "
        "agreed on Friday",
    ),
    (  # half a list of names is not a title
        "The finance ministers of Germany, France, Italy and Spain met in "
        "Brussels on Sunday to agree on the terms of a rescue loan for the "
        "troubled regional lender.",
        "The finance ministers of Germany, France, Italy and Spain met in "
        "Brussels on Sunday",
    ),
]

# (first sentence, the title made from it) where the main clause alone is longer
# than TITLE_LIMIT: the sentence is shortened as a headline writer would, then
# cut where a clause or phrase ends, up to TITLE_HARD_LIMIT if need be.
SHORTENED = [
    (  # an aside after the subject and who said it
        "Hokuriku Shipbuilding Co, the country's third-largest builder of bulk "
        "carriers and liquefied gas tankers, will close its dry dock in Niigata "
        "by the end of March, the company said on Tuesday.",
        "Hokuriku Shipbuilding Co will close its dry dock in Niigata by the end of "
        "March",
    ),
    (  # an aside in brackets and who said it
        "Norrland Paper said it would cut 1,200 jobs and close two of its oldest "
        "packaging board mills in northern Sweden at a cost of 3.2 billion crowns "
        "(about $310 million), the company said on Thursday.",
        "Norrland Paper said it would cut 1,200 jobs and close two of its oldest "
        "packaging board mills",
    ),
    (  # "said on Tuesday that": what was said is kept
        "The chief executive of state-run Korea Western Power Corp said on Tuesday "
        "that the utility would stop burning coal at all four of its remaining "
        "plants on the west coast within eight years.",
        "The chief executive of state-run Korea Western Power Corp said the "
        "utility would stop burning coal",
    ),
    (  # an aside between dashes, and who said it
        "Shipping group Tavira Maritima -- which lost two container vessels in a "
        "typhoon last year -- will buy six second-hand feeder ships from a Greek "
        "owner for 140 million euros, two people familiar with the deal said.",
        "Shipping group Tavira Maritima will buy six second-hand feeder ships from "
        "a Greek owner",
    ),
    (  # a relative clause as an aside after a name
        "Marta Olsen, who led the ethics council of the Norwegian sovereign wealth "
        "fund for nine years before joining the central bank, was named the next "
        "governor of Norges Bank on Friday.",
        "Marta Olsen was named the next governor of Norges Bank",
    ),
    (  # where it was said, and the day
        "The chief executive of the Dutch lender Rabo Hypotheken said in an "
        "interview published on Sunday that rising mortgage arrears among "
        "first-time buyers in the eastern provinces were manageable.",
        "The chief executive of the Dutch lender Rabo Hypotheken said rising "
        "mortgage arrears among first-time buyers in the eastern provinces were "
        "manageable",
    ),
    (  # a main clause of 140 characters: cut past TITLE_LIMIT, before "after"
        "The long-delayed sale of the state-owned Baltic ferry operator Nordlys "
        "Linjer to a consortium led by two Danish pension funds finally closed on "
        "Friday after regulators in Brussels dropped their last objections.",
        "The long-delayed sale of the state-owned Baltic ferry operator Nordlys "
        "Linjer to a consortium led by two Danish pension funds finally closed",
    ),
    (  # an opening time phrase, then a cut past TITLE_LIMIT
        "On Wednesday, shareholders of the family-controlled Portuguese cork maker "
        "Amorim Cortes voted to delist the company's shares from the Lisbon "
        "exchange after 40 years.",
        "Shareholders of the family-controlled Portuguese cork maker Amorim Cortes "
        "voted to delist the company's shares",
    ),
    (  # an aside of a list after the subject
        "Kestrel Mining, the world's fifth-largest producer of nickel and a major "
        "supplier of cobalt to battery makers in China, Japan and South Korea, "
        "said on Monday it would cut 2,000 jobs at its Australian mines.",
        "Kestrel Mining said it would cut 2,000 jobs at its Australian mines",
    ),
]

# One noun phrase and a verb: no boundary at all, but under TITLE_HARD_LIMIT.
NO_BOUNDARY = (
    "The long-awaited twenty-three-storey glass-and-steel riverside headquarters "
    "tower of the Lower Rhine regional savings bank association opened."
)
# The same, longer than TITLE_HARD_LIMIT: the one case left for a word cut.
NO_BOUNDARY_LONG = (
    "The long-awaited twenty-three-storey glass-and-steel riverside headquarters "
    "tower of the Lower Rhine regional savings bank association's newly merged "
    "cooperative mortgage lending subsidiary finally opened."
)


def _sentence(text: str) -> str:
    return text.removesuffix(".")


def _assert_reads_as_a_title(title: str) -> None:
    assert 0 < len(title) <= TITLE_HARD_LIMIT
    if title.endswith("…"):  # a word cut fits TITLE_LIMIT
        assert len(title) <= TITLE_LIMIT
    kept = title.removesuffix("…")
    last = kept.split()[-1].strip("\"'“”‘’()[],;:.!?").lower()
    assert last not in DANGLING
    assert not kept.endswith((",", ";", ":", "-", " "))


def _assert_is_a_good_title(title: str, sentence: str) -> None:
    _assert_reads_as_a_title(title)
    assert sentence.startswith(title.removesuffix("…"))


@pytest.mark.parametrize(("sentence", "expected"), CLAUSE_CUTS)
def test_long_first_sentence_is_cut_at_its_last_clause_boundary(sentence, expected):
    title = title_from_text(f"{sentence} A second sentence follows.")
    assert title == expected
    _assert_is_a_good_title(title, sentence)
    assert sentence[len(title)] in " ,"  # the cut falls between words


@pytest.mark.parametrize(("sentence", "expected"), CLAUSE_CUTS)
def test_a_clause_cut_has_no_ellipsis(sentence, expected):
    assert not title_from_text(sentence).endswith("…")


@pytest.mark.parametrize(("sentence", "expected"), SHORTENED)
def test_long_main_clause_is_shortened_then_cut_with_no_ellipsis(sentence, expected):
    title = title_from_text(f"{sentence} A second sentence follows.")
    assert title == expected
    assert not title.endswith("…")
    _assert_reads_as_a_title(title)


def test_a_shortened_title_keeps_words_of_the_sentence_in_their_order():
    for sentence, _ in SHORTENED:
        words = re.findall(r"\w+", sentence.lower())  # "Shareholders" after "On..."
        position = 0
        for word in re.findall(r"\w+", title_from_text(sentence).lower()):
            assert word in words[position:], (word, sentence)
            position = words.index(word, position) + 1


def test_a_title_past_the_limit_is_made_only_when_nothing_shorter_reads_as_one():
    for sentence, expected in CLAUSE_CUTS + SHORTENED:
        title = title_from_text(sentence)
        assert title == expected
        if len(title) > TITLE_LIMIT:  # no cut within TITLE_LIMIT counted
            assert expected in [s for _, s in SHORTENED]


def test_one_long_noun_phrase_under_the_hard_limit_is_the_title_whole():
    title = title_from_text(NO_BOUNDARY)
    assert TITLE_LIMIT < len(title) <= TITLE_HARD_LIMIT
    assert title == NO_BOUNDARY.removesuffix(".")
    _assert_is_a_good_title(title, NO_BOUNDARY)


def test_one_long_noun_phrase_over_the_hard_limit_is_cut_at_a_word_with_an_ellipsis():
    assert len(NO_BOUNDARY_LONG) > TITLE_HARD_LIMIT
    title = title_from_text(NO_BOUNDARY_LONG)
    assert title == (
        "The long-awaited twenty-three-storey glass-and-steel riverside "
        "headquarters tower of the Lower…"
    )
    _assert_is_a_good_title(title, NO_BOUNDARY_LONG)
    assert NO_BOUNDARY_LONG[len(title) - 1] == " "


def test_source_and_tickers_are_not_in_the_title():
    title = title_from_text(
        "(Reuters) - Harlow Motors Inc ( HRLM.N ) and Danforth Bank DFB.N posted "
        "quarterly losses. A second sentence follows."
    )
    assert title == "Harlow Motors Inc and Danforth Bank posted quarterly losses"


def test_a_day_that_a_word_needs_is_kept_when_days_are_dropped():
    title = title_from_text(
        "The regional airline Aerolinhas Sulistas, which was rescued by the state "
        "during the pandemic, must repay 85 million euros of state loans by "
        "Friday, the finance ministry in Lisbon said on Monday."
    )
    assert title == (
        "The regional airline Aerolinhas Sulistas must repay 85 million euros of "
        "state loans by Friday"
    )


def test_the_word_cut_never_ends_on_a_dangling_word():
    sentence = (
        "The fund's newly appointed chief investment officer of the year award "
        "of the association of the friends of the city of the old town of the "
        "north is Ms Ada Lind."
    )
    title = title_from_text(sentence)
    assert title.endswith("…")
    _assert_is_a_good_title(title, sentence)


def test_a_word_longer_than_the_limit_is_cut_hard():
    assert title_from_text("x" * 500) == "x" * (TITLE_LIMIT - 1) + "…"


def test_very_short_sentence_is_the_title():
    assert title_from_text("Oil rose. Gold fell.") == "Oil rose"


def test_sentence_exactly_at_the_limit_is_kept_whole():
    sentence = (
        "The mayor of Dunmore signed the harbour budget into law on Friday after "
        "a debate that ran nine hours"
    )
    assert len(sentence) == TITLE_LIMIT
    assert title_from_text(f"{sentence}. The council rose.") == sentence


def test_sentence_one_over_the_limit_is_cut_at_a_clause():
    sentence = (
        "The mayor of Dunmore signed the harbour budget into law on Friday after "
        "a debate that ran eight hours"
    )
    assert len(sentence) == TITLE_LIMIT + 1
    title = title_from_text(f"{sentence}. The council rose.")
    # The last clause boundary that fits: before "that", not before "after".
    assert title == (
        "The mayor of Dunmore signed the harbour budget into law on Friday after "
        "a debate"
    )


def test_a_cut_keeps_a_verb_not_a_subject_alone():
    sentence = (
        "Volvo Trucks, Scania and two smaller Nordic bus makers, all members of "
        "the regional transport association, on Monday jointly announced plans "
        "for a battery plant."
    )
    title = title_from_text(sentence)
    assert not title.endswith("…")
    assert " announced" in title
    _assert_reads_as_a_title(title)


def test_reuters_dateline_is_not_in_the_title():
    article = parse_text(
        "NEW YORK (Reuters) - Shares of Brightwater Energy rose 6 percent on "
        "Monday after the Texas pipeline operator agreed to buy a rival for "
        "$3.1 billion in cash, the companies said.\n\n"
        "The deal is expected to close in the third quarter."
    )
    assert article.dateline == "NEW YORK"
    assert article.title == "Shares of Brightwater Energy rose 6 percent on Monday"


def test_the_users_seed_title_is_the_clause_before_after():
    # The seed is read from shared/ at test time; its text is not ours to copy.
    if not SHARED_SEED.is_file():
        pytest.skip(f"the user's seed is not at {SHARED_SEED}")
    article = parse_text(decode_bytes(SHARED_SEED.read_bytes()))
    title, paragraph = article.title, article.paragraphs[0]
    assert not title.endswith("…")
    assert paragraph.startswith(title + " after ")
    assert re.search(r"\bin \d{4}$", title)  # "... in <year>", then "after ..."
    assert len(title) < TITLE_LIMIT
    # The old rule ended the same sentence mid-phrase, on "of" or "grandchild".
    assert baseline_title_from_text(paragraph).endswith("…")


def test_made_titles_never_end_dangling_on_generated_sentences():
    openers = ["after", "when", "which", "as", "while", "because", "amid", "and"]
    for n, opener in enumerate(openers):
        for length in range(60, 140, 7):
            words = ["Officials"] + ["reviewed"] + ["the"] + ["budget"] * 40
            head = " ".join(words)[:length].rsplit(" ", 1)[0]
            sentence = f"{head} {opener} the council of {n} towns met for hours"
            title = title_from_text(sentence + ".")
            _assert_is_a_good_title(title, sentence)


# --- the measure ------------------------------------------------------------------


def test_rouge_tokens_are_lower_case_runs_of_letters_and_figures():
    assert rouge_tokens("U.S. Stocks-Rise 2.5%!") == [
        "u",
        "s",
        "stocks",
        "rise",
        "2",
        "5",
    ]


def test_rouge1_f_of_identical_titles_is_one_and_of_disjoint_titles_zero():
    assert rouge1_f("Oil rises on supply fears", "oil RISES on supply fears") == 1.0
    assert rouge1_f("Oil rises", "Gold falls") == 0.0
    assert rouge1_f("", "Gold falls") == 0.0


def test_rouge1_f_is_the_harmonic_mean_of_unigram_precision_and_recall():
    # made: the x2, cat, sat, on, mat (6); real: the x2, cat, lay, on, mat (6);
    # overlap 5: precision 5/6, recall 5/6, F 5/6.
    assert rouge1_f("the cat sat on the mat", "the cat lay on the mat") == (
        pytest.approx(5 / 6)
    )
    # made: fed, cuts, rates (3); real: fed, holds, rates, cuts, nothing (5);
    # overlap 3: precision 1, recall 3/5, F 2 * 1 * 0.6 / 1.6 = 0.75.
    assert rouge1_f("Fed cuts rates", "Fed holds rates, cuts nothing") == (
        pytest.approx(0.75)
    )


def test_rouge1_f_clips_repeated_words_to_their_count_in_the_other_title():
    # made: the x3; real: the, cat. Overlap 1: P 1/3, R 1/2, F 0.4.
    assert rouge1_f("the the the", "the cat") == pytest.approx(0.4)


def test_ends_dangling_reads_the_last_word_before_any_ellipsis():
    assert ends_dangling("Shares fell after the…")
    assert ends_dangling("The grandchild of")
    assert not ends_dangling("Shares fell on Monday")


def test_benchmark_skips_cleanly_without_the_corpus(tmp_path, capsys):
    assert main(["--corpus", str(tmp_path / "absent.jsonl.xz")]) == 0
    assert "not found" in capsys.readouterr().out
