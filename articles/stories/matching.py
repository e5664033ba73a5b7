"""Whether two articles are versions or copies of one story.

The evidence, in order of weight:

- the text: the share of five-word shingles two texts have in common
  (Jaccard, estimated from their MinHashes), and the share of the shorter
  text found in the longer (containment: an alert of three paragraphs is
  wholly inside the story that follows it);
- the headline: versions keep it, or most of it ("UPDATE 2-" taken off);
- the time: versions follow one another within hours or days (a short alert
  and the story written through under its headline a few hours later share
  little text); a weekly "FACTBOX-" or a daily market report with the same
  headline does not;
- what the headline cannot tell: a factbox or timeline re-issued a day later
  with a new peg, one-line templates (dividends, contract awards) that differ
  only in the company named in their headlines, and headlines that are
  strings of topic codes.

Two texts that are nearly the same, with the same version markers, are
copies (the same story from another feed or file); otherwise versions.
The thresholds were chosen on bench/stories/pairs.csv and are checked on
bench/stories/fresh.csv, labelled after they were fixed
(bench/stories/evaluate.py).
"""

import datetime
import re
from dataclasses import dataclass

import numpy as np

from .signatures import Signature

# Texts sharing this share of their shingles are one story (Jaccard).
SAME_TEXT = 0.4
# The shorter text found in the longer this much: a version grown or cut.
CONTAINED = 0.9
# With headlines that share this many of their words, this much of the text.
NEAR_HEADLINE = 0.5
CONTAINED_WITH_HEADLINE = 0.3
# Sent close together, the same headline alone, or some of the text, will do:
# an alert and the story written through under it.
SAME_HEADLINE_WITHIN = datetime.timedelta(hours=12)
# ... or most of the headline and a little of the text (a short first take
# rewritten through under a reworded headline).
CLOSE_HEADLINE = 0.6
CONTAINED_CLOSE = 0.1
CONTAINED_SOON = 0.4
SOON = datetime.timedelta(hours=6)
# Versions of one story are sent within two days; nearly the same text may
# come again for a week (a REPEAT, a refile, another feed).
VERSIONS_WITHIN = datetime.timedelta(days=2)
RESENT = 0.8
RESENT_WITHIN = datetime.timedelta(days=7)
# Nearly the same text with the same markers: a copy, not a version.
COPY = 0.9
# A reference piece (a factbox, a timeline) is re-issued under its headline
# with a new peg and refreshed entries: a different story unless nearly the
# same text, once it is sent more than SAME_HEADLINE_WITHIN after the other.
REFERENCE_PIECES = frozenset(
    "factbox timeline chronology snapshot calendar diary highlights scenarios".split()
)
# Texts this short are templates (a dividend line, a contract award) whose
# wording is shared by every company's item: only the same headline, or
# the same text, makes them one story.
TEMPLATE_SHINGLES = 60
# The index finds candidates by week: an article is compared with those sent
# in the weeks within RESENT_WITHIN of it (undated ones with undated ones).
# Versions come close together, so an import in the order of sending writes
# into the same few weeks of the index, not all over it.
WEEK = datetime.timedelta(days=7)
_EPOCH = datetime.datetime(1970, 1, 5, tzinfo=datetime.UTC)  # a Monday

_WORD = re.compile(r"\w+")
_VOWELS = frozenset("aeiouy")


@dataclass(frozen=True)
class Candidate:
    """An article as grouping sees it."""

    id: int
    signature: Signature
    when: datetime.datetime | None
    version: str = ""

    @property
    def week(self) -> int | None:
        """The week the article was sent in (its bucket in the index)."""
        return week_of(self.when)

    @property
    def weeks_near(self) -> tuple[int | None, ...]:
        """The weeks whose articles may be versions of this one."""
        if self.when is None:
            return (None,)
        try:
            first = week_of(self.when - RESENT_WITHIN)
            last = week_of(self.when + RESENT_WITHIN)
        except OverflowError:  # a date at the end of the calendar
            return (self.week,)
        return tuple(range(first, last + 1))


def week_of(moment: datetime.datetime | None) -> int | None:
    """Weeks since 1970 (Mondays, UTC), or None for no time."""
    if moment is None:
        return None
    return (moment - _EPOCH) // WEEK


@dataclass(frozen=True)
class Match:
    """How an article relates to another of the same story."""

    score: float
    copy: bool


def estimate(a: Signature, b: Signature) -> tuple[float, float]:
    """(Jaccard, containment of the smaller in the larger) of two texts'
    shingles, from their signatures."""
    jaccard = float(np.count_nonzero(a.minhash == b.minhash)) / len(a.minhash)
    small, large = sorted((a.shingles, b.shingles))
    shared = jaccard * (small + large) / (1 + jaccard)
    return jaccard, min(1.0, shared / max(1, small))


def headline_overlap(a: str, b: str) -> float:
    """The share of words two headlines have in common (Jaccard)."""
    words_a, words_b = set(a.split()), set(b.split())
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / len(words_a | words_b)


def looks_like_codes(headline: str) -> bool:
    """Whether a headline is a string of topic codes standing in for one
    ("olrtxt dbt fund mmt gvd ..."): many words, most without a vowel."""
    words = [word for word in headline.split() if len(word) > 1 and word.isalpha()]
    if len(words) < 5:
        return False
    return sum(not _VOWELS.intersection(word) for word in words) >= 0.4 * len(words)


def match(new: Candidate, old: Candidate) -> Match | None:
    """How `new` relates to `old`, or None when they are different stories."""
    jaccard, contained = estimate(new.signature, old.signature)
    gap = abs(new.when - old.when) if new.when and old.when else None
    if gap is not None and gap > (
        RESENT_WITHIN if jaccard >= RESENT else VERSIONS_WITHIN
    ):
        return None
    headlines = headline_overlap(new.signature.headline, old.signature.headline)
    close = gap is not None and gap <= SAME_HEADLINE_WITHIN
    soon = gap is not None and gap <= SOON
    if (jaccard < RESENT and not close and _reference_piece(new, old)) or (
        jaccard < COPY and headlines < 1 and _templates(new, old)
    ):
        return None
    same_headline = (
        headlines == 1 and close and not looks_like_codes(new.signature.headline)
    )
    if (
        jaccard >= SAME_TEXT
        or contained >= CONTAINED
        or (headlines >= NEAR_HEADLINE and contained >= CONTAINED_WITH_HEADLINE)
        or same_headline
        or (close and headlines >= CLOSE_HEADLINE and contained >= CONTAINED_CLOSE)
        or (contained >= CONTAINED_SOON and soon)
    ):
        copy = jaccard >= COPY and new.version == old.version
        return Match(score=contained + jaccard + headlines / 2, copy=copy)
    return None


def _reference_piece(new: Candidate, old: Candidate) -> bool:
    return any(
        candidate.signature.headline.partition(" ")[0] in REFERENCE_PIECES
        for candidate in (new, old)
    )


def _templates(new: Candidate, old: Candidate) -> bool:
    return max(new.signature.shingles, old.signature.shingles) < TEMPLATE_SHINGLES


def best_match(new: Candidate, olds) -> tuple[Candidate, Match] | None:
    """The candidate `new` is most like, and how, among those it matches."""
    best = None
    for old in olds:
        found = match(new, old)
        if found and (best is None or found.score > best[1].score):
            best = (old, found)
    return best
