"""SQLite FTS5 search over the articles_search table (migration 0002)."""

from django.db import connection
from django.db.models import BooleanField, F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from .base import MARK_END, MARK_START, Highlight, SearchBackend, compile_tree
from .query import ParsedQuery

# bm25 column weights: a hit in the headline counts ten times one in the body.
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
SNIPPET_TOKENS = 40


def to_match(query: ParsedQuery) -> str:
    """The FTS5 MATCH expression for a parsed query; every token is quoted."""
    return compile_tree(
        query.tree,
        term=lambda t: f'"{t.word}"' + ("*" if t.prefix else ""),
        phrase=lambda p: '"' + " ".join(p.words) + '"',
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
        match = to_match(query)
        return (
            queryset.filter(search_document__isnull=False)
            .filter(
                RawSQL("articles_search MATCH %s", [match], output_field=BooleanField())
            )
            .annotate(
                rank=RawSQL(
                    f"-bm25(articles_search, {TITLE_WEIGHT}, {BODY_WEIGHT})",
                    [],
                    output_field=FloatField(),
                )
            )
            .order_by("-rank", F("published").desc(nulls_last=True), "-id")
        )

    def highlight(self, articles, query: ParsedQuery) -> dict[int, Highlight]:
        ids = [a.pk for a in articles]
        if not query or not ids:
            return {}
        placeholders = ", ".join(["%s"] * len(ids))
        sql = (
            "SELECT rowid, highlight(articles_search, 0, %s, %s), "
            "snippet(articles_search, 1, %s, %s, '…', %s) "
            "FROM articles_search WHERE articles_search MATCH %s "
            f"AND rowid IN ({placeholders})"
        )
        params = [
            MARK_START,
            MARK_END,
            MARK_START,
            MARK_END,
            SNIPPET_TOKENS,
            to_match(query),
            *ids,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {
                row[0]: Highlight(title=row[1], snippet=row[2])
                for row in cursor.fetchall()
            }

    def rebuild(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO articles_search(articles_search) VALUES ('rebuild')"
            )
            cursor.execute(
                "INSERT INTO articles_search(articles_search) VALUES ('optimize')"
            )

    def count_mismatches(self) -> int:
        # FTS5 compares its index with the content table when rank is 1.
        # https://www.sqlite.org/fts5.html#the_integrity_check_command
        from django.db import DatabaseError

        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO articles_search(articles_search, rank) "
                    "VALUES ('integrity-check', 1)"
                )
        except DatabaseError:
            return 1
        return 0
