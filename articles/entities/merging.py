"""One entity per real thing across the archive: automatic merges.

Within a story the extractor already names a short form after the full name
("Sato" after "Taro Sato"). A story that only ever says "Tedros" or
"Samsung", or an archive filled before the extractor knew that "U.S." is the
United States, leaves entities that are another's short form. They are
merged here, each merge recorded (EntityMerge) so that an editor sees it in
the admin and can undo it; a merge undone is never made again, and what an
editor merged, renamed or hid stays as it is.

The rules are cautious on purpose: a one-word name is merged only into the
one longer name it can stand for. Korean news names many Kims: while the
archive knows "Kim Jong Un" and "Kim Yo Jong", a bare "Kim" stays apart.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction

from ..models import Entity, EntityKind, EntityMerge, Mention, normalize_name
from .curation import merge_entities
from .extraction import _COMPANY_SUFFIXES, _TITLES, canonical
from .extraction import _PARTICLES as PARTICLES

# A short form's and a full name's company is read from this many articles;
# they must share this many of the people and organisations named beside
# them, and this share of the fewer's: one name in common is nearly always
# there in team lists and market reports.
COMPANY_ARTICLES = 200
SHARED_COMPANY = 2
SHARED_SHARE = 0.25
# Entities marked checked per statement (SQLite's bound on parameters).
CHECKED_AT_ONCE = 10_000
# Words that lead names the model takes for people and are not first names:
# "Rapper Eminem", "Fellow Bath", "Hotel Rwanda", "Lords Bingham".
_NOT_FIRST_NAMES = {
    *"rapper singer actor actress fellow hotel lords lord star striker".split(),
    *"midfielder defender coach manager captain chief boss veteran".split(),
}


@dataclass(frozen=True)
class Merge:
    """An entity to fold into another, and why."""

    other: Entity
    survivor: Entity
    reason: str


def planned_merges(involving: set[int] | None = None) -> list[Merge]:
    """The merges the rules call for now, largest survivor first; with
    `involving` (entity ids), only those where one side is among them."""
    entities = list(
        Entity.objects.filter(article_count__gt=0).only(
            "pk", "name", "normalized", "kind", "slug", "article_count"
        )
    )
    refused = set(
        EntityMerge.objects.filter(undone_at__isnull=False).values_list(
            "kind", "name", "survivor_id"
        )
    )
    company = _Company({e.pk: e.kind for e in entities})
    found = {}
    for merge in _candidates(entities):
        key = (merge.other.kind, merge.other.name, merge.survivor.pk)
        if key in refused or merge.other.pk in found:
            continue
        if (
            involving is not None
            and not {merge.other.pk, merge.survivor.pk} & involving
        ):
            continue
        if merge.reason.startswith("short form") and not company.shared(merge):
            continue
        found[merge.other.pk] = merge
    # Nothing is merged into an entity that is itself being merged away.
    merges = [m for m in found.values() if m.survivor.pk not in found]
    return sorted(merges, key=lambda m: (-m.survivor.article_count, m.other.name))


@transaction.atomic
def merge_automatically(
    merges: list[Merge] | None = None, *, involving: set[int] | None = None
) -> list[Merge]:
    """Make the planned merges (or `merges`, planned for `involving`), all or
    none of them, and mark the entities checked (all when `involving` is
    None); returns the merges made."""
    merges = planned_merges(involving) if merges is None else merges
    for merge in merges:
        merge_entities(
            merge.survivor, [merge.other], automatic=True, reason=merge.reason
        )
    unchecked = Entity.objects.filter(merges_checked=False)
    if involving is None:
        unchecked.update(merges_checked=True)
    else:
        ids = sorted(involving)
        for start in range(0, len(ids), CHECKED_AT_ONCE):
            batch = ids[start : start + CHECKED_AT_ONCE]
            unchecked.filter(pk__in=batch).update(merges_checked=True)
    return merges


def merge_unchecked() -> list[Merge]:
    """The merges of entities named since their last check (by this import or
    one stopped before its end), made; returns them."""
    unchecked = Entity.objects.filter(merges_checked=False)
    involving = set(unchecked.values_list("pk", flat=True))
    return merge_automatically(involving=involving) if involving else []


class _Company:
    """The people and organisations named beside an entity, read once each."""

    def __init__(self, kinds: dict[int, str]):
        self.kinds = kinds
        self.known: dict[int, set[int]] = {}

    def shared(self, merge: Merge) -> bool:
        """Whether the short form is named beside people or organisations also
        named beside the full name: "Tedros" and "Tedros Adhanom Ghebreyesus"
        both beside the World Health Organization and Gavi; not a lone
        "Audrey" in an obituary and "Audrey Tautou" in a film story."""
        both = {merge.other.pk, merge.survivor.pk}
        mine = self.of(merge.other.pk) - both
        theirs = self.of(merge.survivor.pk) - both
        shared = len(mine & theirs)
        return shared >= SHARED_COMPANY and shared >= SHARED_SHARE * min(
            len(mine), len(theirs)
        )

    def of(self, entity_id: int) -> set[int]:
        if entity_id not in self.known:
            articles = (
                Mention.objects.filter(entity_id=entity_id)
                .order_by("-published", "-article_id")
                .values("article_id")[:COMPANY_ARTICLES]
            )
            named = Mention.objects.filter(article_id__in=articles).order_by()
            self.known[entity_id] = {
                other
                for other in named.values_list("entity_id", flat=True)
                if self.kinds.get(other) in _COMPANY_KINDS
            }
        return self.known[entity_id]


_COMPANY_KINDS = {EntityKind.PERSON, EntityKind.ORGANISATION}


def _candidates(entities: list[Entity]) -> Iterator[Merge]:
    by_key = {(e.kind, e.normalized): e for e in entities}
    yield from _other_names(entities, by_key)
    yield from _short_forms(entities)


def _other_names(entities, by_key) -> Iterator[Merge]:
    """ "U.S." into "United States", "Kenyans" into "Kenyan": the names the
    extractor gives what it finds (extraction.canonical)."""
    for entity in entities:
        name, kind = canonical(entity.name, entity.kind)
        if name == entity.name:
            continue
        survivor = by_key.get((kind, normalize_name(name)))
        if survivor and survivor.pk != entity.pk:
            yield Merge(entity, survivor, f"another name of {name}")


def _looks_like_a_name(words: list[str]) -> bool:
    """A person's name, not a fixture list, a film or a heading the model
    took for one: capitalised words and particles only ("Luton v Hinckley"
    is not), not in capitals, not led by a title ("Rapper Eminem")."""
    return (
        words[0].strip(".").casefold() not in _TITLES | _NOT_FIRST_NAMES
        and not " ".join(words).isupper()
        and all(
            (word[:1].isupper() and all(c.isalpha() or c in "-'.’" for c in word))
            or word in PARTICLES
            for word in words
        )
    )


def _looks_like_a_company(words: list[str]) -> bool:
    """One company's name: not two joined ("Glaxo and Ligand Pharmaceuticals
    Inc")."""
    return not any(word.casefold() in {"and", "&"} for word in words[1:-1])


