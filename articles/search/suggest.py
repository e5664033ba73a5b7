"""Words that matched nothing, and "did you mean ...?" from the archive's words."""

import re
import string
from dataclasses import dataclass

from .query import STOP_WORDS, ParsedQuery, Term, leaves
from .text import stem

LETTERS = string.ascii_lowercase
MIN_WORD = 3
# A word one edit away must be in this many times more articles to be offered.
RARITY = 10


@dataclass(frozen=True)
class Suggestion:
    text: str  # the whole query, corrected
    words: tuple[tuple[str, str], ...]  # (typed, suggested)


def known_words(query: ParsedQuery, backend) -> dict[str, bool]:
    """Whether any article contains each plain word of the query."""
    words = _plain_words(query)
    known = backend.known_terms(list({stem(w) for w in words}))
    return {w: stem(w) in known for w in words}


def word_counts(query: ParsedQuery, backend) -> dict[str, int]:
    """How many articles contain each plain word of the query."""
    words = _plain_words(query)
    counts = backend.term_counts([stem(w) for w in words])
    return {w: counts[stem(w)] for w in words}


def did_you_mean(
    query: ParsedQuery, backend, counts: dict[str, int]
) -> Suggestion | None:
    """The query with its unknown or rare words replaced by far commoner archive
    words one edit away, or None when there is nothing better to suggest."""
    replacements = []
    for word, count in counts.items():
        if len(word) < MIN_WORD or not word.isalpha() or not word.isascii():
            continue
        # Stems are not words: "overment" stems to "over", in every article.
        # Several spellings share a stem ("governent", "government"): offer
        # the longest, as typing drops letters more often than it adds them.
        candidates = {}
        for candidate in sorted(_edits(word), key=lambda c: (len(c), c)):
            if candidate not in STOP_WORDS and stem(candidate) not in STOP_WORDS:
                candidates[stem(candidate)] = candidate
        found = backend.term_counts(list(candidates))
        best = max(found, key=lambda s: (found[s], s), default=None)
        if best and found[best] > max(RARITY * count, 0):
            replacements.append((word, candidates[best]))
    if not replacements:
        return None
    text = query.text
    for typed, suggested in replacements:
        text = re.sub(rf"(?i)\b{re.escape(typed)}\b", suggested, text, count=1)
    return Suggestion(text=text, words=tuple(replacements))


def _plain_words(query):
    seen = []
    for leaf, _ in leaves(query.tree):
        words = [leaf.word] if isinstance(leaf, Term) and not leaf.prefix else []
        words += [] if isinstance(leaf, Term) else list(leaf.words)
        seen.extend(w for w in words if w not in seen)
    return seen


def _edits(word):
    """Every word one deletion, swap, change or insertion away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    changes = [a + c + b[1:] for a, b in splits if b for c in LETTERS]
    inserts = [a + c + b for a, b in splits for c in LETTERS]
    return set(deletes + swaps + changes + inserts) - {word}
