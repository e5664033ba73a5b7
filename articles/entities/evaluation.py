"""Score entity spans against gold annotations, the CoNLL-2003 way.

Pure functions: gold and predicted spans in, counts and figures out. The
rules follow ``shared/corpora/conll2003/README.md``: our kinds map to PER, ORG,
LOC and MISC; a predicted span loses a leading "the "; a prediction counts
only when its start, end and type all equal a gold span's; precision, recall
and F1 are micro-averaged over spans; sports-results stories are told apart by
the first word(s) of their first line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

TYPES = ("PER", "ORG", "LOC", "MISC")
# The headline figure: people, organisations and places.
HEADLINE_TYPES = ("PER", "ORG", "LOC")

# spaCy / extractor label -> CoNLL type. Labels not here (DATE, MONEY,
# CARDINAL...) are not entities for this benchmark and are ignored.
CONLL_TYPES = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    # The extractor's own kinds, so its spans can be scored directly.
    "person": "PER",
    "org": "ORG",
    "place": "LOC",
    "group": "MISC",
    "other": "MISC",
}

# A story whose first line starts with one of these is a sports result. A plain
# prefix test, as the corpus README counts them (137 of the 231 test stories
# are left), so "MOTOR RACING" and "HORSE RACING" are caught by their first word.
SPORTS_PREFIXES = (
    *"SOCCER CRICKET RUGBY NHL NBA NFL NCAA GOLF BASKETBALL BADMINTON".split(),
    *"SQUASH TENNIS FREESTYLE SKIING ALPINE ATHLETICS CYCLING BOXING".split(),
    *"MOTOR HORSE SWIMMING BASEBALL".split(),
    "ICE HOCKEY",
    *"HOCKEY Cricket Soccer Tennis Golf FORMULA ROWING SAILING OLYMPIC".split(),
)

_LEADING_THE = re.compile(r"the\s+", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    type: str


class PredictedSpan(Protocol):
    """What a prediction needs: ``articles.entities.extraction.EntitySpan`` has it."""

    start: int
    end: int
    label: str


@dataclass
class Evaluation:
    """Match counts over a corpus, for all stories and for non-sports ones."""

    stories: int = 0
    non_sports_stories: int = 0
    all_counts: Counter = field(default_factory=Counter)
    non_sports_counts: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def is_sports_story(text: str) -> bool:
    """Whether a story is a sports result, judged by its first line."""
    first_line = text.split("\n", 1)[0]
    return first_line.startswith(SPORTS_PREFIXES)


def conll_type(label: str) -> str | None:
    """Map an extractor or spaCy label to PER/ORG/LOC/MISC, or None to ignore."""
    return CONLL_TYPES.get(label)


def predicted_span(text: str, start: int, end: int, label: str) -> Span | None:
    """Turn one predicted (start, end, label) into a scorable span, or None."""
    kind = conll_type(label)
    if kind is None:
        return None
    match = _LEADING_THE.match(text, start, end)
    if match and match.end() < end:
        start = match.end()
    return Span(start, end, kind)


def gold_spans(entities: Iterable[Mapping]) -> set[Span]:
    """Gold spans from a JSON-lines document's ``entities`` list."""
    return {Span(e["start"], e["end"], e["type"]) for e in entities}


def count_matches(gold: Iterable[Span], predicted: Iterable[Span]) -> Counter:
    """Count true/false positives and false negatives per type for one story.

    Keys are ``(type, "tp" | "fp" | "fn")``; a counter per story adds up to a
    counter per corpus.
    """
    gold, predicted = set(gold), set(predicted)
    counts: Counter = Counter()
    for span in predicted:
        counts[span.type, "tp" if span in gold else "fp"] += 1
    for span in gold - predicted:
        counts[span.type, "fn"] += 1
    return counts


def evaluate_stories(
    stories: Iterable[Mapping], predictions: Iterable[Iterable[PredictedSpan]]
) -> Evaluation:
    """Count matches story by story; ``predictions`` run parallel to ``stories``.

    A story is a JSON-lines record: ``{"text": ..., "entities": [...]}``.
    """
    evaluation = Evaluation()
    for story, spans in zip(stories, predictions, strict=True):
        text = story["text"]
        predicted = {
            span
            for item in spans
            if (span := predicted_span(text, item.start, item.end, item.label))
        }
        counts = count_matches(gold_spans(story["entities"]), predicted)
        evaluation.stories += 1
        evaluation.all_counts += counts
        if not is_sports_story(text):
            evaluation.non_sports_stories += 1
            evaluation.non_sports_counts += counts
    return evaluation


def score(counts: Mapping, types: Iterable[str]) -> Score:
    """Micro-averaged figures over the given types."""
    types = tuple(types)
    return Score(
        true_positives=sum(counts.get((t, "tp"), 0) for t in types),
        false_positives=sum(counts.get((t, "fp"), 0) for t in types),
        false_negatives=sum(counts.get((t, "fn"), 0) for t in types),
    )


