"""Django's SQLite backend with newsroom's schema editor (see schema.py).

settings.DATABASES names this module as the ENGINE whenever SQLite is used.
"""

from django.db.backends.sqlite3 import base

from .schema import DatabaseSchemaEditor


class DatabaseWrapper(base.DatabaseWrapper):
    SchemaEditorClass = DatabaseSchemaEditor
