import sqlite3

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.db import connections


def sqlite_has_fts5() -> bool:
    try:
        with sqlite3.connect(":memory:") as conn:
            conn.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    except sqlite3.OperationalError:
        return False
    return True


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from . import checks  # noqa: F401 (registers them)
        from .models import Article
        from .search.indexing import on_article_saved

        post_save.connect(
            on_article_saved, sender=Article, dispatch_uid="index_article"
        )
        from .db.triggers import VENDORS, UnsupportedDatabase

        vendor = connections["default"].vendor
        if vendor not in VENDORS:
            raise ImproperlyConfigured(str(UnsupportedDatabase(vendor)))
        if vendor == "sqlite" and not sqlite_has_fts5():
            raise ImproperlyConfigured(
                "newsroom needs SQLite with the FTS5 extension for full-text search, "
                f"but this Python's SQLite {sqlite3.sqlite_version} was built "
                "without it. "
                "Use a Python whose sqlite3 module includes FTS5, or set DATABASE_URL "
                "to a PostgreSQL database."
            )
