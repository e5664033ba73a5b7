import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.ingest.importer import import_paths
from articles.management.progress import Progress


class Command(BaseCommand):
    help = (
        "Import articles from files: wire text, NewsML-G2, NewsML 1.x, NITF, "
        "ninjs, RSS and Atom, saved web pages and JSON Lines (.jsonl, "
        ".jsonl.gz, .jsonl.xz), each read for what it holds. PATHs are files or "
        "folders (walked recursively); the default is seeds/. Safe to re-run. "
        "On a terminal a progress bar shows how much is read and the time left."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change without writing.",
        )
        parser.add_argument(
            "--no-entities", action="store_true", help="Skip named-entity extraction."
        )
        parser.add_argument(
            "--include",
            action="store_true",
            help="Import everything, even files and items that are not news "
            "(READMEs, licences, service messages), which are otherwise skipped.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Processes for entity extraction (default 1).",
        )

    def handle(
        self, *args, paths, dry_run, no_entities, include, workers, verbosity, **options
    ):
        paths = paths or [Path(settings.NEWSROOM_SEEDS_DIR)]
        if workers < 1:
            raise CommandError("--workers must be 1 or more")
        started = time.monotonic()
        meter = Progress(self.stderr, desc="Importing", unit="B", quiet=verbosity < 1)

        def progress(result):
            meter.update(
                result.meter.read,
                result.meter.total,
                postfix=f"{result.total:,} items: {result.created:,} created, "
                f"{result.failed:,} failed",
                line=lambda _: (
                    f"… {result.total:,} items "
                    f"({result.total / (time.monotonic() - started):,.0f}/s): "
                    f"{result.summary()}"
                ),
            )

        with meter:
            result = import_paths(
                paths=paths,
                dry_run=dry_run,
                extract=not no_entities,
                workers=workers,
                include=include,
                progress=progress,
            )
            progress(result)
        if verbosity >= 1:
            for skip in result.skips:
                self.stderr.write(self.style.NOTICE(f"not news, skipped: {skip}"))
        for error in result.errors:
            self.stderr.write(self.style.ERROR(f"failed: {error}"))
        elapsed = time.monotonic() - started
        prefix = "Dry run, nothing written: " if dry_run else "Imported: "
        line = f"{prefix}{result.summary()} ({elapsed:.1f} s)."
        if result.merged:
            line += (
                f" {result.merged} entities were another's short or other name "
                "and were merged (Entity merges in the admin lists them)."
            )
        if result.failed:
            self.stdout.write(self.style.WARNING(line))
            raise CommandError(
                f"{result.failed} item(s) could not be imported; see above.",
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS(line))
