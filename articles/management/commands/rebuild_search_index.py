import time

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article
from articles.search import get_search_backend


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index from the articles, in one "
        "transaction, so that no search ever sees it half-built."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic():
            get_search_backend().rebuild()
            articles = Article.objects.public().count()
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt the search index of {articles:,} articles in {elapsed:.1f} s."
            )
        )
