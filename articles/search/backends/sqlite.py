"""SQLite FTS5 search over the articles_search table (migration 0002)."""

import time
from contextlib import contextmanager
from functools import partial

from django.db import DatabaseError, connection, transaction
from django.db.models import BooleanField, F, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL

from ..indexing import reindex_all
from ..query import ParsedQuery
from ..results import PREFETCH, SearchResults
from . import base

# How many of the best matches _top() reads: more than PREFETCH, for ties.
TOP_ROWS = PREFETCH + 60

# FTS5 writes the terms it has gathered as a new segment of the index each
# time they reach 'hashsize' (1 MiB unless set), and merges the segments as
# they pile up. Building the whole index, 64 MiB of pending terms make a few
# large segments instead of thousands of small ones to merge: at 100,997
# articles 'rebuild' and 'optimize' took 8 s and 11 s instead of 64 s and 37 s.
# The setting is kept in the table, so it is put back for everyday writes.
# https://www.sqlite.org/fts5.html#the_hashsize_configuration_option
REBUILD_HASH_SIZE = 64 * 1024 * 1024
DEFAULT_HASH_SIZE = 1024 * 1024


@contextmanager
def _large_pending_terms(cursor):
    _set_hash_size(cursor, REBUILD_HASH_SIZE)
    yield
    _set_hash_size(cursor, DEFAULT_HASH_SIZE)


def _set_hash_size(cursor, size: int) -> None:
    cursor.execute(
        "INSERT INTO articles_search(articles_search, rank) VALUES ('hashsize', %s)",
        [size],
    )


def _quoted(words, prefix=False):
    return '"' + " ".join(words) + '"' + ("*" if prefix else "")


def to_match(query: ParsedQuery) -> str:
    """The FTS5 MATCH expression for a parsed query; every word is quoted."""
    return base.compile_tree(
        query.tree,
        term=lambda word, prefix, title: (
            ("title : " if title else "") + _quoted([word], prefix)
        ),
        phrase=lambda words, title: ("title : " if title else "") + _quoted(words),
        both=lambda parts: (
            parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"
        ),
        either=lambda parts: "(" + " OR ".join(parts) + ")",
        exclude=lambda kept, dropped: "(" + " NOT ".join([kept, *dropped]) + ")",
    )


def _weights() -> str:
    return ", ".join(str(w) for w in base.WEIGHTS.values())


def _top(
    match: str, weights: str, results: SearchResults
) -> tuple[list[tuple[int, float]] | None, bool]:
    """The best matches in order, ranked in the index alone, and whether they
    are all the matches; (None, False) if ties make that unsure.

    Ranked with the articles' dates (for ties), every match is looked up in
    articles_article: for a common word that costs more than ranking. Here
    the index ranks, and only the best TOP_ROWS are dated and put in order;
    rows tied with the last of them may be missing, so only those ranked
    above it are kept (at least PREFETCH, or none)."""
    if results.counted and results.counted[0] * 2 >= (results.counted[1] or 0):
        # In half the articles or more: FTS5 gives such a word the least
        # weight there is, so that ranks mostly tie and dates decide.
        return None, False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.rowid, t.rank, a.id, a.published FROM ("
            f"SELECT rowid, round(-bm25(articles_search, {weights}), 6) AS rank "
            "FROM articles_search WHERE articles_search MATCH %s "
            "ORDER BY rank DESC LIMIT %s"
            ") t LEFT JOIN articles_article a ON a.id = t.rowid",
            [match, TOP_ROWS],
        )
        rows = cursor.fetchall()
    complete = len(rows) < TOP_ROWS
    if not complete:
        lowest = min(rank for _, rank, _, _ in rows)
        rows = [row for row in rows if row[1] > lowest]
        if len(rows) < PREFETCH:
            return None, False
    rows = [row for row in rows if row[2] is not None]  # an article, as joined
    rows.sort(
        key=lambda r: (-r[1], r[3] is None, -(r[3].toordinal() if r[3] else 0), -r[0])
    )
    return [(pk, rank) for pk, rank, _, _ in rows], complete


