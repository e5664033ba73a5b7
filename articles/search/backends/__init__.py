"""One search backend per database, picked by its vendor and imported lazily."""

from functools import cache

from django.db import connections

from ...db.triggers import UnsupportedDatabase
from .base import BudgetExceeded, SearchBackend

__all__ = ["BudgetExceeded", "SearchBackend", "get_search_backend"]


@cache
def _backend_for(vendor: str) -> SearchBackend:
    if vendor == "sqlite":
        from .sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend()
    if vendor == "postgresql":
        from .postgres import PostgresSearchBackend

        return PostgresSearchBackend()
    raise UnsupportedDatabase(vendor)


def get_search_backend(using: str = "default") -> SearchBackend:
    """The search backend for the database behind `using`."""
    return _backend_for(connections[using].vendor)