def _short_forms(entities) -> Iterator[Merge]:
    """A one-word person into the only person named in full with that word
    first or last ("Tedros", "Ghebreyesus"); a one-word organisation into
    the only company whose name starts with it and ends in Co., Inc. and the
    like ("Samsung" into "Samsung Electronics Co")."""
    people, companies = defaultdict(set), defaultdict(set)
    for entity in entities:
        words = entity.name.split()
        if len(words) < 2:
            continue
        if entity.kind == EntityKind.PERSON and _looks_like_a_name(words):
            people[words[0].casefold()].add(entity)
            people[words[-1].casefold()].add(entity)
        elif (
            entity.kind == EntityKind.ORGANISATION
            and words[-1].strip(".").casefold() in _COMPANY_SUFFIXES
            and _looks_like_a_company(words)
        ):
            companies[words[0].casefold()].add(entity)
    for entity in entities:
        words = entity.name.split()
        if len(words) != 1 or words[0].casefold() in _TITLES:
            continue
        word = words[0].casefold()
        if entity.kind == EntityKind.PERSON:
            found, what = people.get(word, ()), "short form of a person's name"
        elif entity.kind == EntityKind.ORGANISATION:
            found, what = companies.get(word, ()), "short form of a company's name"
        else:
            continue
        if len(found) == 1:
            (survivor,) = found
            yield Merge(entity, survivor, what)
