"""Labelled "same story?" pairs for grouping wire versions into Stories.

    python bench/stories/pairs.py                 # score the title baseline
    python bench/stories/pairs.py --check         # recompute jaccard and split
    python bench/stories/pairs.py --json out.json # full result as JSON

``pairs.csv`` beside this file holds record ids and labels only (no corpus
text; see README.md). The records themselves are read from the research
corpora in ``<repo parent>/shared/corpora`` (reuters-financial and
news-scale), streamed once and filtered to the ids that are needed.

To score a rule, give ``score`` a predicate over two corpus records::

    from bench.stories.pairs import load_pairs, load_records, score

    pairs = load_pairs()
    records = load_records({p.a for p in pairs} | {p.b for p in pairs})
    result = score(lambda a, b: my_rule(a, b), pairs, records)
    result["split"]["held-out"]["precision"]

Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import lzma
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAIRS_CSV = HERE / "pairs.csv"
# Pairs labelled after the grouping rule's thresholds were fixed: the test.
FRESH_CSV = HERE / "fresh.csv"
DEFAULT_CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
CORPUS_FILES = {
    "reuters-financial": "reuters-financial/articles.jsonl.xz",
    "news-scale": "news-scale/articles.jsonl.xz",
}
SPLIT_SEED = "newsroom-story-pairs-v1"
SPLITS = ("tune", "held-out", "fresh")
POSITIVE_KINDS = ("update", "correction", "refile", "expanded", "copy")
NEGATIVE_KINDS = (
    "same-headline",
    "similar-headline",
    "same-topic-same-day",
    "recurring-report",
)
FIELDS = ("a", "b", "same", "kind", "split", "jaccard", "note")

Record = dict
Predicate = Callable[[Record, Record], bool]


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    same: bool
    kind: str
    split: str
    note: str
    jaccard: float


class CorporaMissing(FileNotFoundError):
    """The research corpora are not where they were expected."""


# --- reading -----------------------------------------------------------------


def load_pairs(path: Path | str | None = None) -> list[Pair]:
    """Read the labelled pairs (``pairs.csv`` beside this module by default)."""
    path = Path(path) if path else PAIRS_CSV
    pairs = []
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            pair = Pair(
                a=row["a"],
                b=row["b"],
                same=row["same"] == "1",
                kind=row["kind"],
                split=row["split"],
                note=row["note"],
                jaccard=float(row["jaccard"]),
            )
            kinds = POSITIVE_KINDS if pair.same else NEGATIVE_KINDS
            if pair.kind not in kinds or pair.split not in SPLITS:
                raise ValueError(f"{path}: bad kind/split in row {row}")
            pairs.append(pair)
    return pairs


def load_all_pairs() -> list[Pair]:
    """pairs.csv, and fresh.csv where it is there."""
    return load_pairs() + (load_pairs(FRESH_CSV) if FRESH_CSV.exists() else [])


def corpus_of(record_id: str) -> str:
    """Which corpus file holds this id."""
    return "reuters-financial" if record_id.startswith("reutersfin-") else "news-scale"


def load_records(
    ids: Iterable[str], corpora: Path | str | None = None
) -> dict[str, Record] | None:
    """Stream the corpora once and keep only the records whose id is in ``ids``.

    With the default location (``<repo parent>/shared/corpora``) missing this
    returns None, so a caller can skip; an explicitly given directory that is
    missing, a missing corpus file, or ids not found raise ``CorporaMissing``
    / ``KeyError`` with a message that says what is absent.
    """
    wanted = set(ids)
    root = Path(corpora) if corpora else DEFAULT_CORPORA
    if not root.is_dir():
        if corpora is None:
            return None
        raise CorporaMissing(f"corpora directory not found: {root}")
    records: dict[str, Record] = {}
    for corpus, relpath in CORPUS_FILES.items():
        need = {i for i in wanted if corpus_of(i) == corpus}
        if not need:
            continue
        path = root / relpath
        if not path.is_file():
            raise CorporaMissing(f"{corpus} not found: {path}")
        with lzma.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                # Every line starts with {"id": "..."; avoid parsing the rest.
                end = line.find('"', 8)
                if line.startswith('{"id": "') and line[8:end] not in need:
                    continue
                record = json.loads(line)
                if record["id"] in need:
                    records[record["id"]] = record
                    if need <= records.keys():
                        break
    missing = wanted - records.keys()
    if missing:
        raise KeyError(
            f"{len(missing)} ids not in the corpora, e.g. {sorted(missing)[:5]}"
        )
    return records


# --- the columns: jaccard and split --------------------------------------------

WORD = re.compile(r"\w+")


def shingles(text: str | None, n: int = 5) -> set[str]:
    """Word n-grams of the lower-cased text (a text shorter than n is one shingle)."""
    words = WORD.findall((text or "").lower())
    if len(words) < n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def jaccard(text_a: str | None, text_b: str | None, n: int = 5) -> float:
    """Jaccard similarity of the n-word shingle sets (0.0 if either is empty)."""
    x, y = shingles(text_a, n), shingles(text_b, n)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def assign_split(a: str, b: str, seed: str = SPLIT_SEED) -> str:
    """Reproducible split: one pair in three is held out, chosen by a seeded hash."""
    lo, hi = sorted((a, b))
    digest = hashlib.sha256(f"{seed}\n{lo}\n{hi}".encode()).digest()
    return "held-out" if int.from_bytes(digest[:8], "big") % 3 == 0 else "tune"


# --- scoring -------------------------------------------------------------------


def _block(outcomes: list[tuple[bool, bool]]) -> dict:
    """Counts and precision/recall/F1 of 'same story' for (truth, predicted) pairs."""
    tp = sum(1 for t, p in outcomes if t and p)
    fp = sum(1 for t, p in outcomes if not t and p)
    fn = sum(1 for t, p in outcomes if t and not p)
    tn = sum(1 for t, p in outcomes if not t and not p)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision and recall
        else (0.0 if precision is not None and recall is not None else None)
    )
    return {
        "n": len(outcomes),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def score(
    predicate: Predicate, pairs: list[Pair], records: Mapping[str, Record]
) -> dict:
    """Score ``predicate(record_a, record_b) -> bool`` ("same story?") on the pairs.

    Returns precision, recall, F1 and the confusion counts for all pairs and
    per split; per kind the share the predicate got right (for a positive kind
    that is its recall, for a negative kind the share kept apart); and the
    list of mistakes (ids, kind, split) to read.
    """
    outcomes = []
    for pair in pairs:
        predicted = bool(predicate(records[pair.a], records[pair.b]))
        outcomes.append((pair, predicted))
    return summarise(outcomes)


def summarise(outcomes: list[tuple[Pair, bool]]) -> dict:
    """The score dict for already computed (pair, predicted) outcomes."""
    result = {
        "all": _block([(p.same, y) for p, y in outcomes]),
        "split": {
            s: _block([(p.same, y) for p, y in outcomes if p.split == s])
            for s in SPLITS
        },
        "kind": {},
        "mistakes": [],
    }
    for kind in POSITIVE_KINDS + NEGATIVE_KINDS:
        got = [(p, y) for p, y in outcomes if p.kind == kind]
        if not got:
            continue
        correct = sum(1 for p, y in got if p.same == y)
        result["kind"][kind] = {
            "same": kind in POSITIVE_KINDS,
            "n": len(got),
            "predicted_same": sum(1 for _, y in got if y),
            "correct": correct,
            "accuracy": correct / len(got),
        }
    result["mistakes"] = [
        {"a": p.a, "b": p.b, "same": p.same, "kind": p.kind, "split": p.split}
        for p, y in outcomes
        if p.same != y
    ]
    return result


# --- the trivial baseline ------------------------------------------------------

VERSION_MARKER = re.compile(
    r"""^\s*\(?(?:
        update(?:\s*\d+)? | corrected | correction | refile[sd]? | rpt | repeat
    )\)?\s*(?:[-:]\s*|\s+(?=\S))""",
    re.IGNORECASE | re.VERBOSE,
)


def base_title(title: str | None) -> str:
    """Headline with leading version markers (UPDATE 2-, CORRECTED:, REFILE-,
    RPT-, (CORRECTED)-...) removed, lower-cased, whitespace collapsed."""
    text = title or ""
    while True:
        stripped = VERSION_MARKER.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return re.sub(r"\s+", " ", text).strip().lower()


def same_title(a: Record, b: Record) -> bool:
    """Baseline: same headline once version markers are stripped (no headline: no)."""
    ta, tb = base_title(a.get("title")), base_title(b.get("title"))
    return bool(ta) and ta == tb


# --- command line --------------------------------------------------------------


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def format_result(name: str, result: dict) -> str:
    lines = [f"{name}", "  split      n    tp   fp   fn   tn  precision  recall     F1"]
    for label, block in [("all", result["all"])] + list(result["split"].items()):
        lines.append(
            f"  {label:<8} {block['n']:>4} {block['tp']:>5} {block['fp']:>4} "
            f"{block['fn']:>4} {block['tn']:>4}     {_pct(block['precision'])}  "
            f"{_pct(block['recall'])} {_pct(block['f1'])}"
        )
    lines.append("  kind                   n  said same  right")
    for kind, k in result["kind"].items():
        sign = "+" if k["same"] else "-"
        lines.append(
            f"  {sign} {kind:<19} {k['n']:>4} {k['predicted_same']:>10}  "
            f"{_pct(k['accuracy'])}"
        )
    return "\n".join(lines)


def check_columns(pairs: list[Pair], records: Mapping[str, Record]) -> list[str]:
    """Rows whose recorded jaccard or split differ from a recomputation."""
    problems = []
    for p in pairs:
        j = round(jaccard(records[p.a].get("body"), records[p.b].get("body")), 3)
        if abs(j - p.jaccard) > 1e-9:
            problems.append(f"{p.a},{p.b}: jaccard {p.jaccard} != {j}")
        if p.split != "fresh" and assign_split(p.a, p.b) != p.split:
            problems.append(f"{p.a},{p.b}: split {p.split} != {assign_split(p.a, p.b)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS_CSV)
    parser.add_argument("--corpora", type=Path, default=None)
    parser.add_argument("--check", action="store_true", help="recompute the columns")
    parser.add_argument("--json", type=Path, help="write the full scores here")
    args = parser.parse_args(argv)

    pairs = load_pairs(args.pairs)
    n_same = sum(p.same for p in pairs)
    print(f"{len(pairs)} pairs: {n_same} same story, {len(pairs) - n_same} different")

    # A text-similarity rule needs no corpus: the jaccard column is enough.
    scores = {}
    for t in (0.3, 0.5):
        outcomes = [(p, p.jaccard >= t) for p in pairs]
        scores[f"jaccard>={t}"] = summarise(outcomes)
        print(
            format_result(
                f"\nbody shingle jaccard >= {t} (from the csv column)",
                scores[f"jaccard>={t}"],
            )
        )

    started = time.perf_counter()
    ids = {p.a for p in pairs} | {p.b for p in pairs}
    try:
        records = load_records(ids, args.corpora)
    except (CorporaMissing, KeyError) as exc:
        print(f"\ncannot read the corpora: {exc}", file=sys.stderr)
        return 2
    if records is None:
        print(f"\n{DEFAULT_CORPORA} not found: the title baseline needs the corpora")
        return 0 if not args.check else 2
    print(f"\nread {len(records)} records in {time.perf_counter() - started:.1f}s")

    scores["same_title"] = score(same_title, pairs, records)
    print(
        format_result(
            "\nbaseline: same headline after stripping version markers",
            scores["same_title"],
        )
    )

    status = 0
    if args.check:
        problems = check_columns(pairs, records)
        print(f"\ncheck: {len(problems)} rows differ from a recomputation")
        for line in problems[:20]:
            print("  " + line)
        status = 1 if problems else 0
    if args.json:
        args.json.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