def score_table(counts: Mapping) -> list[tuple[str, Score]]:
    """Rows of (name, score): each type, then PER+ORG+LOC, then all four."""
    rows = [(kind, score(counts, [kind])) for kind in TYPES]
    rows.append(("PER+ORG+LOC", score(counts, HEADLINE_TYPES)))
    rows.append(("ALL", score(counts, TYPES)))
    return rows


def format_table(title: str, counts: Mapping) -> str:
    """A plain-text table of precision, recall and F1 for ``score_table`` rows."""
    return _format_rows(title, score_table(counts))


def _format_rows(title: str, rows: Iterable[tuple[str, Score]]) -> str:
    lines = [
        title,
        f"{'type':<12} {'precision':>9} {'recall':>9} {'f1':>9} "
        f"{'tp':>6} {'fp':>6} {'fn':>6}",
    ]
    for name, row in rows:
        lines.append(
            f"{name:<12} {row.precision:>9.3f} {row.recall:>9.3f} {row.f1:>9.3f} "
            f"{row.true_positives:>6} {row.false_positives:>6} "
            f"{row.false_negatives:>6}"
        )
    return "\n".join(lines)


# --- wire copy: the entities an editor would keep, story by story ----------

# The extractor's kinds -> the wire gold set's types (bench/entities/wire).
WIRE_TYPES = {"person": "PER", "org": "ORG", "place": "LOC", "group": "NORP"}
WIRE_HEADLINE_TYPES = ("PER", "ORG", "LOC", "NORP")


class NamedEntity(Protocol):
    """What a prediction needs: ``ExtractedEntity`` has it."""

    name: str
    kind: str


@dataclass
class WireEvaluation:
    """Entity-level counts over wire stories, and what an editor would fix.

    A story's gold entity is found when an extracted entity of its type is
    named by one of its mentions; each further entity so named splits it
    (and counts as a false positive: one real thing is one entity). An
    extracted entity that names no gold entity of its type is a false
    positive; `junk` are those named by a string the gold set lists as not
    an entity ("North", "Monday", "the President")."""

    stories: int = 0
    counts: Counter = field(default_factory=Counter)
    splits: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    junk: list[tuple[str, str]] = field(default_factory=list)
    wrong: list[tuple[str, str, str]] = field(default_factory=list)
    missed: list[tuple[str, str, str]] = field(default_factory=list)


# The wire set's types -> the extractor's kinds, to key names the same way.
_WIRE_KINDS = {wire: kind for kind, wire in WIRE_TYPES.items()}


def _wire_key(name: str, wire_type: str) -> str:
    """A name as the archive keys it: tidied as the extractor tidies it (a
    place's "Prefecture" dropped), under the one name the archive gives a
    thing of several ("NATO" is the North Atlantic Treaty Organization),
    then normalised ("U.S." is "us")."""
    from ..models import normalize_name
    from .extraction import canonical, tidy_name

    kind = _WIRE_KINDS.get(wire_type, "other")
    return normalize_name(canonical(tidy_name(name, kind), kind)[0])


def evaluate_wire_story(
    evaluation: WireEvaluation,
    story: Mapping,
    predicted: Iterable[NamedEntity],
) -> None:
    """Add one story's counts to `evaluation`. `story` is an entry of the
    gold set's gold.json: file, entities (name, type, mentions) and
    not_entities."""
    evaluation.stories += 1
    owners: dict[tuple[str, str], int] = {}
    for number, entity in enumerate(story["entities"]):
        for mention in [entity["name"], *entity["mentions"]]:
            key = _wire_key(mention, entity["type"])
            owners.setdefault((entity["type"], key), number)
    junk = {_wire_key(name, "") for name in story.get("not_entities", ())}
    found: dict[int, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    for item in predicted:
        kind = WIRE_TYPES.get(item.kind)
        key = _wire_key(item.name, kind or "")
        if kind is None or not key or (kind, key) in seen:
            continue
        seen.add((kind, key))
        number = owners.get((kind, key))
        if number is not None:
            found.setdefault(number, []).append(item.name)
            first = len(found[number]) == 1
            evaluation.counts[kind, "tp" if first else "fp"] += 1
            continue
        evaluation.counts[kind, "fp"] += 1
        if key in junk:
            evaluation.junk.append((story["file"], item.name))
        else:
            evaluation.wrong.append((story["file"], kind, item.name))
    for number, entity in enumerate(story["entities"]):
        if number not in found:
            evaluation.counts[entity["type"], "fn"] += 1
            evaluation.missed.append((story["file"], entity["type"], entity["name"]))
        elif len(found[number]) > 1:
            evaluation.splits.append(
                (story["file"], entity["name"], tuple(found[number]))
            )


def format_wire_table(title: str, counts: Mapping) -> str:
    """Like format_table, over the wire set's four types."""
    rows = [(kind, score(counts, [kind])) for kind in WIRE_HEADLINE_TYPES]
    rows.append(("PER+ORG+LOC", score(counts, HEADLINE_TYPES)))
    rows.append(("ALL", score(counts, WIRE_HEADLINE_TYPES)))
    return _format_rows(title, rows)
