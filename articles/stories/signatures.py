"""What grouping compares, computed once per article.

A story's text is read as overlapping runs of five words (shingles). Its
MinHash (datasketch) estimates how many shingles two texts share without
keeping them; its bands (locality-sensitive hashing) are the keys by which
the archive finds the articles that may be versions of a new one, through an
index in the database (StoryBand), on SQLite and PostgreSQL alike.

datasketch is imported on first use: its package imports scipy (60 MB and
half a second), which a web worker serving readers never needs; an import,
a regrouping or an editor's correction of a text does.
"""

import functools
import hashlib
import re
import zlib
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..parsing.versions import split_markers

SHINGLE_WORDS = 5
PERMUTATIONS = 60
# 30 bands of 2 values: texts sharing 40% of their shingles meet in a band
# almost surely (99.5%), 20% in seven cases of ten, 10% in one of four: the
# short alert inside a long story shares little of it. Versions are found by
# their headline too.
BANDS = 30
ROWS = PERMUTATIONS // BANDS
_SEED = 20240605
_WORD = re.compile(r"\w+")
HEADLINE_LIMIT = 200


@dataclass(frozen=True)
class Signature:
    minhash: np.ndarray  # PERMUTATIONS unsigned 32-bit values
    shingles: int
    headline: str  # the headline's words, lower case, markers taken off

    def to_bytes(self) -> bytes:
        return self.minhash.astype("<u4").tobytes()

    @classmethod
    def from_row(cls, minhash: bytes, shingles: int, headline: str) -> "Signature":
        return cls(np.frombuffer(bytes(minhash), dtype="<u4"), shingles, headline)

    @cached_property
    def band_keys(self) -> tuple[int, ...]:
        """bands(), computed once."""
        return tuple(self.bands())

    def bands(self) -> list[int]:
        """The signature's band keys: signed 64-bit integers, band number
        included, so one indexed column holds them all."""
        values = self.to_bytes()
        width = ROWS * 4
        keys = []
        for band in range(BANDS):
            digest = hashlib.blake2b(
                values[band * width : (band + 1) * width],
                digest_size=8,
                person=band.to_bytes(2, "little"),
            ).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
        return keys


def headline_key(title: str) -> str:
    """A headline's words in lower case, version markers taken off."""
    title, _ = split_markers(title)
    return " ".join(_WORD.findall(title.lower()))[:HEADLINE_LIMIT]


def signature(title: str, body: str) -> Signature:
    """The signature of an article with this headline and body."""
    words = _WORD.findall(body.lower())
    count = max(1, len(words) - SHINGLE_WORDS + 1)
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(count)
    }
    from datasketch import MinHash

    template = _template()
    minhash = MinHash(
        num_perm=PERMUTATIONS,
        hashfunc=zlib.crc32,
        permutations=template.permutations,
        scheme=template.scheme,
    )
    minhash.update_batch(shingles)
    return Signature(
        minhash.hashvalues.astype(np.uint32), len(shingles), headline_key(title)
    )


@functools.cache
def _template():
    """The permutations every signature shares, made once per process."""
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS, seed=_SEED, hashfunc=zlib.crc32)
