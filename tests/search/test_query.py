"""The query language: parse_query's trees, notes and reading, and the queries
the backends compile from them."""

import pytest

from articles.search import parse_query
from articles.search.backends.postgres import to_tsquery
from articles.search.backends.sqlite import to_match
from articles.search.query import And, Not, Or, Phrase, Term
from tests.search import HOSTILE_QUERIES


class TestParseQuery:
    def test_words_are_all_required(self):
        assert parse_query("north korea").tree == And((Term("north"), Term("korea")))

    def test_quoted_words_are_a_phrase(self):
        assert parse_query('"north korea"').tree == Phrase(("north", "korea"))

    def test_or_binds_looser_than_and(self):
        tree = parse_query("seoul tokyo OR beijing").tree
        assert tree == Or((And((Term("seoul"), Term("tokyo"))), Term("beijing")))

    def test_minus_and_not_exclude(self):
        expected = And((Term("korea"), Not(Term("china"))))
        assert parse_query("korea -china").tree == expected
        assert parse_query("korea NOT china").tree == expected

    def test_star_makes_a_prefix(self):
        assert parse_query("defect*").tree == Term("defect", prefix=True)

    def test_brackets_group(self):
        tree = parse_query("(seoul OR tokyo) ferry").tree
        assert tree == And((Or((Term("seoul"), Term("tokyo"))), Term("ferry")))

    def test_common_words_are_ignored_and_reported(self):
        parsed = parse_query("the ferry")
        assert parsed.tree == Term("ferry")
        assert parsed.ignored == ["the"]

    def test_exclusion_alone_is_explained_not_run(self):
        parsed = parse_query("-china")
        assert not parsed
        assert "at least one word" in parsed.notes[0]

    def test_unmatched_quote_degrades_to_words(self):
        parsed = parse_query('"unclosed phrase')
        assert parsed.tree == And((Term("unclosed"), Term("phrase")))
        assert parsed.notes

    def test_punctuated_word_is_a_phrase_of_its_parts(self):
        assert parse_query("U.S.").tree == Phrase(("u", "s"))

    def test_describe_reads_the_query_back_in_words(self):
        assert parse_query('"north korea" japan').describe() == (
            'the phrase "north korea" and japan'
        )

    @pytest.mark.parametrize("text", HOSTILE_QUERIES)
    def test_hostile_text_parses_without_error(self, text):
        parsed = parse_query(text)
        if parsed:
            assert to_match(parsed)
            assert to_tsquery(parsed)

    def test_compiled_queries_quote_every_word(self):
        parsed = parse_query('(seoul OR "north korea") defect* -china')
        assert (
            to_match(parsed)
            == '((("seoul" OR "north korea") AND "defect"*) NOT "china")'
        )
        assert to_tsquery(parsed) == (
            "((('seoul' | ('north' <-> 'korea')) & 'defect':*) & !'china')"
        )
