"""Full-text search: one contract (base.SearchBackend), a backend per database."""

from functools import cache

from django.db import connections

from .query import ParsedQuery, parse_query

__all__ = ["ParsedQuery", "get_search_backend", "parse_query"]


@cache
def _backend_for(vendor: str):
    if vendor == "sqlite":
        from .sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend()
    if vendor == "postgresql":
        from .postgres import PostgresSearchBackend

        return PostgresSearchBackend()
    raise RuntimeError(f"newsroom search supports SQLite and PostgreSQL, not {vendor}")


def get_search_backend(using: str = "default"):
    """The search backend for the database behind `using`."""
    return _backend_for(connections[using].vendor)
