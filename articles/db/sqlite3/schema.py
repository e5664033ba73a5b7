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

from django.db.backends.sqlite3 import schema

from ..operations import install
from ..triggers import SQLITE, declared


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    def add_field(self, model, field):
        with self.triggers_set_aside(model):
            super().add_field(model, field)

    def remove_field(self, model, field):
        with self.triggers_set_aside(model):
            super().remove_field(model, field)

    def alter_field(self, model, old_field, new_field, strict=False):
        with self.triggers_set_aside(model):
            super().alter_field(model, old_field, new_field, strict=strict)

    def alter_unique_together(self, model, old_unique_together, new_unique_together):
        with self.triggers_set_aside(model):
            super().alter_unique_together(
                model, old_unique_together, new_unique_together
            )

    def add_constraint(self, model, constraint):
        with self.triggers_set_aside(model):
            super().add_constraint(model, constraint)

    def remove_constraint(self, model, constraint):
        with self.triggers_set_aside(model):
            super().remove_constraint(model, constraint)

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
