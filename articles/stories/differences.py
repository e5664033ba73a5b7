"""What changed between two versions of a story, word by word.

The texts are compared as words with the spaces after them, so that the
difference reads as the text does; runs of inserted and deleted words are
kept whole. Each piece is plain text: templates escape it like any other.
"""

import difflib
import re
from dataclasses import dataclass

_WORDS = re.compile(r"\S+\s*|\s+")
# Words compared at most a side (more than the longest story seen, about
# 10,000 words): difflib's cost grows with the product of the lengths.
MAX_WORDS = 20_000


@dataclass(frozen=True)
class Piece:
    """A run of text: "same", "added" (only in the newer version) or
    "removed" (only in the older)."""

    kind: str
    text: str


def differences(older: str, newer: str) -> list[Piece]:
    """The pieces that turn `older` into `newer`, in reading order."""
    old_words = _WORDS.findall(older)[:MAX_WORDS]
    new_words = _WORDS.findall(newer)[:MAX_WORDS]
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _add(pieces, "same", "".join(old_words[i1:i2]))
            continue
        if op in ("delete", "replace"):
            _add(pieces, "removed", "".join(old_words[i1:i2]))
        if op in ("insert", "replace"):
            _add(pieces, "added", "".join(new_words[j1:j2]))
    return pieces


def _add(pieces: list[Piece], kind: str, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].kind == kind:
        pieces[-1] = Piece(kind, pieces[-1].text + text)
    else:
        pieces.append(Piece(kind, text))


def changed_words(pieces: list[Piece]) -> tuple[int, int]:
    """(words added, words removed)."""
    added = sum(len(p.text.split()) for p in pieces if p.kind == "added")
    removed = sum(len(p.text.split()) for p in pieces if p.kind == "removed")
    return added, removed