class SQLiteSearchBackend(base.SearchBackend):
    vendor = "sqlite"

    def search(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        if not query:
            return queryset.none()
        return (
            queryset.filter(search_document__isnull=False)
            .filter(
                base.Template(
                    "{0} MATCH {1}",
                    base.ENTRY,
                    Value(to_match(query)),
                    output_field=BooleanField(),
                )
            )
            .annotate(
                # Rounded so that PostgreSQL, which recomputes the same score
                # in another order of operations, breaks ties the same way.
                rank=base.Template(
                    f"round(-bm25({{0}}, {_weights()}), 6)",
                    base.ENTRY,
                    output_field=FloatField(),
                )
            )
            .order_by("-rank", F("published").desc(nulls_last=True), "-id")
        )

    def matches(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        # The ids straight from the index, not joined with the articles' rows:
        # what is read of each match can then come from a narrow index.
        if not query:
            return queryset.none()
        return queryset.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM articles_search WHERE articles_search MATCH %s",
                [to_match(query)],
            )
        )

    def results(self, queryset: QuerySet, query: ParsedQuery) -> SearchResults:
        results = self.search(queryset, query)
        if not query or queryset.query.where:
            return SearchResults(results)
        # Nothing but the search: count in the index, and rank there first.
        match = to_match(query)
        return SearchResults(
            results,
            top=partial(_top, match, _weights()),
            # with the highest article id, an upper bound of their number,
            # for _top()
            count_sql=(
                "SELECT count(*), (SELECT max(id) FROM articles_article) "
                "FROM articles_search WHERE articles_search MATCH %s",
                [match],
            ),
        )

    def known_terms(self, terms: list[str]) -> set[str]:
        # fts5vocab counts a term's articles by reading its whole list of
        # them (milliseconds for a common word); the first match will do.
        if not terms:
            return set()
        exists = ", ".join(
            "EXISTS (SELECT 1 FROM articles_search WHERE articles_search MATCH %s)"
            for _ in terms
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {exists}", [_quoted([t]) for t in terms])
            found = cursor.fetchone()
        return {term for term, hit in zip(terms, found, strict=True) if hit}

    def rebuild(self) -> int:
        with transaction.atomic(), connection.cursor() as cursor:
            # The search text is rewritten with the triggers off, then FTS5
            # builds its index from it in one pass ('rebuild', which also
            # forgets any drift): twice as fast as indexing row by row, which
            # flushes and merges many small segments.
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'articles_searchtext' "
                "AND (name LIKE '%delete' OR name LIKE '%insert')"
            )
            triggers = cursor.fetchall()
            for name, _ in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            written = reindex_all(clear=self.CLEAR_SEARCH_TEXT)
            for _, sql in triggers:
                cursor.execute(sql)
            self.optimize()
            cursor.execute("PRAGMA optimize")
        return written

    def refresh_vocabulary(self) -> None:
        # fts5vocab is always up to date; this is the moment, after an import,
        # to refresh the planner's statistics where they went stale.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")

    def optimize(self) -> None:
        # 'rebuild' reads every row of articles_searchtext afresh, so it also
        # repairs an index that drifted or was damaged.
        with transaction.atomic(), connection.cursor() as cursor:
            with _large_pending_terms(cursor):
                cursor.execute(
                    "INSERT INTO articles_search(articles_search) VALUES ('rebuild')"
                )
                cursor.execute(
                    "INSERT INTO articles_search(articles_search) VALUES ('optimize')"
                )

    def engine_mismatches(self) -> int:
        # FTS5 compares its index with the content table when rank is 1.
        # https://www.sqlite.org/fts5.html#the_integrity_check_command
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO articles_search(articles_search, rank) "
                    "VALUES ('integrity-check', 1)"
                )
        except DatabaseError:
            return 1
        return 0

    @contextmanager
    def time_budget(self, seconds: float):
        connection.ensure_connection()
        deadline = time.monotonic() + seconds
        raw = connection.connection
        raw.set_progress_handler(lambda: time.monotonic() > deadline, 2000)
        try:
            yield
        except DatabaseError as exc:
            if "interrupted" in str(exc):
                raise base.BudgetExceeded from exc
            raise
        finally:
            raw.set_progress_handler(None, 0)
