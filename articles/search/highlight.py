"""Marking hits in headlines and choosing the best passage of a body.

Done here in Python rather than with FTS5's snippet() or PostgreSQL's
ts_headline(), so both databases show the same snippets, a phrase is marked as
one phrase, and the cost is bounded: only the first MAX_CHARS characters of an
article are read, and only for the page of results shown.
"""

import re

from .base import MARK_END, MARK_START, leaves
from .query import ParsedQuery, Phrase, Term
from .text import MAX_WORD_LENGTH, Token, stem, tokens

MAX_CHARS = 60_000
_ASCII_WORD = re.compile(r"[a-z0-9]+")  # text.tokens() on ASCII text
SNIPPET_WORDS = 36
CONTEXT_WORDS = 6


def highlight(text: str, query: ParsedQuery) -> str:
    """`text` with every hit wrapped in MARK_START/MARK_END."""
    words = list(tokens(text[:MAX_CHARS]))
    if not words:
        return text
    marked = _mark(text, words, _hits(words, query), 0, len(words))
    return text[: words[0].start] + marked + text[words[-1].end :]


def snippet(text: str, query: ParsedQuery, *, size: int = SNIPPET_WORDS) -> str:
    """The passage of `text` with the most hits, hits marked, "…" where cut."""
    scanned = text[:MAX_CHARS]
    if scanned.isascii():
        words = _AsciiWords(scanned, query)
    else:
        words = list(tokens(scanned))
    if not words:
        return ""
    hits = _hits(words, query)
    start = _best_window(hits, size, len(words))
    end = min(len(words), start + size)
    marked = _mark(text, words, hits, start, end)
    before = "… " if start > 0 else scanned[: words[0].start].lstrip()
    if end < len(words) or len(text) > MAX_CHARS:
        after = " …"
    else:
        after = scanned[words[-1].end :].rstrip()
    return before + marked + after


def _patterns(query: ParsedQuery):
    """(stems, prefix) for each word or phrase a matching article contains."""
    patterns = []
    for leaf, _ in leaves(query.tree):
        if isinstance(leaf, Term):
            patterns.append(
                ((leaf.word if leaf.prefix else stem(leaf.word),), leaf.prefix)
            )
        elif isinstance(leaf, Phrase):
            patterns.append((tuple(stem(w) for w in leaf.words), False))
    return patterns


def _hits(words, query) -> list[tuple[int, int]]:
    """(first, last) word index of each hit, in order, not overlapping."""
    stems = words.stems if isinstance(words, _AsciiWords) else [w.stem for w in words]
    found = []
    for pattern, prefix in _patterns(query):
        size, first = len(pattern), pattern[0]
        last = len(stems) - size
        if prefix:
            found += [(i, i) for i, s in enumerate(stems) if s.startswith(first)]
        else:
            found += [
                (i, i + size - 1)
                for i, s in enumerate(stems)
                if s == first and i <= last and tuple(stems[i : i + size]) == pattern
            ]
    found.sort()
    merged = []
    for first, last in found:
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def _best_window(hits, size, total) -> int:
    """Start of the `size`-word window holding the most hits (earliest wins)."""
    if not hits:
        return 0
    best_start, best_count, right = hits[0][0], 0, 0
    for left, (first, _) in enumerate(hits):
        right = max(right, left)
        while right < len(hits) and hits[right][1] < first + size:
            right += 1
        if right - left > best_count:
            best_start, best_count = first, right - left
    start = max(0, best_start - CONTEXT_WORDS)
    return max(0, min(start, total - size))


def _mark(text, words, hits, start, end) -> str:
    """text from word `start` to word `end`, with the hits inside marked."""
    if start >= end:
        return ""
    pieces, position = [], words[start].start
    for first, last in hits:
        if last < start or first >= end:
            continue
        first, last = max(first, start), min(last, end - 1)
        pieces.append(text[position : words[first].start])
        pieces.append(
            MARK_START + text[words[first].start : words[last].end] + MARK_END
        )
        position = words[last].end
    pieces.append(text[position : words[end - 1].end])
    return "".join(pieces)


class _AsciiWords:
    """The words of an ASCII text as snippet() reads them, like tokens(), but
    cheaper: only words that can match the query are stemmed, and where a word
    stands is found only for the words up to the passage shown."""

    def __init__(self, text: str, query: ParsedQuery):
        self.lower = text.lower()
        found = _ASCII_WORD.findall(self.lower)
        if found and max(map(len, found)) > MAX_WORD_LENGTH:
            found = [w for w in found if len(w) <= MAX_WORD_LENGTH]
        # A word and its stem share their first letter ("dying", "die").
        initials = {
            word[0] for pattern, _ in _patterns(query) for word in pattern if word
        }
        self.stems = [stem(w) if w[0] in initials else "" for w in found]
        self._spans = []
        self._finder = _ASCII_WORD.finditer(self.lower)

    def __len__(self):
        return len(self.stems)

    def __getitem__(self, index):
        if index < 0:
            index += len(self.stems)
        while len(self._spans) <= index:
            match = next(self._finder)
            if match.end() - match.start() <= MAX_WORD_LENGTH:
                self._spans.append(match.span())
        start, end = self._spans[index]
        return Token(self.stems[index], start, end)
