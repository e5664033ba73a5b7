import time

from django.core.management.base import BaseCommand

from articles.stories.grouping import group_ungrouped, regroup_all


class Command(BaseCommand):
    help = (
        "Group articles into stories (versions and copies of one story). By "
        "default only the articles that have no story yet; --all groups the "
        "whole archive again. Editors' decisions are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Group every article again, from scratch.",
        )

    def handle(self, *args, all, verbosity, **options):
        started = time.monotonic()
        if all:
            counts = regroup_all()
            summary = (
                f"{counts['articles']:,} articles in {counts['stories']:,} stories "
                f"({counts['with versions']:,} with more than one article, "
                f"{counts['copies']:,} copies)"
            )
        else:
            summary = f"{group_ungrouped():,} articles without a story grouped"
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Grouped: {summary} ({elapsed:.1f} s)."))
