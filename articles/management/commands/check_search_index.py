import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.db.checks import trigger_problems
from articles.models import Article
from articles.search import get_search_backend


class Command(BaseCommand):
    help = (
        "Check that the full-text search index holds every article, up to date, "
        "and nothing else, and that the triggers keeping it so are in place. "
        "Exits non-zero when not; rebuild_search_index repairs the index, "
        "install_triggers the triggers."
    )

    def handle(self, *args, **options):
        if problems := trigger_problems(connection):
            listed = "; ".join(map(str, problems))
            raise CommandError(
                f"The database's triggers differ from articles/db/triggers.py: "
                f"{listed}. Edits may not reach the search index or the counts. "
                "Run `python manage.py install_triggers` to repair them.",
                returncode=1,
            )
        started = time.monotonic()
        articles = Article.objects.public().count()
        mismatches = get_search_backend().count_mismatches()
        elapsed = time.monotonic() - started
        if mismatches:
            noun = "mismatch" if mismatches == 1 else "mismatches"
            raise CommandError(
                f"The search index is out of step with the articles: {mismatches:,} "
                f"{noun} among {articles:,} articles. "
                "Run `python manage.py rebuild_search_index` to repair it.",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"The search index is in step with all {articles:,} articles readers "
                f"can find "
                f"({elapsed:.1f} s)."
            )
        )
