"""The contract every search backend implements, and what they share.

A backend is picked by the database's vendor (backends/__init__.py); views,
filters and templates never branch on the database.
"""

from dataclasses import dataclass

from django.db.models import Expression, F, QuerySet

from ...models import SearchTerm, SearchText
from ..highlight import highlight, snippet
from ..indexing import reindex_all, stale_articles
from ..marks import MARK_START
from ..query import And, InTitle, Node, Not, Or, ParsedQuery, Phrase, Term
from ..results import SearchResults
from ..text import stem

# bm25 column weights: a hit in the headline counts ten times one in the body,
# the first paragraph twice. Both backends rank with them.
WEIGHTS = {"title": 10.0, "lead": 2.0, "rest": 1.0}


class BudgetExceeded(Exception):
    """A statement ran past its time budget and was stopped (time_budget)."""


class Template(Expression):
    """Raw SQL around compiled expressions: Template("-bm25({0})", F(...)).

    Unlike RawSQL, the expressions inside are resolved by Django, so a column
    is named by the alias the query gives its table, also in subqueries.
    Placeholders must appear in order.
    """

    def __init__(self, template, *expressions, output_field):
        super().__init__(output_field=output_field)
        self.template = template
        self.expressions = list(expressions)

    def get_source_expressions(self):
        return self.expressions

    def set_source_expressions(self, expressions):
        self.expressions = list(expressions)

    def as_sql(self, compiler, connection):
        parts, params = [], []
        for expression in self.expressions:
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        return self.template.format(*parts), params


# The database's index entry of each article (SearchDocument.entry).
ENTRY = F("search_document__entry")


@dataclass(frozen=True)
class Highlight:
    title: str
    snippet: str
    # The snippet is from a photo caption: the body has none of the words.
    in_caption: bool = False


class SearchBackend:
    """search() filters and ranks; results() pages through that cheaply;
    highlight() marks hits on one page of results."""

    vendor = ""
    # How the search text is emptied before a rebuild.
    CLEAR_SEARCH_TEXT = f"DELETE FROM {SearchText._meta.db_table}"

    def search(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        """`queryset` narrowed to matching articles, annotated with `rank`
        (higher is better) and ordered best first, newest first among equals."""
        raise NotImplementedError

    def results(self, queryset: QuerySet, query: ParsedQuery) -> SearchResults:
        """The same matches in the same order, as SearchResults: what pages,
        facets and counts read. Backends add their shortcuts."""
        return SearchResults(self.search(queryset, query))

    def matches(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        """`queryset` narrowed to the matching articles, neither ranked nor
        ordered: what counts over many matches read (articles.compare)."""
        return self.search(queryset, query).order_by()

    def highlight(self, articles, query: ParsedQuery) -> dict[int, Highlight]:
        """Marked-up title and best passage for each of `articles`, by id."""
        return {a.pk: self._highlight(a, query) for a in articles}

    @staticmethod
    def _highlight(article, query) -> Highlight:
        title = highlight(article.title, query)
        passage = snippet(article.body, query)
        if MARK_START not in passage and article.captions:
            in_caption = snippet(article.captions, query)
            if MARK_START in in_caption:
                return Highlight(title, in_caption, in_caption=True)
        return Highlight(title, passage)

    def rebuild(self) -> int:
        """Recompute every article's search text and the database's index."""
        written = reindex_all(clear=self.CLEAR_SEARCH_TEXT)
        self.optimize()
        return written

    def optimize(self) -> None:
        """Tidy the database's index after large changes."""

    def count_mismatches(self) -> int:
        """Articles whose index entry is missing or out of date."""
        return len(stale_articles()) + self.engine_mismatches()

    def engine_mismatches(self) -> int:
        """Entries of the database's own index that disagree with SearchText."""
        raise NotImplementedError

    def term_counts(self, terms: list[str]) -> dict[str, int]:
        """How many articles contain each stemmed term (0 when none)."""
        found = dict(
            SearchTerm.objects.filter(term__in=terms).values_list("term", "doc")
        )
        return {term: found.get(term, 0) for term in terms}

    def known_terms(self, terms: list[str]) -> set[str]:
        """Those of the stemmed `terms` that some article contains."""
        counts = self.term_counts(terms)
        return {term for term in terms if counts[term]}

    def refresh_vocabulary(self) -> None:
        """Bring the vocabulary (SearchTerm) up to date after imports."""

    def time_budget(self, seconds: float):
        """A context manager that stops the database work inside it once
        `seconds` have passed, raising BudgetExceeded."""
        raise NotImplementedError


def compile_tree(node: Node, *, term, phrase, both, either, exclude) -> str:
    """Fold a query tree into a database's syntax, given how to write each node.

    Words reach `term(word, prefix, title)` and `phrase(words, title)` stemmed
    as the index stores them (a prefix is matched against stems as typed);
    `title` says whether they must be in the headline.
    """

    def walk(n, title=False):
        if isinstance(n, InTitle):
            return walk(n.child, title=True)
        if isinstance(n, Term):
            return term(n.word if n.prefix else stem(n.word), n.prefix, title)
        if isinstance(n, Phrase):
            return phrase([stem(w) for w in n.words], title)
        if isinstance(n, Or):
            return either([walk(c) for c in n.children])
        if isinstance(n, And):
            positives = [walk(c) for c in n.children if not isinstance(c, Not)]
            negatives = [walk(c.child) for c in n.children if isinstance(c, Not)]
            return exclude(both(positives), negatives) if negatives else both(positives)
        raise ValueError(f"cannot compile {n!r} on its own")

    return walk(node)
