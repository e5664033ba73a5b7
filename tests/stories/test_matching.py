"""The "same story?" rule on pairs written in wire style: what each piece
of evidence allows, and the kinds of different stories it keeps apart."""

import datetime

from articles.stories.matching import Candidate, looks_like_codes, match
from articles.stories.signatures import signature

T0 = datetime.datetime(2024, 3, 4, 9, 0, tzinfo=datetime.UTC)

ENTRIES = [
    f"{day}: the finance ministry of Vardenia announced measure number {n}, "
    f"covering pensions, public wages and the sales tax rate for {year}."
    for n, (day, year) in enumerate(
        [("Jan. 3", 2024), ("Jan. 19", 2025), ("Feb. 2", 2026), ("Feb. 20", 2027)] * 3
    )
]


def candidate(pk, title, body, hours=0.0):
    return Candidate(pk, signature(title, body), T0 + datetime.timedelta(hours=hours))


def same(new, old):
    return match(new, old) is not None


def test_a_factbox_reissued_the_next_day_with_a_new_peg_is_another_story():
    first = "\n\n".join(["Parliament meets on Tuesday to vote on cuts."] + ENTRIES)
    later = "\n\n".join(
        ["The cabinet approved the package on Thursday."]
        + ENTRIES[:8]
        + ["March 1: pensions frozen for two years, the ministry said."]
    )
    old = candidate(1, "FACTBOX-Vardenia's austerity measures", first)
    new = candidate(2, "FACTBOX-Vardenia's austerity measures", later, hours=30)
    assert not same(new, old)
    # The same factbox re-sent that evening is the same story.
    assert same(candidate(3, "FACTBOX-Vardenia's austerity measures", later, 8), old)
    # Re-sent days later with nothing changed, it is still the same.
    assert same(candidate(4, "FACTBOX-Vardenia's austerity measures", first, 40), old)


DIVIDEND = "Qtly div 12 cts vs 12 cts prior, payable April 1, record March 15."


def test_one_line_templates_for_two_companies_are_two_stories():
    old = candidate(1, "Harbour Mills sets quarterly dividend", DIVIDEND)
    new = candidate(
        2,
        "Kestrel Foods sets quarterly dividend",
        "Qtly div 12 cts vs 12 cts prior, payable April 1, record March 16.",
        hours=0.1,
    )
    assert not same(new, old)
    # The same line again under its own headline is a copy.
    again = candidate(3, "Harbour Mills sets quarterly dividend", DIVIDEND, hours=2)
    assert same(again, old)


def test_a_headline_of_topic_codes_is_no_evidence():
    codes = "OLRTXT DBT FUND MMT GVD FINS BNK INS MCE"
    assert looks_like_codes(signature(codes, "x").headline)
    assert not looks_like_codes(signature("Fed adds 6 bln in reserves", "x").headline)
    old = candidate(1, codes, "The rescue fund will be ready by June, officials said.")
    new = candidate(
        2,
        codes,
        "Bond holders accepted the swap in large numbers, the agency said today.",
        hours=1,
    )
    assert not same(new, old)


def test_a_short_first_take_and_the_story_under_a_reworded_headline():
    alert = (
        "Regulators in Vardenia gave the card company Paywise six months to cut "
        "the fees it charges shops, the competition office said on Monday."
    )
    story = " ".join(
        [alert]
        + [
            f"Paragraph {n} of the full story quotes shop owners, analysts and "
            f"the company, which said in statement {n} it would appeal."
            for n in range(12)
        ]
    )
    rewritten = "Vardenia regulators give Paywise six months to cut fees"
    old = candidate(1, "Vardenia gives Paywise six months to cut fees", alert)
    assert same(candidate(2, rewritten, story, hours=3), old)
    # The same pair days apart is not one story.
    assert not same(candidate(3, rewritten, story, hours=80), old)
