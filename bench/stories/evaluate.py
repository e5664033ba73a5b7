"""Grouping's "same story?" rule scored on the labelled pairs.

    python bench/stories/evaluate.py             # precision and recall
    python bench/stories/evaluate.py --json F    # the same, as JSON

Each record of a pair is read as the importer reads a JSON Lines record
(articles.ingest.files.read_record), signed (articles.stories.signatures)
and compared with articles.stories.matching.match: what the archive would
decide. The thresholds in matching.py were chosen on pairs.csv (first on its
"tune" part; once that rule had been scored on the "held-out" part, on both);
fresh.csv, labelled after they were fixed and blind to them, says how well
they carry over.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from articles.ingest.files import read_record  # noqa: E402
from articles.ingest.items import Item  # noqa: E402
from articles.models.archive import moment_of  # noqa: E402
from articles.stories.matching import Candidate, match  # noqa: E402
from articles.stories.signatures import signature  # noqa: E402
from bench.stories.pairs import (  # noqa: E402
    CorporaMissing,
    format_result,
    load_all_pairs,
    load_records,
    score,
)


def candidate(record: dict) -> Candidate | None:
    """A corpus record as grouping sees it once imported."""
    item = read_record(json.dumps(record), record["id"], include=True)
    if not isinstance(item, Item):
        return None
    fields = item.fields
    return Candidate(
        0,
        signature(fields["title"], fields["body"]),
        moment_of(fields["published_at"], fields["published"]),
        fields["version"],
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    pairs = load_all_pairs()
    started = time.monotonic()
    try:
        records = load_records(
            {p.a for p in pairs} | {p.b for p in pairs}, args.corpora
        )
    except CorporaMissing as exc:
        print(f"skipped: {exc}")
        return 0
    if records is None:
        print("skipped: ../shared/corpora is not there")
        return 0
    seen = {}

    def same_story(a: dict, b: dict) -> bool:
        for record in (a, b):
            if record["id"] not in seen:
                seen[record["id"]] = candidate(record)
        first, second = seen[a["id"]], seen[b["id"]]
        if first is None or second is None:
            return False
        later, earlier = (
            (first, second)
            if (first.when or 0) and (second.when or 0) and first.when >= second.when
            else (second, first)
        )
        return match(later, earlier) is not None

    result = score(same_story, pairs, records)
    print(
        format_result("newsroom's grouping rule (articles/stories/matching.py)", result)
    )
    elapsed = time.monotonic() - started
    print(f"({len(records)} records read and compared in {elapsed:.1f} s)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
