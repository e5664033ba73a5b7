"""Compare the triggers a database holds with those the registry declares.

Used by the system check (`manage.py check`, registered in articles/checks.py)
and by `manage.py check_search_index`.
"""

from dataclasses import dataclass

from .operations import COMMENT
from .triggers import SQLITE, declared, digest


@dataclass(frozen=True)
class Problem:
    kind: str  # "missing", "extra" or "outdated"
    name: str
    table: str

    def __str__(self):
        if self.kind == "missing":
            return f"trigger {self.name} on {self.table} is missing"
        if self.kind == "extra":
            return f"trigger {self.name} on {self.table} is not declared"
        return f"trigger {self.name} on {self.table} differs from its declaration"


def trigger_problems(connection) -> list[Problem]:
    """What differs between the registry and `connection`'s database."""
    expected = {t.name: t for t in declared(connection.vendor)}
    installed = _installed(connection)
    problems = []
    for name, trigger in expected.items():
        if name not in installed:
            problems.append(Problem("missing", name, trigger.table))
            continue
        table, fingerprints = installed[name]
        wanted = [trigger.digest]
        if trigger.function:
            wanted.append(trigger.function.digest)
        if table != trigger.table or fingerprints != wanted:
            problems.append(Problem("outdated", name, trigger.table))
    for name, (table, _) in sorted(installed.items()):
        if name not in expected:
            problems.append(Problem("extra", name, table))
    return problems


def _installed(connection) -> dict[str, tuple[str, list[str]]]:
    """{trigger: (table, [its fingerprint, its function's])} on the app's tables."""
    with connection.cursor() as cursor:
        if connection.vendor == SQLITE:
            cursor.execute(
                "SELECT name, tbl_name, sql FROM sqlite_master "
                "WHERE type = 'trigger' AND tbl_name LIKE 'articles\\_%' ESCAPE '\\'"
            )
            return {name: (table, [digest(sql)]) for name, table, sql in cursor}
        cursor.execute(
            "SELECT t.tgname, c.relname, obj_description(t.oid, 'pg_trigger'), "
            "obj_description(t.tgfoid, 'pg_proc') "
            "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE NOT t.tgisinternal AND n.nspname = current_schema() "
            "AND c.relname LIKE 'articles\\_%'"
        )
        return {
            name: (table, [_fingerprint(mine), _fingerprint(function)])
            for name, table, mine, function in cursor
        }


def _fingerprint(comment: str | None) -> str:
    prefix = COMMENT.format("")
    return comment.removeprefix(prefix) if comment else ""
