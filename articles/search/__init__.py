"""Full-text search: the query language, and a backend per database.

query.py     the query language, parsed into a tree
text.py      words and stems, the same for indexing and querying
indexing.py  each article's search text, which the database indexes
backends/    the contract (base.py) and its SQLite and PostgreSQL implementations
results.py   matches as ids in order, for pages, facets and counts
highlight.py hits marked in headlines and the best passage of a body
marks.py     the hit markers, and highlighted text as safe HTML
suggest.py   "did you mean", from the archive's own words
"""

from .query import ParsedQuery, parse_query

__all__ = ["ParsedQuery", "get_search_backend", "parse_query"]


def get_search_backend(using: str = "default"):
    """The search backend for the database behind `using` (backends/)."""
    # Imported here, so that the query language and the text functions can
    # be used without Django's models being loaded.
    from .backends import get_search_backend as backend_for

    return backend_for(using)
