"""Made headlines against real ones: the old title rule and the new, on Reuters.

    .venv/bin/python bench/headlines.py [--corpus PATH] [--size 1000] [--seed N]

When a story has no headline, newsroom makes its title from the first sentence
of the body (articles/parsing/titles.py). This measures how close such titles
come to the headlines the stories really had. It reads the Reuters financial
corpus (from ../shared/corpora at run time, never copied into the repository),
draws --size stories with a non-empty title and body by a seeded random sample,
hides each title and reads the body as the importer reads a JSON-lines record
(articles/ingest/files.py: clean_text, then parse_text), then makes a title
from the first paragraph twice: with the rule as it was (a frozen copy below,
`baseline_title_from_text`) and with the rule as it is (`title_from_text`).

The first 70% of the sample is the part the rule was tuned on; the rest is
held out and was only measured. For each part and each rule it prints ROUGE-1
F against the real headline (mean and median; the mean precision and recall
beside it), the share of titles ending in "…", the share ending on a dangling
function word, the share longer than TITLE_LIMIT (100 characters: a made title
may run to TITLE_HARD_LIMIT when nothing shorter reads as one), the mean length
in characters, and a few examples by story id.

ROUGE-1 is computed here (`rouge1_f`), not by Google's rouge-score package:
the same definition and its default tokenizer (lower case, runs of a-z and 0-9,
no stemming), in ten lines rather than a package with nltk, absl and numpy;
tests/parsing/test_made_headlines.py checks it on hand-made examples.
"""

import argparse
import json
import lzma
import random
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script: articles/ is a package of the repository's root.
sys.path.insert(0, str(ROOT))

from articles import parsing  # noqa: E402
from articles.parsing.titles import (  # noqa: E402
    TITLE_LIMIT,
    _ends_with_abbreviation,
    _first_sentence,
    title_from_text,
)

DEFAULT_CORPUS = (
    ROOT.parent / "shared" / "corpora" / "reuters-financial" / "articles.jsonl.xz"
)
# Function words a headline cannot end on; the benchmark's own list, so that
# the rule is not marked by the list it was written with.
DANGLING = frozenset(
    "a an the of to in on at for with by from into as than and or but nor "
    "that which who its their his her our this these those is are was were be "
    "has have had will would could should may can about said says".split()
)


# --- ROUGE-1 ----------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z0-9]+")


def rouge_tokens(text: str) -> list[str]:
    """Tokens as rouge-score's default tokenizer makes them, without stemming."""
    return _TOKEN.findall(text.lower())


