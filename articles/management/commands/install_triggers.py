from django.core.management.base import BaseCommand
from django.db import connection

from articles.db.checks import trigger_problems
from articles.db.operations import install
from articles.db.triggers import GROUPS, REFRESH, declared


class Command(BaseCommand):
    help = (
        "Install every database trigger as articles/db/triggers.py declares it, "
        "drop undeclared ones, and recompute what the triggers keep (article "
        "counts, mention dates, the full-text index and its statistics). Repairs "
        "what `manage.py check` reports as missing, extra or outdated triggers."
    )

    # The check this command repairs must not stop it from running.
    requires_system_checks = []

    def handle(self, *args, **options):
        before = trigger_problems(connection)
        extra = [p for p in before if p.kind == "extra"]
        with connection.schema_editor() as editor:
            for problem in extra:
                editor.execute(
                    f'DROP TRIGGER IF EXISTS "{problem.name}"'
                    + ("" if connection.vendor == "sqlite" else f" ON {problem.table}"),
                    params=None,
                )
            install(editor, list(declared(connection.vendor)))
            refresh = REFRESH[connection.vendor]
            for group in GROUPS:
                for statement in refresh.get(group, []):
                    editor.execute(statement, params=None)
        after = trigger_problems(connection)
        fixed = len(before) - len(after)
        self.stdout.write(
            self.style.SUCCESS(
                f"Installed {len(declared(connection.vendor))} triggers "
                f"({fixed} problem{'s' if fixed != 1 else ''} repaired) and "
                "recomputed what they keep."
            )
        )
