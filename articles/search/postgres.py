"""PostgreSQL full-text search over the articles_search table (migration 0002)."""

from django.db import connection
from django.db.models import BooleanField, F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from .base import MARK_END, MARK_START, Highlight, SearchBackend, compile_tree
from .query import ParsedQuery

# ts_headline reads the whole text it is given; long articles are cut first so
# a snippet never costs more than this many characters of work. It also drops
# anything shaped like an HTML tag, so angle brackets are swapped for look-alike
# quotation marks first: the reader still sees what the article says.
HEADLINE_INPUT_CHARS = 20_000
SNIPPET_OPTIONS = (
    f'StartSel="{MARK_START}", StopSel="{MARK_END}", '
    'MaxFragments=1, MaxWords=40, MinWords=20, FragmentDelimiter=" … "'
)
TITLE_OPTIONS = f'StartSel="{MARK_START}", StopSel="{MARK_END}", HighlightAll=true'
# ts_rank weights for D, C, B, A labels: the headline (A) counts most.
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"


def to_tsquery(query: ParsedQuery) -> str:
    """The to_tsquery() text for a parsed query; every lexeme is quoted."""
    return compile_tree(
        query.tree,
        term=lambda t: f"'{t.word}'" + (":*" if t.prefix else ""),
        phrase=lambda p: "(" + " <-> ".join(f"'{w}'" for w in p.words) + ")",
        both=lambda parts: (
            parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"
        ),
        either=lambda parts: "(" + " | ".join(parts) + ")",
        exclude=lambda kept, dropped: (
            "(" + " & ".join([kept, *(f"!{d}" for d in dropped)]) + ")"
        ),
    )


TSQUERY = "to_tsquery('english'::regconfig, %s)"


class PostgresSearchBackend(SearchBackend):
    vendor = "postgresql"

    def search(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        if not query:
            return queryset.none()
        tsquery = to_tsquery(query)
        return (
            queryset.filter(search_document__isnull=False)
            .filter(
                RawSQL(
                    f"articles_search.document @@ {TSQUERY}",
                    [tsquery],
                    output_field=BooleanField(),
                )
            )
            .annotate(
                rank=RawSQL(
                    f"ts_rank('{RANK_WEIGHTS}', articles_search.document, {TSQUERY})",
                    [tsquery],
                    output_field=FloatField(),
                )
            )
            .order_by("-rank", F("published").desc(nulls_last=True), "-id")
        )

    def highlight(self, articles, query: ParsedQuery) -> dict[int, Highlight]:
        ids = [a.pk for a in articles]
        if not query or not ids:
            return {}
        sql = (
            "SELECT a.id, "
            "ts_headline('english'::regconfig, translate(a.title, '<>', '‹›'), q, %s), "
            "ts_headline('english'::regconfig, "
            "translate(left(a.body, %s), '<>', '‹›'), q, %s) "
            f"FROM articles_article a, {TSQUERY} q WHERE a.id = ANY(%s)"
        )
        params = [
            TITLE_OPTIONS,
            HEADLINE_INPUT_CHARS,
            SNIPPET_OPTIONS,
            to_tsquery(query),
            ids,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {
                row[0]: Highlight(title=row[1], snippet=row[2])
                for row in cursor.fetchall()
            }

    def rebuild(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE articles_search")
            cursor.execute(
                "INSERT INTO articles_search (rowid, document) "
                "SELECT id, articles_search_document(title, body) FROM articles_article"
            )
            cursor.execute("ANALYZE articles_search")

    def count_mismatches(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM articles_article a "
                "FULL JOIN articles_search s ON s.rowid = a.id "
                "WHERE a.id IS NULL OR s.rowid IS NULL "
                "OR s.document <> articles_search_document(a.title, a.body)"
            )
            return cursor.fetchone()[0]