def rouge1(made: str, real: str) -> tuple[float, float, float]:
    """ROUGE-1 precision, recall and F of a made title against the real one.

    Precision is the overlap over the made title's tokens, recall the overlap
    over the real one's, F their harmonic mean; the overlap counts each token
    at most as often as it occurs in both (clipped), as rouge-score does."""
    made_counts, real_counts = Counter(rouge_tokens(made)), Counter(rouge_tokens(real))
    overlap = sum((made_counts & real_counts).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision = overlap / sum(made_counts.values())
    recall = overlap / sum(real_counts.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def rouge1_f(made: str, real: str) -> float:
    """ROUGE-1 F of a made title against the real one (see `rouge1`)."""
    return rouge1(made, real)[2]


# --- the rule as it was (frozen: the baseline) -------------------------------------

_BASELINE_LIMIT = 100


def baseline_title_from_text(text: str) -> str:
    """The old rule: the first sentence (found as the new rule finds it: that
    part did not change), cut at a word to 100 characters + "…"."""
    sentence = _first_sentence(text)
    if sentence.endswith(".") and not sentence.endswith(".."):
        if not _ends_with_abbreviation(sentence):
            sentence = sentence[:-1].rstrip()
    return _baseline_shorten(sentence or text, _BASELINE_LIMIT)


def _baseline_shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    kept = text[:cut].rstrip(" ,;:-–—(\"'“‘") if cut > 0 else ""
    return (kept or text[: limit - 1]) + "…"


# --- the sample ---------------------------------------------------------------------


def eligible(record) -> bool:
    return (
        isinstance(record, dict)
        and isinstance(record.get("title"), str)
        and isinstance(record.get("body"), str)
        and bool(record["title"].strip())
        and bool(record["body"].strip())
    )


def sample_records(corpus: Path, size: int, seed: int) -> list[dict]:
    """`size` eligible records drawn at random with `seed`, in drawn order.

    Two passes over the file: the first counts, the second keeps the drawn
    records, so that 300 MB of bodies are never held at once."""
    with lzma.open(corpus, "rt", encoding="utf-8", errors="replace") as lines:
        numbers = [n for n, line in enumerate(lines) if eligible(json.loads(line))]
    drawn = random.Random(seed).sample(numbers, min(size, len(numbers)))
    order = {number: place for place, number in enumerate(drawn)}
    records = [None] * len(drawn)
    with lzma.open(corpus, "rt", encoding="utf-8", errors="replace") as lines:
        for n, line in enumerate(lines):
            if n in order:
                records[order[n]] = json.loads(line)
    return records


def first_paragraph(record: dict) -> tuple[str, bool]:
    """The body's first paragraph as the importer reads it, and whether the
    parser found a headline in the body (then the importer would use that)."""
    parsed = parsing.parse_text(parsing.clean_text(record["body"]))
    paragraph = parsed.paragraphs[0]
    return paragraph, parsed.title != title_from_text(paragraph)


def real_title(record: dict) -> str:
    """The record's title as the importer stores it."""
    return parsing.decode_references(parsing.clean_text(record["title"])).strip()


# --- the figures --------------------------------------------------------------------


def ends_dangling(title: str) -> bool:
    words = title.rstrip("…").split()
    return bool(words) and words[-1].strip("\"'“”‘’()[],;:.!?").lower() in DANGLING


def figures(made: list[str], real: list[str]) -> dict:
    scores = [rouge1(m, r) for m, r in zip(made, real, strict=True)]
    f_scores = [f for _, _, f in scores]
    return {
        "rouge1_f_mean": statistics.fmean(f_scores),
        "rouge1_f_median": statistics.median(f_scores),
        "rouge1_precision_mean": statistics.fmean(p for p, _, _ in scores),
        "rouge1_recall_mean": statistics.fmean(r for _, r, _ in scores),
        "ellipsis_share": sum(t.endswith("…") for t in made) / len(made),
        "dangling_share": sum(ends_dangling(t) for t in made) / len(made),
        "over_limit_share": sum(len(t) > TITLE_LIMIT for t in made) / len(made),
        "mean_length": statistics.fmean(len(t) for t in made),
    }


def report(stories: list[dict], tune: int) -> dict:
    parts = {"tune": stories[:tune], "held-out": stories[tune:], "all": stories}
    results = {}
    for name, part in parts.items():
        real = [s["real"] for s in part]
        results[name] = {
            "stories": len(part),
            "old": figures([s["old"] for s in part], real),
            "new": figures([s["new"] for s in part], real),
        }
    return results


def print_report(results: dict, stories: list[dict], examples: int) -> None:
    print(f"{'part':<9} {'rule':<4} {'n':>5} {'R1-F mean':>9} {'median':>7} "
          f"{'R1-P':>6} {'R1-R':>6} {'… share':>8} {'dangling':>8} "
          f"{'> limit':>8} {'length':>7}")  # fmt: skip
    for name, part in results.items():
        for rule in ("old", "new"):
            f = part[rule]
            print(
                f"{name:<9} {rule:<4} {part['stories']:>5} "
                f"{f['rouge1_f_mean']:>9.3f} {f['rouge1_f_median']:>7.3f} "
                f"{f['rouge1_precision_mean']:>6.3f} {f['rouge1_recall_mean']:>6.3f} "
                f"{f['ellipsis_share']:>8.1%} {f['dangling_share']:>8.1%} "
                f"{f['over_limit_share']:>8.1%} {f['mean_length']:>7.1f}"
            )
    if examples:
        print(f"\n{examples} examples (held-out part):")
        for story in stories[-examples:]:
            print(f"  {story['id']}\n    old: {story['old']}\n    new: {story['new']}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--held-out", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20240)
    parser.add_argument("--examples", type=int, default=8)
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"corpus not found at {args.corpus}: nothing to measure")
        return 0
    stories, unreadable, headlined = [], 0, 0
    for record in sample_records(args.corpus, args.size, args.seed):
        try:
            paragraph, has_headline = first_paragraph(record)
        except parsing.ParseError:
            unreadable += 1
            continue
        headlined += has_headline
        stories.append(
            {
                "id": str(record["id"]),
                "real": real_title(record),
                "old": baseline_title_from_text(paragraph),
                "new": title_from_text(paragraph),
            }
        )
    tune = len(stories) - min(args.held_out, len(stories))
    results = report(stories, tune)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(
        f"{len(stories):,} stories from {args.corpus.name} (seed {args.seed}); "
        f"{unreadable} not readable as an article; in {headlined} the parser "
        "found a headline in the body, which the importer would use instead"
    )
    print_report(results, stories, args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
