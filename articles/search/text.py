"""Words as search sees them: the one tokeniser and stemmer both databases use.

SQLite's FTS5 and PostgreSQL split text and stem words differently (FTS5's
porter is the 1980 algorithm, PostgreSQL's english is Snowball's; PostgreSQL's
parser keeps "U.S." and "e-mail" whole and drops stop words). To give the same
answers on both, newsroom does it here, once: each article is stored in the
index as its stemmed words separated by spaces, and each database only splits
on those spaces. Queries go through the same functions.
"""

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

import Stemmer

# Letters and digits; everything else separates words. A "word" longer than
# this is junk (a URL, a data dump) and is left out of the index and queries.
WORD_RE = re.compile(r"[^\W_]+")
MAX_WORD_LENGTH = 64

_stemmer = Stemmer.Stemmer("english")
_stemmer.maxCacheSize = 50_000
# ASCII text splits the same way as WORD_RE, twice as fast: every character but
# a letter or a digit becomes a space.
_ASCII_SEPARATORS = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not c.isalnum()}
)
_ASCII_WORD_RE = re.compile(r"[a-z0-9]+")
# Stems of the words seen while indexing, for the importer; cleared when full.
_STEMS: dict[str, str] = {}
MAX_CACHED_STEMS = 200_000


class Token(NamedTuple):  # a tuple: highlighting makes one per word
    stem: str
    start: int
    end: int


def fold(text: str) -> str:
    """Lower case without accents: "Café" -> "cafe"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The folded, unstemmed words of `text`."""
    if text.isascii():
        found = text.lower().translate(_ASCII_SEPARATORS).split()
    else:
        found = WORD_RE.findall(fold(text))
    if found and max(map(len, found)) > MAX_WORD_LENGTH:
        return [w for w in found if len(w) <= MAX_WORD_LENGTH]
    return found


@lru_cache(maxsize=10_000)
def stem(word: str) -> str:
    """The stem of one folded word: "defectors" -> "defector"."""
    return _stemmer.stemWord(word)


def stems(text: str) -> list[str]:
    """The stemmed words of `text`, in order."""
    found = words(text)
    try:
        return [_STEMS[w] for w in found]
    except KeyError:
        if len(_STEMS) > MAX_CACHED_STEMS:
            _STEMS.clear()
        result = _stemmer.stemWords(found)
        _STEMS.update(zip(found, result, strict=True))
        return result


def index_text(text: str) -> str:
    """What the index stores for `text`: its stems separated by single spaces."""
    return " ".join(stems(text))


def tokens(text: str) -> Iterator[Token]:
    """Each word of `text` with its stem and where it stands, for highlighting."""
    if text.isascii():  # the same words as below, found faster
        for match in _ASCII_WORD_RE.finditer(text.lower()):
            if match.end() - match.start() <= MAX_WORD_LENGTH:
                yield Token(stem(match.group()), match.start(), match.end())
        return
    for match in WORD_RE.finditer(text):
        folded = words(match.group())
        if len(folded) == 1:
            yield Token(stem(folded[0]), match.start(), match.end())
        elif folded:  # a ligature or similar that folds into several words
            for word in folded:
                yield Token(stem(word), match.start(), match.end())
