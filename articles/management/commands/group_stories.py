import time

from django.core.management.base import BaseCommand

from articles.management.progress import Progress
from articles.stories.grouping import group_ungrouped, regroup_all


class Command(BaseCommand):
    help = (
        "Group articles into stories (versions and copies of one story). By "
        "default only the articles that have no story yet; --all groups the "
        "whole archive again. Editors' decisions are kept. On a terminal a "
        "progress bar shows the time left."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Group every article again, from scratch.",
        )

    def handle(self, *args, all, verbosity, **options):
        started = time.monotonic()
        meter = Progress(
            self.stderr, desc="Grouping", unit="articles", quiet=not verbosity
        )

        def progress(done, total):
            meter.update(
                done,
                total,
                postfix="",
                line=lambda rate: f"… {done:,} of {total:,} articles ({rate:,.0f}/s)",
            )

        with meter:
            if all:
                counts = regroup_all(progress)
            else:
                grouped = group_ungrouped(progress)
        if all:
            summary = (
                f"{counts['articles']:,} articles in {counts['stories']:,} stories "
                f"({counts['with versions']:,} with more than one article, "
                f"{counts['copies']:,} copies)"
            )
        else:
            summary = f"{grouped:,} articles without a story grouped"
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Grouped: {summary} ({elapsed:.1f} s)."))
