"""Migration operations for what the database does behind Django's back.

    operations = [InstallTriggers("article counts")]

installs (or replaces) every trigger of that group declared for the database
being migrated, as articles/db/triggers.py declares it today, with its
fingerprint (sqlite_master keeps the SQL itself; PostgreSQL gets a comment) so
that `manage.py check` can tell an outdated trigger. Backwards, they are
removed. RunVendorSQL runs each database's own statements. Both refuse any
database but SQLite and PostgreSQL, with a message saying so.
"""

from django.db.migrations.operations.base import Operation

from .triggers import SQLITE, VENDORS, Trigger, UnsupportedDatabase, in_groups

COMMENT = "newsroom {}"  # on PostgreSQL triggers and functions: their fingerprint


def install(schema_editor, triggers: list[Trigger]) -> None:
    """Create (or replace) `triggers` through `schema_editor`."""
    for trigger in triggers:
        for statement in _install_statements(schema_editor.connection.vendor, trigger):
            schema_editor.execute(statement, params=None)


def remove(schema_editor, triggers: list[Trigger]) -> None:
    """Drop `triggers`, and on PostgreSQL the functions they ran."""
    sqlite = schema_editor.connection.vendor == SQLITE
    for trigger in triggers:
        on = "" if sqlite else f" ON {trigger.table}"
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{trigger.name}"{on}', None)
    for name in sorted({t.function.name for t in triggers if t.function}):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()", params=None)


def _install_statements(vendor: str, trigger: Trigger) -> list[str]:
    if vendor == SQLITE:
        return [f'DROP TRIGGER IF EXISTS "{trigger.name}"', trigger.sql]
    statements = []
    if trigger.function:
        statements += [
            trigger.function.sql,
            f"COMMENT ON FUNCTION {trigger.function.name}() IS "
            f"'{COMMENT.format(trigger.function.digest)}'",
        ]
    return [
        *statements,
        f'DROP TRIGGER IF EXISTS "{trigger.name}" ON {trigger.table}',
        trigger.sql,
        f'COMMENT ON TRIGGER "{trigger.name}" ON {trigger.table} IS '
        f"'{COMMENT.format(trigger.digest)}'",
    ]


class DatabaseOperation(Operation):
    """An operation on the database alone: Django's model state is unchanged."""

    reversible = True
    reduces_to_sql = False

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self.forwards(schema_editor)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self.backwards(schema_editor)


class InstallTriggers(DatabaseOperation):
    """Install the registry's triggers of `groups` (backwards: remove them)."""

    def __init__(self, *groups: str):
        self.groups = groups

    def deconstruct(self):
        return (self.__class__.__qualname__, self.groups, {})

    def forwards(self, schema_editor):
        vendor = schema_editor.connection.vendor
        install(schema_editor, in_groups(vendor, self.groups))

    def backwards(self, schema_editor):
        vendor = schema_editor.connection.vendor
        remove(schema_editor, in_groups(vendor, self.groups))

    def describe(self):
        return f"Install the database triggers: {', '.join(self.groups)}"


class RemoveTriggers(InstallTriggers):
    """Remove the triggers of `groups` (backwards: install them again)."""

    forwards, backwards = InstallTriggers.backwards, InstallTriggers.forwards

    def describe(self):
        return f"Remove the database triggers: {', '.join(self.groups)}"


class ReinstallTriggers(InstallTriggers):
    """Install again triggers an earlier migration installed, as the registry
    declares them now (backwards: leave them, they were there before)."""

    def backwards(self, schema_editor):
        pass

    def describe(self):
        return f"Reinstall the database triggers: {', '.join(self.groups)}"


class RunVendorSQL(DatabaseOperation):
    """Each database's own statements: RunVendorSQL({"sqlite": [...],
    "postgresql": [...]}, reverse={...}). A database it has no statements for
    is refused, never skipped."""

    def __init__(self, forward: dict[str, list[str]], reverse=None):
        self.statements = self._by_vendor(forward)
        self.reverse = self._by_vendor(reverse or {})

    @staticmethod
    def _by_vendor(statements):
        return {vendor: list(statements.get(vendor, ())) for vendor in VENDORS}

    def deconstruct(self):
        return (self.__class__.__qualname__, (self.statements, self.reverse), {})

    def forwards(self, schema_editor):
        self._run(schema_editor, self.statements)

    def backwards(self, schema_editor):
        self._run(schema_editor, self.reverse)

    @staticmethod
    def _run(schema_editor, statements):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise UnsupportedDatabase(vendor)
        for statement in statements[vendor]:
            schema_editor.execute(statement, params=None)

    def describe(self):
        return "Run SQL of SQLite's and PostgreSQL's own"
