"""Hits marked in the text and the snippet with the most of them."""

import pytest

from articles.search import highlight as highlight_module
from articles.search import parse_query
from articles.search.highlight import highlight, snippet
from articles.search.marks import MARK_END, MARK_START

pytestmark = pytest.mark.django_db


def test_phrase_is_marked_as_one_phrase():
    query = parse_query('"north korea"')
    text = "Talks between North Korea and the north of Korea."
    assert highlight(text, query) == (
        f"Talks between {MARK_START}North Korea{MARK_END} and the north of Korea."
    )


def test_snippet_is_the_passage_with_most_hits():
    body = (
        " ".join(["filler"] * 200) + " volcano ash volcano " + " ".join(["more"] * 200)
    )
    text = snippet(body, parse_query("volcano"))
    assert text.count(MARK_START) == 2
    assert text.startswith("… ") and text.endswith(" …")


@pytest.mark.parametrize(
    "query",
    ["die", "dying", "lie*", "o", "oil*", '"oil price"', '"oil prices" OR run', "us"],
)
def test_snippets_of_plain_ascii_text_match_the_word_by_word_reading(
    query, monkeypatch
):
    # Plain ASCII bodies take a faster path (highlight._AsciiWords); it must
    # choose and mark the same passage as reading the tokens one by one.
    texts = [
        "",
        "  (Dying) lies, tying ties; oing o. Oil-prices rose: oil price, U.S. oil "
        "PRICES priced__oil_price 2020 " + "x" * 70 + " running ran. " * 3,
        " ".join(["filler"] * 50) + " the oil price fell " + "more " * 60 + "die",
    ]
    parsed = parse_query(query)
    fast = [snippet(text, parsed, size=size) for text in texts for size in (36, 3)]

    class WordByWord:
        too_long = True

        def __init__(self, text):
            pass

    monkeypatch.setattr(highlight_module, "_AsciiWords", WordByWord)
    assert fast == [
        snippet(text, parsed, size=size) for text in texts for size in (36, 3)
    ]


def test_snippet_cost_is_bounded_on_huge_articles():
    body = "word " * 2_000_000 + "needle"
    assert MARK_START not in snippet(body, parse_query("needle"))
