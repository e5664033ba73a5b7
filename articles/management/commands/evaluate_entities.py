import gzip
import json
import lzma
import time
from itertools import islice
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.entities.evaluation import (
    HEADLINE_TYPES,
    evaluate_stories,
    format_table,
    score,
)
from articles.entities.extraction import extract_spans_many, load_pipeline


class Command(BaseCommand):
    help = (
        "Score the entity extractor against gold annotations in JSON Lines "
        "(.jsonl, .jsonl.gz, .jsonl.xz; one story a line with 'text' and "
        "'entities'), as shared/corpora/conll2003/README.md describes: exact "
        "spans, precision, recall and F1 per type. The headline figure is "
        "PER+ORG+LOC over the stories that are not sports results."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="PATH")
        parser.add_argument("--limit", type=int, help="Score only the first N stories.")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Processes for entity extraction (default 1).",
        )
        parser.add_argument(
            "--all-stories",
            action="store_true",
            help="Take the headline figure over every story, sports included.",
        )

    def handle(self, *args, path, limit, workers, all_stories, **options):
        if workers < 1:
            raise CommandError("--workers must be 1 or more")
        if limit is not None and limit < 1:
            raise CommandError("--limit must be 1 or more")
        stories = _read_stories(path, limit=limit)
        if not stories:
            raise CommandError(f"no stories in {path}")

        load_pipeline()  # not part of the timing
        started = time.monotonic()
        predictions = list(
            extract_spans_many((story["text"] for story in stories), n_process=workers)
        )
        elapsed = time.monotonic() - started
        result = evaluate_stories(stories, predictions)

        self.stdout.write(
            f"{result.stories} stories ({result.non_sports_stories} not sports) "
            f"in {elapsed:.1f} s: {result.stories / elapsed:.1f} articles/s "
            f"with {workers} worker(s)."
        )
        self.stdout.write("")
        self.stdout.write(
            format_table(
                f"Stories that are not sports results ({result.non_sports_stories})",
                result.non_sports_counts,
            )
        )
        self.stdout.write("")
        self.stdout.write(
            format_table(f"All stories ({result.stories})", result.all_counts)
        )
        self.stdout.write("")
        if all_stories:
            counts, which = result.all_counts, "all stories"
        else:
            counts, which = result.non_sports_counts, "non-sports stories"
        headline = score(counts, HEADLINE_TYPES)
        self.stdout.write(
            self.style.SUCCESS(
                f"Headline: PER+ORG+LOC F1 {headline.f1:.3f} "
                f"(precision {headline.precision:.3f}, recall {headline.recall:.3f})"
                f" over {which}."
            )
        )


def _read_stories(path: Path, *, limit: int | None) -> list[dict]:
    opener = {".xz": lzma.open, ".gz": gzip.open}.get(path.suffix, open)
    try:
        with opener(path, "rt", encoding="utf-8") as lines:
            records = (json.loads(line) for line in lines if line.strip())
            return list(islice(records, limit))
    except (OSError, EOFError, lzma.LZMAError, json.JSONDecodeError) as error:
        raise CommandError(f"cannot read {path}: {error}") from error
