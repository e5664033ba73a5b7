"""Marking hits in headlines and choosing the best passage of a body.

Done here in Python rather than with FTS5's snippet() or PostgreSQL's
ts_headline(), so both databases show the same snippets, a phrase is marked as
one phrase, and the cost is bounded: only the first MAX_CHARS characters of an
article are read, and only for the page of results shown.
"""

from .marks import MARK_END, MARK_START
from .query import ParsedQuery, Phrase, Term, leaves
from .text import MAX_WORD_LENGTH, Token, stem, tokens

MAX_CHARS = 60_000
# For _AsciiWords: the text with every character between words made a space,
# and the same with every character of a word made "a".
_ASCII_SPACED = bytes(c if chr(c).isalnum() else 32 for c in range(256))
_ASCII_MASK = bytes(97 if chr(c).isalnum() else 32 for c in range(256))
_TOO_LONG = b"a" * (MAX_WORD_LENGTH + 1)
SNIPPET_WORDS = 36
CONTEXT_WORDS = 6


def highlight(text: str, query: ParsedQuery) -> str:
    """`text` with every hit wrapped in MARK_START/MARK_END."""
    words = list(tokens(text[:MAX_CHARS]))
    if not words:
        return text
    marked = _mark(text, words, _hits([w.stem for w in words], query), 0, len(words))
    return text[: words[0].start] + marked + text[words[-1].end :]


def snippet(text: str, query: ParsedQuery, *, size: int = SNIPPET_WORDS) -> str:
    """The passage of `text` with the most hits, hits marked, "…" where cut."""
    scanned = text[:MAX_CHARS]
    words = _AsciiWords(scanned) if scanned.isascii() else None
    if words is None or words.too_long:
        words = list(tokens(scanned))
        hits = _hits([w.stem for w in words], query)
    else:
        hits = words.hits(_patterns(query))
    if not words:
        return ""
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


def _hits(stems, query) -> list[tuple[int, int]]:
    """(first, last) word index of each hit, in order, not overlapping."""
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
    return _merged(found)


def _merged(found) -> list[tuple[int, int]]:
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
    without making a string of every word: the text is mapped once to a mask
    (" " between words, "a" in them) and words are found and counted with
    str.find() and str.count(). Only words with a query word's first letter
    are read and stemmed, and a word's place is worked out only for the hits
    and the passage shown."""

    def __init__(self, text: str):
        lower = text.lower()
        self.lower = lower
        # Both one character longer than the text: a word starting at i has
        # " " at i and its first letter (or "a") at i + 1.
        encoded = b" " + lower.encode("ascii")
        self.spaced = encoded.translate(_ASCII_SPACED)
        self.mask = encoded.translate(_ASCII_MASK)
        # tokens() leaves out such junk; the slower path handles it.
        self.too_long = _TOO_LONG in self.mask
        self.total = self.mask.count(b" a")
        self._starts = {}  # word number -> where it starts, as far as known

    def __len__(self):
        return self.total

    def hits(self, patterns) -> list[tuple[int, int]]:
        """_hits() of these words."""
        found = []  # (start of first word, start of last word, number of words)
        for pattern, prefix in patterns:
            first = pattern[0] if pattern else ""
            if not first:
                continue
            for needle in _needles(first):
                position = -1
                while (position := self.spaced.find(needle, position + 1)) >= 0:
                    word_stem = stem(self._word_at(position))
                    if word_stem.startswith(first) if prefix else word_stem == first:
                        last = self._phrase_end(position, pattern)
                        if last is not None:
                            found.append((position, last, len(pattern)))
        if not found:
            return []
        found.sort()
        hits, number, counted = [], 0, 0
        for start, last, size in found:
            # The words that start before `start`, counted on from the last hit.
            number += self.mask.count(b" a", counted, start + 1)
            counted = start
            self._starts[number] = start
            self._starts[number + size - 1] = last
            hits.append((number, number + size - 1))
        return _merged(hits)

    def _word_at(self, start: int) -> str:
        end = self.mask.find(b" ", start + 1)
        return self.lower[start : end - 1 if end >= 0 else len(self.lower)]

    def _phrase_end(self, start, pattern):
        """Where the last word of `pattern` starts, if the words from `start`
        are its words (the first one is), else None."""
        for word in pattern[1:]:
            start = self.mask.find(b" a", start + 1)
            if start < 0 or stem(self._word_at(start)) != word:
                return None
        return start

    def __getitem__(self, index):
        if index < 0:
            index += self.total
        start = self._starts.get(index)
        if start is None:
            start = self._find(index)
        end = self.mask.find(b" ", start + 1)
        return Token("", start, end - 1 if end >= 0 else len(self.lower))

    def _find(self, index) -> int:
        """Where word `index` starts, walking from the nearest word known."""
        known = self._starts
        if not known:
            known[0] = self.mask.find(b" a")
            known[self.total - 1] = self.mask.rfind(b" a")
        nearest = min(known, key=lambda n: abs(n - index))
        position = known[nearest]
        for _ in range(index - nearest):
            position = self.mask.find(b" a", position + 1)
        for _ in range(nearest - index):
            position = self.mask.rfind(b" a", 0, position + 1)
        known[index] = position
        return position


def _needles(first: str) -> list[bytes]:
    """How the words whose stems start with `first` begin, after a space.

    A word and its stem share their first two letters, but for "dying" and
    the like ("die"), and stems of one letter ("oing", "o"): checked against
    the words of a 100,000-article archive and a dictionary."""
    start = first[:2].encode("ascii", "replace")
    needles = [b" " + start]
    if len(start) == 2 and start[1:] == b"i":
        needles.append(b" " + start[:1] + b"y")
    return needles
