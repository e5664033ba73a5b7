"""PostgreSQL full-text search over the articles_search table (migration 0002).

Matching uses the GIN-indexed tsvectors. Ranking gives the same order as
SQLite: PostgreSQL has no BM25, so the best CANDIDATES matches by ts_rank are
scored again with exactly the BM25 that FTS5's bm25() computes (same weights,
k1 and b, same statistics), and those come first. Deeper pages keep the
ts_rank order.
"""

import math

from django.db import connection
from django.db.models import BooleanField, F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from .base import ENTRY, SearchBackend, Template, compile_tree, leaves
from .query import ParsedQuery, Phrase, Term
from .sqlite import WEIGHTS
from .text import stem

CANDIDATES = 200
K1, B = 1.2, 0.75  # as in FTS5's bm25()
TSQUERY = "to_tsquery('simple'::regconfig, %s)"
# ts_rank's weights for the D, C, B, A labels: C the rest, B the lead, A the
# headline, in the proportions of WEIGHTS.
COARSE_WEIGHTS = [
    0.0,
    WEIGHTS["rest"] / 10,
    WEIGHTS["lead"] / 10,
    WEIGHTS["title"] / 10,
]


def _lexeme(word: str, prefix: bool = False, title: bool = False) -> str:
    """'word', 'word':*, 'word':A or 'word':*A."""
    label = ("*" if prefix else "") + ("A" if title else "")
    return f"'{word}'" + (f":{label}" if label else "")


def _phrase(words, title=False) -> str:
    return "(" + " <-> ".join(_lexeme(w, title=title) for w in words) + ")"


def _joined(operator):
    return lambda parts: (
        parts[0] if len(parts) == 1 else f" {operator} ".join(parts).join("()")
    )


def to_tsquery(query: ParsedQuery) -> str:
    """The to_tsquery() text for a parsed query; every lexeme is quoted."""
    return compile_tree(
        query.tree,
        term=_lexeme,
        phrase=_phrase,
        both=_joined("&"),
        either=_joined("|"),
        exclude=lambda kept, dropped: _joined("&")([kept, *(f"!{d}" for d in dropped)]),
    )


def _pattern(leaf: Term | Phrase) -> str:
    """A regex finding a word or phrase in a SearchText column (stems, spaces)."""
    if isinstance(leaf, Term) and leaf.prefix:
        return f"(?<![^ ]){leaf.word}[^ ]*"
    words = [leaf.word] if isinstance(leaf, Term) else list(leaf.words)
    return "(?<![^ ])" + " ".join(stem(w) for w in words) + "(?![^ ])"


def _leaf_tsquery(leaf: Term | Phrase, title: bool) -> str:
    if isinstance(leaf, Term):
        word = leaf.word if leaf.prefix else stem(leaf.word)
        return _lexeme(word, leaf.prefix, title)
    return _phrase([stem(w) for w in leaf.words], title)


def _idf(cursor, tsquery: str, rows: int) -> float:
    """FTS5's inverse document frequency of one word or phrase."""
    cursor.execute(
        f"SELECT count(*) FROM articles_search WHERE articles_search @@ {TSQUERY}",
        [tsquery],
    )
    hits = cursor.fetchone()[0]
    idf = math.log((rows - hits + 0.5) / (hits + 0.5)) if rows else 0.0
    return idf if idf > 0 else 1e-6


class PostgresSearchBackend(SearchBackend):
    vendor = "postgresql"

    def search(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        if not query:
            return queryset.none()
        tsquery = RawSQL(TSQUERY, [to_tsquery(query)])
        matched = queryset.filter(search_document__isnull=False).filter(
            Template("{0} @@ {1}", ENTRY, tsquery, output_field=BooleanField())
        )
        # ts_rank of any of the words sought, as BM25 sums over them;
        # ts_rank of the query itself goes astray with exclusions.
        sought = " | ".join(
            _leaf_tsquery(leaf, title) for leaf, title in leaves(query.tree)
        )
        coarse = Template(
            "ts_rank({0}, {1}, {2})",
            RawSQL("%s::float4[]", [COARSE_WEIGHTS]),
            ENTRY,
            RawSQL(TSQUERY, [sought]),
            output_field=FloatField(),
        )
        newest = F("published").desc(nulls_last=True)
        candidates = list(
            matched.annotate(coarse=coarse)
            .order_by("-coarse", newest, "-id")
            .values_list("pk", flat=True)[:CANDIDATES]
        )
        scores = self._bm25(candidates, query)
        rank = Template(
            "COALESCE({0}[array_position({1}, {2})], {3} - 1e9)",
            RawSQL("%s::float8[]", [[scores.get(pk, 0.0) for pk in candidates]]),
            RawSQL("%s::bigint[]", [candidates]),
            F("pk"),
            coarse,
            output_field=FloatField(),
        )
        return matched.annotate(rank=rank).order_by("-rank", newest, "-id")

    def _bm25(self, ids: list[int], query: ParsedQuery) -> dict[int, float]:
        """FTS5's bm25() for these articles, rounded as the SQLite backend rounds."""
        if not ids:
            return {}
        phrases = leaves(query.tree)
        counted = []  # (phrase number, column, regex): one regexp_count each
        for n, (leaf, title_only) in enumerate(phrases):
            for column in ("title",) if title_only else WEIGHTS:
                counted.append((n, column, _pattern(leaf)))
        columns = ", ".join(f"regexp_count({column}, %s)" for _, column, _ in counted)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), coalesce(sum(length), 0) FROM articles_searchtext"
            )
            rows, tokens = cursor.fetchone()
            idf = [
                _idf(cursor, _leaf_tsquery(leaf, title), rows)
                for leaf, title in phrases
            ]
            cursor.execute(
                f"SELECT article_id, length, {columns} "
                "FROM articles_searchtext WHERE article_id = ANY(%s)",
                [*(pattern for _, _, pattern in counted), ids],
            )
            fetched = cursor.fetchall()
        avgdl = tokens / rows if rows else 1.0
        scores = {}
        for article_id, length, *found in fetched:
            freq = [0.0] * len(phrases)
            for (n, column, _), count in zip(counted, found, strict=True):
                freq[n] += WEIGHTS[column] * count
            norm = K1 * (1 - B + B * length / avgdl)
            score = sum(
                w * f * (K1 + 1) / (f + norm) for w, f in zip(idf, freq, strict=True)
            )
            scores[article_id] = round(score, 6)
        return scores

    def optimize(self) -> None:
        self.refresh_vocabulary()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_searchtext")
            cursor.execute("ANALYZE articles_search")

    def engine_mismatches(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM articles_searchtext t "
                "FULL JOIN articles_search s ON s.rowid = t.article_id "
                "WHERE t.article_id IS NULL OR s.rowid IS NULL "
                "OR s.articles_search <> "
                "articles_search_document(t.title, t.lead, t.rest)"
            )
            return cursor.fetchone()[0]

    def refresh_vocabulary(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM articles_search_vocab")
            cursor.execute(
                "INSERT INTO articles_search_vocab (term, doc) "
                "SELECT word, ndoc "
                "FROM ts_stat('SELECT articles_search FROM articles_search')"
            )
