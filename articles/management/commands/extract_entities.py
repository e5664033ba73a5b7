import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from articles.entities.merging import merge_unchecked
from articles.ingest.extraction import extract_again
from articles.management.progress import Progress
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Extract people, organisations, places and groups again for some or all "
        "articles. Articles whose entities an editor changed are left alone; merged "
        "and hidden entities stay merged and hidden; a withdrawn article's are kept "
        "for its restoring. On a terminal a progress bar shows the time left."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "articles", nargs="*", metavar="ARTICLE", help="Article ids or import keys."
        )
        parser.add_argument("--all", action="store_true", help="Every article.")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Processes for extraction (default 1).",
        )

    def handle(self, *args, articles, all, workers, verbosity, **options):
        if bool(articles) == bool(all):
            raise CommandError("Name some articles (ids or import keys) or use --all.")
        if workers < 1:
            raise CommandError("--workers must be 1 or more")
        queryset = Article.objects.order_by("pk")
        if articles:
            ids = [int(a) for a in articles if a.isdigit()]
            queryset = queryset.filter(Q(pk__in=ids) | Q(import_key__in=articles))
            missing = set(articles) - {
                str(v)
                for pair in queryset.values_list("pk", "import_key")
                for v in pair
            }
            if missing:
                raise CommandError(f"No such article: {', '.join(sorted(missing))}")
        ids = list(queryset.values_list("pk", flat=True))
        started = time.monotonic()
        meter = Progress(
            self.stderr, desc="Extracting", unit="articles", quiet=not verbosity
        )

        def progress(done, left_alone):
            meter.update(
                done + left_alone,
                len(ids),
                postfix=f"{left_alone:,} left to editors",
                line=lambda rate: (
                    f"… {done + left_alone:,} of {len(ids):,} articles ({rate:,.0f}/s)"
                ),
            )

        with meter:
            done, left_alone = extract_again(ids, workers=workers, progress=progress)
        merged = merge_unchecked()
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Extracted entities for {done} articles; {left_alone} left alone "
                f"because editors changed their entities; {len(merged)} entities "
                f"merged into others ({elapsed:.1f} s)."
            )
        )
