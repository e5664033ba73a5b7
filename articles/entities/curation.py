"""One entity per real thing: resolving names through aliases, and merging.

The importer and the extract_entities command write the mentions of extracted
names here (set_mentions); the admin merges entities here. Both keep what
editors decided: a merged entity's names are aliases of the one that remains,
so later imports link to it; a hidden entity stays hidden.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify

from ..models import (
    Article,
    Entity,
    EntityAlias,
    EntityMerge,
    EntityRedirect,
    Mention,
    normalize_name,
    unique_slug,
)


def resolve_entities(
    names: dict[tuple[str, str], str],
) -> dict[tuple[str, str], Entity]:
    """The entity for each (kind, normalized name), found by its name or an
    alias, or created with the display name given."""
    keys = {key for key in names if key[1]}
    normalized = {n for _, n in keys}
    found = {
        (e.kind, e.normalized): e
        for e in Entity.objects.filter(normalized__in=normalized)
        if (e.kind, e.normalized) in keys
    }
    for alias in EntityAlias.objects.filter(normalized__in=normalized).select_related(
        "entity"
    ):
        key = (alias.kind, alias.normalized)
        if key in keys and key not in found:
            found[key] = alias.entity
    missing = sorted(keys - found.keys())
    if missing:
        _create_entities(missing, names)
        for entity in Entity.objects.filter(normalized__in={n for _, n in missing}):
            if (entity.kind, entity.normalized) in keys:
                found.setdefault((entity.kind, entity.normalized), entity)
    for key in keys - found.keys():  # lost a race for a slug to another import
        kind, key_name = key
        found[key], _ = Entity.objects.get_or_create(
            kind=kind, normalized=key_name, defaults={"name": names[key][:300]}
        )
    return found


def _create_entities(keys: list[tuple[str, str]], names: dict) -> None:
    """Create the entities of `keys` in one insert, each with a slug of its
    own: an import of new articles meets thousands of new names, and one at a
    time (look up, find a free slug, insert) cost more than extracting them.
    """
    slug_length = Entity._meta.get_field("slug").max_length
    bases = {key: slugify(names[key][:300])[:slug_length].strip("-") for key in keys}
    taken = set(
        Entity.objects.filter(slug__in=set(bases.values())).values_list(
            "slug", flat=True
        )
    )
    rows = []
    for key in keys:
        kind, key_name = key
        slug = bases[key]
        if not slug or slug in taken:  # rare: the one-at-a-time search
            slug = unique_slug(Entity, names[key][:300], max_length=slug_length)
            if slug in taken:
                continue  # left to get_or_create in resolve_entities
        taken.add(slug)
        entity = Entity(
            kind=kind, normalized=key_name, name=names[key][:300], slug=slug
        )
        entity.locate()
        rows.append(entity)
    Entity.objects.bulk_create(rows, ignore_conflicts=True)


def set_mentions(extracted_by_article: list[tuple[Article, Iterable]]) -> None:
    """Set each article's mentions to its extracted entities (name, kind,
    count), [(article, extracted)]: the names of all of them are resolved
    (or created) at once, and any mentions the articles had are replaced."""
    names, counts = {}, []
    for article, extracted in extracted_by_article:
        per_name = defaultdict(int)
        for item in extracted:
            key = (item.kind, normalize_name(item.name))
            names.setdefault(key, item.name)
            per_name[key] += item.count
        counts.append((article, per_name))
    entities = resolve_entities(names)
    mentions = []
    for article, per_name in counts:
        per_entity = defaultdict(int)
        for key, count in per_name.items():
            if key in entities:
                per_entity[entities[key]] += count
        mentions.extend(
            Mention(article=article, entity=entity, count=count)
            for entity, count in per_entity.items()
        )
    Mention.objects.filter(article__in=[a for a, _ in extracted_by_article]).delete()
    Mention.objects.bulk_create(mentions)
    named = {mention.entity_id for mention in mentions}
    Entity.objects.filter(pk__in=named, merges_checked=True).update(
        merges_checked=False
    )


@transaction.atomic
def merge_entities(
    survivor: Entity,
    others: Iterable[Entity],
    *,
    automatic: bool = False,
    reason: str = "",
) -> int:
    """Fold `others` into `survivor`: mentions move (counts add up where both
    are named in one article), names and aliases become aliases, and the old
    addresses redirect. Each merge is recorded (EntityMerge) so that it can
    be undone. Returns how many articles gained the survivor."""
    moved = 0
    for other in others:
        if other.pk == survivor.pk:
            continue
        EntityMerge.objects.create(
            survivor=survivor,
            name=other.name,
            kind=other.kind,
            slug=other.slug,
            aliases=list(other.aliases.values_list("name", flat=True)),
            mentions=list(
                Mention.objects.filter(entity=other)
                .order_by("article_id")
                .values_list("article_id", "count")
            ),
            automatic=automatic,
            reason=reason[:300],
        )
        # Three statements, not three per mention: a popular entity has
        # tens of thousands. Where both are named, the counts add up and the
        # other's mention goes; elsewhere its mentions move.
        mine = Mention.objects.filter(entity=survivor)
        theirs = Mention.objects.filter(entity=other)
        their_count = theirs.filter(article=OuterRef("article")).values("count")
        mine.filter(article__in=theirs.values("article")).update(
            count=F("count") + Subquery(their_count[:1])
        )
        theirs.filter(article__in=mine.values("article")).delete()
        moved += Mention.objects.filter(entity=other).update(entity=survivor)
        names = [other.name, *other.aliases.values_list("name", flat=True)]
        EntityRedirect.objects.filter(entity=other).update(entity=survivor)
        EntityRedirect.objects.update_or_create(
            old_slug=other.slug, defaults={"entity": survivor}
        )
        other.delete()
        for name in names:
            add_alias(survivor, name)
    return moved


@transaction.atomic
def undo_merge(merge: EntityMerge) -> Entity:
    """Make the entity `merge` folded in separate again: its name, kind,
    address and other names come back, and the articles that named it name
    it again (their counts taken off the survivor's). An automatic merge
    undone is not made again."""
    if merge.undone_at is not None:
        raise ValueError(f"the merge of {merge.name} is already undone")
    survivor = merge.survivor
    slug_taken = Entity.objects.filter(slug=merge.slug).exists()
    entity = Entity.objects.create(
        name=merge.name,
        kind=merge.kind,
        slug="" if slug_taken else merge.slug,
    )
    EntityRedirect.objects.filter(old_slug=entity.slug).delete()
    for name in [merge.name, *merge.aliases]:
        EntityAlias.objects.filter(
            entity=survivor, normalized=normalize_name(name)
        ).delete()
        add_alias(entity, name)
    counts = dict(merge.mentions)
    theirs = {
        mention.article_id: mention
        for mention in Mention.objects.filter(entity=survivor, article_id__in=counts)
    }
    gone, shared = [], []
    for article_id, count in counts.items():
        mention = theirs.get(article_id)
        if mention is None:
            continue  # the article no longer names it (re-extracted, edited)
        if mention.count <= count:
            gone.append(mention.pk)
        else:
            mention.count -= count
            shared.append(mention)
    Mention.objects.filter(pk__in=gone).update(entity=entity)
    Mention.objects.bulk_update(shared, ["count"])
    Mention.objects.bulk_create(
        Mention(
            article_id=mention.article_id,
            entity=entity,
            count=counts[mention.article_id],
        )
        for mention in shared
    )
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    entity.refresh_from_db()  # its article count, kept by the database
    return entity


def add_alias(entity: Entity, name: str) -> EntityAlias | None:
    """Record `name` as another name of `entity` (moving it from any other
    entity of the same kind); None when it is already the entity's own name."""
    key = normalize_name(name)
    if not key or key == entity.normalized:
        return None
    alias, _ = EntityAlias.objects.update_or_create(
        kind=entity.kind,
        normalized=key,
        defaults={"entity": entity, "name": name[:300]},
    )
    return alias
