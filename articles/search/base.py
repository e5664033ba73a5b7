"""The contract every search backend implements, and what they share."""

from dataclasses import dataclass

from django.db.models import QuerySet

from .query import And, Node, Not, Or, ParsedQuery, Phrase, Term

# Hits are wrapped in these characters by the database, the text is then
# HTML-escaped, and only then are they turned into <mark> (see the
# `marked` template filter). Article text never contains them: the importer
# strips control characters.
MARK_START = "\x02"
MARK_END = "\x03"


@dataclass(frozen=True)
class Highlight:
    title: str
    snippet: str


class SearchBackend:
    """search() filters and ranks; highlight() marks hits on one page of results."""

    vendor = ""

    def search(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        """`queryset` narrowed to matching articles, annotated with `rank`
        (higher is better) and ordered best first, newest first among equals."""
        raise NotImplementedError

    def highlight(self, articles, query: ParsedQuery) -> dict[int, Highlight]:
        """Marked-up title and best passage for each of `articles`, by id."""
        raise NotImplementedError

    def rebuild(self) -> None:
        """Rebuild the whole index from the articles table."""
        raise NotImplementedError

    def count_mismatches(self) -> int:
        """Index entries that are missing, stale or without an article."""
        raise NotImplementedError


def compile_tree(node: Node, *, term, phrase, both, either, exclude) -> str:
    """Fold a query tree into a database's syntax, given how to write each node."""

    def walk(n):
        if isinstance(n, Term):
            return term(n)
        if isinstance(n, Phrase):
            return phrase(n)
        if isinstance(n, Or):
            return either([walk(c) for c in n.children])
        if isinstance(n, And):
            positives = [walk(c) for c in n.children if not isinstance(c, Not)]
            negatives = [walk(c.child) for c in n.children if isinstance(c, Not)]
            return exclude(both(positives), negatives) if negatives else both(positives)
        raise ValueError(f"cannot compile {n!r} on its own")

    return walk(node)
