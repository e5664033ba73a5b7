import gzip
import json
import lzma
import time
from itertools import islice
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.entities.datelines import with_dateline
from articles.entities.evaluation import (
    HEADLINE_TYPES,
    WIRE_HEADLINE_TYPES,
    WireEvaluation,
    evaluate_stories,
    evaluate_wire_story,
    format_table,
    format_wire_table,
    score,
)
from articles.entities.extraction import (
    extract_many,
    extract_spans_many,
    load_pipeline,
)
from articles.ingest.extraction import item_text
from articles.ingest.files import read_text
from articles.ingest.items import Item

WIRE_SPLITS = (
    "tune",
    "held-out",
    "fresh",
    "fresh-2",
    "fresh-3",
    "fresh-4",
    "fresh-5",
    "fresh-6",
    "fresh-7",
    "fresh-8",
    "fresh-9",
    "fresh-10",
)


class Command(BaseCommand):
    help = (
        "Score the entity extractor against gold annotations in JSON Lines "
        "(.jsonl, .jsonl.gz, .jsonl.xz; one story a line with 'text' and "
        "'entities'), as shared/corpora/conll2003/README.md describes: exact "
        "spans, precision, recall and F1 per type. The headline figure is "
        "PER+ORG+LOC over the stories that are not sports results. Given a "
        "folder with a gold.json (bench/entities/wire), reads its wire files "
        "as the importer does and scores the entities each story would get, "
        "one per real thing."
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
        parser.add_argument(
            "--split",
            choices=WIRE_SPLITS,
            help="A wire gold set: score only the stories of one split.",
        )
        parser.add_argument(
            "--show",
            action="store_true",
            help="A wire gold set: list what was missed, wrong, split or junk.",
        )

    def handle(self, *args, path, limit, workers, all_stories, **options):
        if workers < 1:
            raise CommandError("--workers must be 1 or more")
        if limit is not None and limit < 1:
            raise CommandError("--limit must be 1 or more")
        if path.is_dir():
            return self.wire(path, split=options["split"], show=options["show"])
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

    def wire(self, folder: Path, *, split: str | None, show: bool) -> None:
        gold = _read_wire_gold(folder)
        stories = [story for story in gold if split in (None, story["split"])]
        items = []
        for story in stories:
            item = read_text(folder / story["file"], story["file"], include=True)
            if not isinstance(item, Item):
                raise CommandError(f"cannot read {story['file']}: {item.reason}")
            items.append(item)
        load_pipeline()
        started = time.monotonic()
        found = extract_many([item_text(item) for item in items])
        evaluation = WireEvaluation()
        for story, item, entities in zip(stories, items, found, strict=True):
            entities = with_dateline(entities, item.fields["dateline"])
            evaluate_wire_story(evaluation, story, entities)
        elapsed = time.monotonic() - started
        which = f"{split} stories" if split else "all stories"
        self.stdout.write(
            f"{evaluation.stories} wire stories ({which}) in {elapsed:.1f} s."
        )
        self.stdout.write("")
        self.stdout.write(
            format_wire_table(f"Entities per story ({which})", evaluation.counts)
        )
        self.stdout.write("")
        if show:
            for title, rows in [
                ("Missed", evaluation.missed),
                ("Wrong (no such entity, or another type)", evaluation.wrong),
                ("Split (one real thing, several entities)", evaluation.splits),
                ("Junk", evaluation.junk),
            ]:
                self.stdout.write(f"{title}: {len(rows)}")
                for row in rows:
                    self.stdout.write("  " + " | ".join(map(str, row)))
                self.stdout.write("")
        headline = score(evaluation.counts, WIRE_HEADLINE_TYPES)
        self.stdout.write(
            self.style.SUCCESS(
                f"Headline: PER+ORG+LOC+NORP F1 {headline.f1:.3f} (precision "
                f"{headline.precision:.3f}, recall {headline.recall:.3f}); "
                f"{len(evaluation.splits)} split, {len(evaluation.junk)} junk."
            )
        )


def _read_wire_gold(folder: Path) -> list[dict]:
    try:
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise CommandError(f"cannot read {folder / 'gold.json'}: {error}") from error
    if not isinstance(gold, list) or not all(
        isinstance(story, dict) and {"file", "split", "entities"} <= story.keys()
        for story in gold
    ):
        raise CommandError(f"{folder / 'gold.json'}: not a list of gold stories")
    return gold


def _read_stories(path: Path, *, limit: int | None) -> list[dict]:
    opener = {".xz": lzma.open, ".gz": gzip.open}.get(path.suffix, open)
    try:
        with opener(path, "rt", encoding="utf-8") as lines:
            records = (json.loads(line) for line in lines if line.strip())
            return list(islice(records, limit))
    except (OSError, EOFError, lzma.LZMAError, json.JSONDecodeError) as error:
        raise CommandError(f"cannot read {path}: {error}") from error
