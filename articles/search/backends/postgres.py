"""PostgreSQL full-text search over the articles_search table (migration 0002).

Matching uses the GIN-indexed tsvectors. Ranking gives the same order as
SQLite: PostgreSQL has no BM25, so the best CANDIDATES matches by ts_rank are
scored again with exactly the BM25 that FTS5's bm25() computes (same weights,
k1 and b, same statistics), and those come first. Deeper pages keep the
ts_rank order.
"""

import datetime
import math
from array import array
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction
from django.db.models import BooleanField, F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from ...models import Article
from ..indexing import reindex_all
from ..query import InTitle, Not, Or, ParsedQuery, Phrase, Term, leaves
from ..results import SearchResults
from ..text import stem
from .base import (
    ENTRY,
    WEIGHTS,
    BudgetExceeded,
    SearchBackend,
    Template,
    compile_tree,
)

CANDIDATES = 250  # more than the facets count (articles.facets.FACET_HITS)
# How many articles hold each word or phrase, by (version of the index, query):
# counting a common word costs more than all the rest of a search. The version
# (articles_search_stats, migration 0005) changes with any change to the index.
_hits: dict[tuple[int, str], int] = {}
MAX_CACHED_HITS = 10_000
# With more matches than this (estimated), the candidates are the best by
# ts_rank among the newest POOL matches: ts_rank reads each document, which for
# a word in most of a large archive costs seconds. See docs/scaling.md.
POOL = 2_000
# The archive's publication dates, newest first, as day numbers, by version of
# the index: where the newest POOL matches begin is read from them rather than
# by walking the date index (which for some queries means most of it). A date
# corrected without a change to the index is seen at the next change: it only
# moves the pool's edge, itself an estimate.
_dates: dict[int, array] = {}
# Testing a document costs about SPARSE_POOL times reading a match from the
# GIN index: see search() for where that decides the plan.
SPARSE_POOL = 10
GIN_INDEX = "articles_search_document_gin"  # migration 0002
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


def _estimate(node, counts) -> int:
    """Matches of a query tree, estimated from the matches of its leaves."""
    if isinstance(node, InTitle):
        return _estimate(node.child, counts)
    if isinstance(node, Term | Phrase):
        return counts.get((node, False), counts.get((node, True), 0))
    if isinstance(node, Or):
        return sum(_estimate(c, counts) for c in node.children)
    kept = [_estimate(c, counts) for c in node.children if not isinstance(c, Not)]
    return min(kept, default=0)


def _newest_dates(version: int) -> array:
    """Every article's publication date, newest first, as of `version`."""
    dates = _dates.get(version)
    if dates is None:
        dated = Article.objects.filter(published__isnull=False)
        dates = array(
            "i",
            (
                day.toordinal()
                for day in dated.order_by("-published")
                .values_list("published", flat=True)
                .iterator(chunk_size=10_000)
            ),
        )
        _dates.clear()  # only the latest version is asked for
        _dates[version] = dates
    return dates


def _idf(cursor, tsquery: str, rows: int, version: int) -> float:
    """FTS5's inverse document frequency of one word or phrase."""
    key = (version, tsquery)
    hits = _hits.get(key)
    if hits is None:
        cursor.execute(
            f"SELECT count(*) FROM articles_search WHERE articles_search @@ {TSQUERY}",
            [tsquery],
        )
        hits = cursor.fetchone()[0]
        if len(_hits) >= MAX_CACHED_HITS:
            _hits.clear()
        _hits[key] = hits
    # Read in different snapshots while an import commits, `hits` can exceed
    # `rows`: a word in (more than) every article gets the floor, as in FTS5.
    above = rows - hits + 0.5
    idf = math.log(above / (hits + 0.5)) if rows and above > 0 else 0.0
    return idf if idf > 0 else 1e-6


