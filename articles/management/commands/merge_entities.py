from django.core.management.base import BaseCommand

from articles.entities.merging import merge_automatically, planned_merges


class Command(BaseCommand):
    help = (
        "Merge entities that are another's short or other name across the "
        "archive ('U.S.' into 'United States', a lone 'Tedros' into 'Tedros "
        "Adhanom Ghebreyesus', 'Kenyans' into 'Kenyan'). Each merge is shown "
        "in the admin (Entity merges) and can be undone there; a merge undone "
        "is not made again. The import runs this after extracting entities."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the merges without making them.",
        )

    def handle(self, *args, dry_run, **options):
        merges = planned_merges()
        for merge in merges:
            self.stdout.write(
                f"{merge.other.name} ({merge.other.kind}, "
                f"{merge.other.article_count} articles) -> {merge.survivor.name} "
                f"({merge.survivor.article_count}): {merge.reason}"
            )
        if not dry_run:
            merge_automatically(merges)
        verb = "would merge" if dry_run else "merged"
        self.stdout.write(self.style.SUCCESS(f"{len(merges)} entities {verb}."))
