"""SQLite FTS5 search over the articles_search table (migration 0002)."""

from django.db import DatabaseError, connection
from django.db.models import BooleanField, F, FloatField, QuerySet, Value

from .base import ENTRY, SearchBackend, Template, compile_tree
from .query import ParsedQuery

# bm25 column weights: a hit in the headline counts ten times one in the body,
# the first paragraph twice. PostgresSearchBackend uses the same numbers.
WEIGHTS = {"title": 10.0, "lead": 2.0, "rest": 1.0}


def _quoted(words, prefix=False):
    return '"' + " ".join(words) + '"' + ("*" if prefix else "")


def to_match(query: ParsedQuery) -> str:
    """The FTS5 MATCH expression for a parsed query; every word is quoted."""
    return compile_tree(
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


class SQLiteSearchBackend(SearchBackend):
    vendor = "sqlite"

    def search(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        if not query:
            return queryset.none()
        weights = ", ".join(str(w) for w in WEIGHTS.values())
        return (
            queryset.filter(search_document__isnull=False)
            .filter(
                Template(
                    "{0} MATCH {1}",
                    ENTRY,
                    Value(to_match(query)),
                    output_field=BooleanField(),
                )
            )
            .annotate(
                # Rounded so that PostgreSQL, which recomputes the same score
                # in another order of operations, breaks ties the same way.
                rank=Template(
                    f"round(-bm25({{0}}, {weights}), 6)",
                    ENTRY,
                    output_field=FloatField(),
                )
            )
            .order_by("-rank", F("published").desc(nulls_last=True), "-id")
        )

    def optimize(self) -> None:
        # 'rebuild' reads every row of articles_searchtext afresh, so it also
        # repairs an index that drifted or was damaged.
        with connection.cursor() as cursor:
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