class PostgresSearchBackend(SearchBackend):
    vendor = "postgresql"
    CLEAR_SEARCH_TEXT = "TRUNCATE articles_searchtext"

    def search(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        return self.results(queryset, query).queryset

    def matches(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        if not query:
            return queryset.none()
        return queryset.filter(
            pk__in=RawSQL(
                f"SELECT articles_search_matches({TSQUERY})", [to_tsquery(query)]
            )
        )

    def results(self, queryset: QuerySet, query: ParsedQuery) -> SearchResults:
        if not query:
            return SearchResults(queryset.none())
        text = to_tsquery(query)
        matched = self.matches(queryset, query)
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
        by_date = F("published").desc(nulls_last=True)
        # Tested document by document, the words of the candidates are found
        # through the GIN index, and only the pool's documents are read.
        pool = queryset.filter(search_document__isnull=False).filter(
            Template(
                "{0} @@ {1}",
                ENTRY,
                RawSQL(TSQUERY, [text]),
                output_field=BooleanField(),
            )
        )
        estimate, stats = self._estimate(query)
        archive = stats[0]
        pooled = False  # whether the candidates come from the newest matches only
        if estimate > POOL:
            # The newest articles among which about POOL match: ts_rank reads
            # every document it ranks.
            newest = _newest_dates(stats[2])
            position = max(0, min(archive, POOL * archive // estimate) - 1)
            if position < len(newest):
                since = datetime.date.fromordinal(newest[position])
                pool = pool.filter(published__gte=since)
                pooled = True
                if position * SPARSE_POOL < estimate:
                    # Far more matches than newest articles: take the ids of
                    # those first (an init plan, through the date index), then
                    # their documents by id, rather than every match's row
                    # from the GIN index joined with the dates.
                    newest_ids = queryset.filter(published__gte=since).order_by()
                    pool = pool.filter(
                        Template(
                            "{0} = ANY(ARRAY({1}))",
                            F("pk"),
                            newest_ids.values("pk").query,
                            output_field=BooleanField(),
                        )
                    )
        with connection.cursor() as cursor:
            # Planners take a sequential scan for a word in most articles,
            # not knowing that testing a document means decompressing it.
            cursor.execute("SET enable_seqscan = off")
            try:
                candidates = list(
                    pool.annotate(coarse=coarse)
                    .order_by("-coarse", by_date, "-id")
                    .values_list("pk", "published")[:CANDIDATES]
                )
            finally:
                cursor.execute("RESET enable_seqscan")
        scores = self._bm25([pk for pk, _ in candidates], query, stats)
        top = sorted(
            candidates,
            key=lambda c: (
                -scores.get(c[0], 0.0),
                c[1] is None,
                -(c[1].toordinal() if c[1] else 0),
                -c[0],
            ),
        )
        ids = [pk for pk, _ in top]
        rank = Template(
            "COALESCE({0}[array_position({1}, {2})], {3} - 1e9)",
            RawSQL("%s::float8[]", [[scores.get(pk, 0.0) for pk in ids]]),
            RawSQL("%s::bigint[]", [ids]),
            F("pk"),
            coarse,
            output_field=FloatField(),
        )
        results = matched.annotate(rank=rank).order_by("-rank", by_date, "-id")
        count_sql = None
        if not queryset.query.where:  # nothing but the search: count in the index
            count_sql = (f"SELECT articles_search_count({TSQUERY})", [text])
        return SearchResults(
            results,
            top=[(pk, scores.get(pk, 0.0)) for pk in ids],
            # Fewer than CANDIDATES are all the matches, unless from a pool.
            top_complete=len(ids) < CANDIDATES and not pooled,
            count_sql=count_sql,
        )

    def _estimate(self, query: ParsedQuery) -> tuple[int, tuple[int, int, int]]:
        """About how many articles match, from the vocabulary (no index read),
        and the archive's statistics: (articles, tokens, version)."""
        parts, params = [], []
        found = leaves(query.tree)
        for leaf, _ in found:
            if isinstance(leaf, Term) and leaf.prefix:
                parts.append("term >= %s AND term < %s")
                params += [leaf.word, leaf.word[:-1] + chr(ord(leaf.word[-1]) + 1)]
            else:
                words = [leaf.word] if isinstance(leaf, Term) else list(leaf.words)
                parts.append("term = ANY(%s)")
                params.append([stem(w) for w in words])
        columns = ", ".join(
            f"(SELECT coalesce(max(doc), 0) FROM articles_search_vocab WHERE {p})"
            for p in parts
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT articles, tokens, version, {columns} "
                "FROM articles_search_stats",
                params,
            )
            archive, tokens, version, *found_counts = cursor.fetchone()
        counts = dict(zip(found, found_counts, strict=True))
        return _estimate(query.tree, counts), (archive, tokens, version)

    def _bm25(self, ids: list[int], query: ParsedQuery, stats) -> dict[int, float]:
        """FTS5's bm25() for these articles, rounded as the SQLite backend rounds;
        `stats` are the archive's (articles, tokens, version)."""
        if not ids:
            return {}
        phrases = leaves(query.tree)
        counted = []  # (phrase number, column, regex): one regexp_count each
        for n, (leaf, title_only) in enumerate(phrases):
            for column in ("title",) if title_only else WEIGHTS:
                counted.append((n, column, _pattern(leaf)))
        columns = ", ".join(f"regexp_count({column}, %s)" for _, column, _ in counted)
        rows, tokens, version = stats
        with connection.cursor() as cursor:
            idf = [
                _idf(cursor, _leaf_tsquery(leaf, title), rows, version)
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

    def rebuild(self) -> int:
        with transaction.atomic(), connection.cursor() as cursor:
            # Row by row, the triggers would update the GIN index once per
            # article; the index table is refilled and reindexed at once.
            # ALTER TABLE refuses while foreign key checks wait for the end
            # of the transaction: run them now (Django's are all deferred).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE articles_searchtext DISABLE TRIGGER USER")
            written = reindex_all(clear=self.CLEAR_SEARCH_TEXT)
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE articles_searchtext ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(f"SELECT pg_get_indexdef('{GIN_INDEX}'::regclass)")
            definition = cursor.fetchone()[0]
            cursor.execute(f"DROP INDEX {GIN_INDEX}")
            cursor.execute("TRUNCATE articles_search")
            cursor.execute(
                "INSERT INTO articles_search (rowid, articles_search) "
                "SELECT article_id, articles_search_document(title, lead, rest) "
                "FROM articles_searchtext"
            )
            # Room to build the GIN index in memory (the default is 64 MB).
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute(definition)
            cursor.execute(
                "UPDATE articles_search_stats "
                "SET version = nextval('articles_search_version'), "
                "(articles, tokens) = (SELECT count(*), coalesce(sum(length), 0) "
                "FROM articles_searchtext)"
            )
        self.optimize()
        return written

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

    @contextmanager
    def time_budget(self, seconds: float):
        timeout = f"{max(1, int(seconds * 1000))}ms"
        if connection.in_atomic_block:
            # Inside a transaction a stopped statement spoils it: a savepoint
            # keeps that to the block, and SET LOCAL lasts until the outer
            # transaction ends, so the timeout is put back by hand.
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('statement_timeout', %s, true)", [timeout]
                    )
                    yield
                    cursor.execute("SELECT set_config('statement_timeout', '0', true)")
            except DatabaseError as exc:
                if "statement timeout" in str(exc):
                    raise BudgetExceeded from exc
                raise
            return
        # In autocommit (as pages are served) a stopped statement spoils
        # nothing: set the session's timeout and put it back, two statements
        # where a transaction would take four round trips.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('statement_timeout'), "
                "set_config('statement_timeout', %s, false)",
                [timeout],
            )
            before = cursor.fetchone()[0]
            try:
                yield
            except DatabaseError as exc:
                if "statement timeout" in str(exc):
                    raise BudgetExceeded from exc
                raise
            finally:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, false)", [before]
                )
