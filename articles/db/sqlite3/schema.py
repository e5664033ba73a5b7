"""Django's SQLite schema editor, keeping the archive's triggers through changes.

SQLite cannot alter most columns in place: Django copies the table to a new
one, drops the old and renames the copy. Dropping a table drops its triggers
silently (an edit would then no longer reach the search index), and renaming
fails while a trigger on another table names the one being replaced ("error
in trigger articles_article_published_update: no such table:
main.articles_mention"). So around every change that may rebuild a table, the
triggers that fire on it or name it are set aside and installed again
afterwards: as articles/db/triggers.py declares them, or as they were for any
it does not declare.
"""

import re
from contextlib import contextmanager
from functools import wraps

from django.db.backends.sqlite3 import schema

from ..operations import install
from ..triggers import SQLITE, declared


def keeping_triggers(operation):
    """Django's `operation` on a model's table, its triggers set aside around it."""

    @wraps(operation)
    def run(editor, model, *args, **kwargs):
        with editor.triggers_set_aside(model):
            return operation(editor, model, *args, **kwargs)

    return run


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    # Every change of a table that may rebuild it.
    add_field = keeping_triggers(schema.DatabaseSchemaEditor.add_field)
    remove_field = keeping_triggers(schema.DatabaseSchemaEditor.remove_field)
    alter_field = keeping_triggers(schema.DatabaseSchemaEditor.alter_field)
    alter_unique_together = keeping_triggers(
        schema.DatabaseSchemaEditor.alter_unique_together
    )
    add_constraint = keeping_triggers(schema.DatabaseSchemaEditor.add_constraint)
    remove_constraint = keeping_triggers(schema.DatabaseSchemaEditor.remove_constraint)

    @contextmanager
    def triggers_set_aside(self, model):
        """Drop the triggers on `model`'s table or naming it; put them back."""
        if self.collect_sql:  # sqlmigrate: nothing runs, nothing to keep
            yield
            return
        table = model._meta.db_table
        naming = re.compile(rf"\b{re.escape(table)}\b", re.IGNORECASE)
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
            )
            aside = [
                (name, sql)
                for name, on, sql in cursor.fetchall()
                if on == table or naming.search(sql)
            ]
        for name, _ in aside:
            self.execute(f'DROP TRIGGER "{name}"', params=None)
        yield
        registry = {trigger.name: trigger for trigger in declared(SQLITE)}
        for name, sql in aside:
            if name in registry:
                install(self, [registry[name]])
            else:
                self.execute(sql, params=None)
