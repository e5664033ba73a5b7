"""'Did you mean': spellings one edit away, from the archive's own words."""

from articles.search import parse_query
from articles.search.suggest import did_you_mean, known_words, word_counts
from articles.search.text import stem


class Vocabulary:
    """A backend's vocabulary: how many articles hold each stem."""

    def __init__(self, **counts):
        self.counts = {stem(word): n for word, n in counts.items()}

    def term_counts(self, terms):
        return {term: self.counts.get(term, 0) for term in terms}

    def known_terms(self, terms):
        return {term for term in terms if self.counts.get(term)}


ARCHIVE = Vocabulary(harbour=120, ferry=80, terminal=40, government=300, over=900)


def test_known_words_and_their_counts():
    query = parse_query('harbur ferry "terminal vote"')
    assert known_words(query, ARCHIVE) == {
        "harbur": False,
        "ferry": True,
        "terminal": True,
        "vote": False,
    }
    assert word_counts(query, ARCHIVE)["ferry"] == 80


def test_an_unknown_word_gets_the_common_spelling_one_edit_away():
    query = parse_query("harbur ferry")
    suggestion = did_you_mean(query, ARCHIVE, word_counts(query, ARCHIVE))
    assert suggestion.text == "harbour ferry"
    assert suggestion.words == (("harbur", "harbour"),)


def test_nothing_is_suggested_when_every_word_is_common_enough():
    query = parse_query("harbour ferry")
    assert did_you_mean(query, ARCHIVE, word_counts(query, ARCHIVE)) is None


def test_a_stop_word_or_a_short_word_is_never_suggested_or_corrected():
    # "ovr" is one edit from "over", in 900 articles, but a stop word; "ov"
    # is too short to correct.
    query = parse_query("ovr harbur ov")
    suggestion = did_you_mean(query, ARCHIVE, word_counts(query, ARCHIVE))
    assert suggestion.words == (("harbur", "harbour"),)
    assert suggestion.text == "ovr harbour ov"


def test_a_rare_spelling_is_corrected_only_towards_a_far_commoner_one():
    rare = Vocabulary(harbor=20, harbour=120)
    query = parse_query("harbor")
    assert did_you_mean(query, rare, word_counts(query, rare)) is None  # 6x
    rarer = Vocabulary(harbor=2, harbour=120)
    assert did_you_mean(query, rarer, word_counts(query, rarer)).text == "harbour"
