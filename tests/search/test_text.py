"""Words as search sees them: folding, splitting, stemming, positions."""

from articles.search.text import (
    MAX_WORD_LENGTH,
    fold,
    index_text,
    stem,
    stems,
    tokens,
    words,
)


def test_fold_lowers_case_and_drops_accents():
    assert fold("Café São Paulo") == "cafe sao paulo"
    assert fold("ÅLESUND") == "alesund"
    assert fold("Straße") == "strasse"  # casefold, as the index does


def test_words_split_on_anything_but_letters_and_digits():
    assert words("U.S.-China e-mail, 3.5% (Kobe)") == [
        "u", "s", "china", "e", "mail", "3", "5", "kobe",
    ]  # fmt: skip
    assert words("Zürich's über-rich") == ["zurich", "s", "uber", "rich"]
    assert words("") == []


def test_a_word_too_long_to_be_a_word_is_left_out():
    junk = "x" * (MAX_WORD_LENGTH + 1)
    assert words(f"ferry {junk} terminal") == ["ferry", "terminal"]
    assert words(f"fähre {junk}") == ["fahre"]


def test_stems_are_snowball_english_the_same_for_the_index_and_queries():
    assert stem("defectors") == stem("defector") == "defector"
    assert stems("Defectors defected") == ["defector", "defect"]
    assert index_text("The ferries sailed") == "the ferri sail"
    # Repeated calls give the same answer from the cache.
    assert stems("Defectors defected") == ["defector", "defect"]


def test_tokens_give_each_words_stem_and_where_it_stands():
    text = "Ferries sailed to Zürich."
    found = list(tokens(text))
    assert [t.stem for t in found] == ["ferri", "sail", "to", "zurich"]
    assert [text[t.start : t.end] for t in found] == [
        "Ferries",
        "sailed",
        "to",
        "Zürich",
    ]
    ascii_text = "Ferries sailed"
    assert [(t.start, t.end) for t in tokens(ascii_text)] == [(0, 7), (8, 14)]
