"""Putting each article in its story: as it is imported, or all over again.

An article joins the story of the article it matches best (matching.py)
among those already grouped, found through the bands and headlines of their
signatures (StoryBand, StorySignature); with no match it starts a story of
its own. Where a feed gives each story its own identity (a NewsML guid, a
ninjs uri: Article.guid), every version carrying it joins the story of the
first, however much its text changed. Articles are taken in the order they
were sent (time of publication, then import order), so that grouping at
import and `group_stories --all` agree for an archive imported in that
order.

Editors decide last: an article an editor moved out of its story, or whose
story an editor merged with another, keeps its story (Article.edited_fields
holds "story") through re-import and through regrouping; others may still
join that story by matching its articles.
"""

import datetime
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count

from .. import corrections
from ..models import Article, Story, StoryBand, StorySignature
from ..models.archive import moment_of
from ..models.stories import VERSION_ORDER
from .matching import Candidate, best_match, week_of
from .signatures import Signature, signature

# A band or headline shared by more articles than this (boilerplate, an empty
# text, "Market report") brings only the latest this many as candidates.
CROWDED = 200
WRITE_BATCH = 1000
# Ids or keys in one IN (...) list: far below SQLite's and PostgreSQL's limits
# on the parameters of one statement.
LOOKUP_BATCH = 5000
# Articles grouped at a time by group_ungrouped (thirty bands each).
GROUP_BATCH = 250
# Articles compared by regroup_all between two reports of its progress.
PROGRESS_EVERY = 1000
# The fields a signature is made from: its text, headline and week.
SIGNED_FIELDS = {"title", "body", "published", "published_at"}
_SET_STORY = (
    f"UPDATE {Article._meta.db_table} SET story_id = %s, duplicate_of_id = %s "
    "WHERE id = %s"
)
_CANDIDATE_FIELDS = (
    "article_id",
    "minhash",
    "shingles",
    "headline",
    "article__published_at",
    "article__published",
    "article__version",
    "article__story_id",
    "article__edited_fields",
)


def sign(articles: Iterable[Article], signatures: dict | None = None, *, new=False):
    """Store the signatures (and bands) of saved articles, replacing any they
    had (`new`: they have none); `signatures` holds those computed ahead, by
    article id. Plain SQL: a band is a row, thirty an article."""
    articles = list(articles)
    signatures = signatures or {}
    rows, bands = [], []
    for article in articles:
        found = signatures.get(article.pk) or signature(article.title, article.body)
        rows.append((article.pk, found.to_bytes(), found.shingles, found.headline))
        week = week_of(moment_of(article.published_at, article.published))
        bands += [(key, week, article.pk) for key in found.band_keys]
    if not new:
        ids = [a.pk for a in articles]
        StorySignature.objects.filter(article_id__in=ids).delete()
        StoryBand.objects.filter(article_id__in=ids).delete()
    _insert(StorySignature, ("article", "minhash", "shingles", "headline"), rows)
    _insert(StoryBand, ("key", "week", "article"), bands)


def _insert(model, names: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert `rows` (values of the fields `names`) into `model`'s table, in
    plain SQL: thirty band rows an article are too many for the ORM's
    bulk_create to build. PostgreSQL gets one statement for them all, its
    columns as arrays (a round trip per row would cost more than the insert);
    SQLite runs them in C (executemany)."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)})"
    )
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            values = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"{head} VALUES ({values})", rows)
            return
        arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
        columns = [list(column) for column in zip(*rows, strict=True)]
        cursor.execute(f"{head} SELECT * FROM unnest({arrays})", columns)


def sign_missing() -> int:
    """Sign the articles that have no signature yet; returns how many."""
    done = 0
    unsigned = Article.objects.filter(signature__isnull=True).order_by("pk")
    fields = ("pk", "title", "body", "published_at", "published")
    while batch := list(unsigned.only(*fields)[:WRITE_BATCH]):
        sign(batch)
        done += len(batch)
    return done


def group_ungrouped(progress: Callable[[int, int], None] | None = None) -> int:
    """Group the articles that have no story yet (imported before stories
    were kept, or by an import that was stopped); returns how many.
    `progress(done, total)` is told after each batch."""
    sign_missing()
    ungrouped = Article.objects.filter(story__isnull=True).order_by(*VERSION_ORDER)
    ids = list(ungrouped.values_list("pk", flat=True))
    fields = (
        "pk",
        "published_at",
        "published",
        "version",
        "guid",
        "story_id",
        "edited_fields",
    )
    for start in range(0, len(ids), GROUP_BATCH):
        batch = Article.objects.filter(pk__in=ids[start : start + GROUP_BATCH])
        group(batch.only(*fields))
        if progress:
            progress(min(start + GROUP_BATCH, len(ids)), len(ids))
    return len(ids)


@dataclass
class Placed:
    """What is left to write once an unsaved batch that group() placed is in:
    (copy, original) pairs to link, and the stories that grew."""

    copies: list = field(default_factory=list)
    grown: set = field(default_factory=set)


def group(articles: Iterable[Article], signatures: list | None = None) -> Placed:
    """Give each of `articles` a story, in the order they were sent; those an
    editor placed keep theirs.

    Saved articles are grouped and written. Articles not saved yet (an
    import's batch, about to be inserted) get their story and `duplicate_of`
    set, ready to insert with them; `signatures` then holds their signatures,
    in the order of `articles`, and after_insert() finishes the job."""
    articles = list(articles)
    unsaved = bool(articles) and articles[0].pk is None
    if unsaved:
        keys = {id(a): -number for number, a in enumerate(articles, start=1)}
        own = {
            keys[id(a)]: Candidate(
                keys[id(a)], found, moment_of(a.published_at, a.published), a.version
            )
            for a, found in zip(articles, signatures, strict=True)
        }
    else:
        articles = [a for a in articles if not _placed_by_editor(a)]
        keys = {id(a): a.pk for a in articles}
        signed = StorySignature.objects.filter(article_id__in=list(keys.values()))
        own = {c.id: c for c in _candidates(signed)}
    if not articles:
        return Placed()
    articles.sort(key=lambda a: _order(a, keys[id(a)]))
    index, story_of = _Index(), {}
    for candidate, story in _candidates_for(own.values(), exclude=keys.values()):
        index.add(candidate)
        story_of[candidate.id] = story
    root, copy_of = {}, {}  # key -> first key of its group; copy -> original
    by_guid = _versions_by_guid(articles, exclude=keys.values(), story_of=story_of)
    for article in articles:
        me = own[keys[id(article)]]
        # A feed's own identity decides first: a version of a guid the
        # archive holds joins that story, however much its text changed.
        other = by_guid.get(article.guid) if article.guid else None
        if other is None:
            found = best_match(me, index.near(me))
            other = found[0].id if found else None
            if found and found[1].copy:
                copy_of[me.id] = other
        root[me.id] = root.get(other, other) if other is not None else me.id
        if article.guid:
            by_guid.setdefault(article.guid, me.id)
        index.add(me)
    starting = [a for a in articles if root[keys[id(a)]] == keys[id(a)]]
    created = Story.objects.bulk_create([Story(size=1) for _ in starting])
    for article, story in zip(starting, created, strict=True):
        story_of[keys[id(article)]] = story.pk
    by_key = {keys[id(a)]: a for a in articles}
    later, grown = [], set()
    for article in articles:
        key = keys[id(article)]
        article.story_id = story_of[root[key]]
        if root[key] != key:
            grown.add(article.story_id)
        original = copy_of.get(key)
        if original is not None and original < 0:
            later.append((article, by_key[original]))
            original = None
        article.duplicate_of_id = original
    placed = Placed(later, grown)
    if not unsaved:
        _set_stories((a.story_id, a.duplicate_of_id, a.pk) for a in articles)
        after_insert(placed)
    return placed


def _versions_by_guid(articles, *, exclude, story_of: dict) -> dict[str, int]:
    """For each feed guid among `articles`, a stored article with that guid
    (not one of `exclude`) that has a story: {guid: article id}. Their
    stories go into `story_of`."""
    guids = {a.guid for a in articles if a.guid}
    if not guids:
        return {}
    rows = (
        Article.objects.filter(guid__in=guids, story__isnull=False)
        .exclude(pk__in=list(exclude))
        .order_by("pk")
        .values_list("guid", "pk", "story_id")
    )
    found = {}
    for guid, pk, story in rows:
        if guid not in found:
            found[guid] = pk
            story_of[pk] = story
    return found


def after_insert(placed: Placed) -> None:
    """Once the articles group() placed are saved: link copies to their
    originals, and count the stories that grew."""
    if placed.copies:
        _set_stories((c.story_id, o.pk, c.pk) for c, o in placed.copies)
    if placed.grown:
        refresh(placed.grown)


@transaction.atomic
def regroup_all(progress: Callable[[int, int], None] | None = None) -> dict:
    """Group the whole archive again, from its signatures (made for articles
    that have none). Story ids are kept where a story's first article keeps
    its place. Returns counts; `progress(done, total)` is told as articles
    are compared."""
    sign_missing()
    rows = (
        Article.objects.order_by(*VERSION_ORDER)
        .values_list("pk", "story_id", "edited_fields", "guid")
        .iterator(chunk_size=5000)
    )
    order, old_story, pinned, guid_of = [], {}, set(), {}
    for pk, story_id, edited, guid in rows:
        order.append(pk)
        old_story[pk] = story_id
        if corrections.STORY in (edited or []):
            pinned.add(pk)
        if guid:
            guid_of[pk] = guid
    candidates = {}
    for chunk in range(0, len(order), 5000):
        ids = order[chunk : chunk + 5000]
        for candidate in _candidates(StorySignature.objects.filter(article_id__in=ids)):
            candidates[candidate.id] = candidate
    index = _Index()
    root = {}  # article id -> id of the first article of its group
    copy_of = {}
    first_of_guid = {}  # a feed guid -> its first article grouped
    for done, pk in enumerate(order, start=1):
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, len(order))
        me = candidates[pk]
        if pk in pinned:
            continue  # where the editor put it; it draws no other article there
        guid = guid_of.get(pk)
        if guid in first_of_guid:
            root[pk] = root[first_of_guid[guid]]
        else:
            found = best_match(me, index.near(me))
            root[pk] = root[found[0].id] if found else pk
            if found and found[1].copy:
                copy_of[pk] = found[0].id
        if guid:
            first_of_guid.setdefault(guid, pk)
        index.add(me)
    if progress:
        progress(len(order), len(order))
    return _write_groups(order, root, copy_of, old_story, pinned)


def _write_groups(order, root, copy_of, old_story, pinned) -> dict:
    """Store the groups regroup_all found: articles editors placed keep their
    story; each other group keeps the story its first article had, unless
    another group has it already."""
    members = defaultdict(list)
    for pk in order:
        if pk not in pinned:
            members[root[pk]].append(pk)
    claimed, story_of_group = set(), {}
    for first in members:
        keep = old_story[first]
        if keep and keep not in claimed:
            claimed.add(keep)
            story_of_group[first] = keep
    new = [first for first in members if first not in story_of_group]
    created = Story.objects.bulk_create([Story() for _ in new], batch_size=WRITE_BATCH)
    for first, story in zip(new, created, strict=True):
        story_of_group[first] = story.pk
    _set_stories(
        (story_of_group[root[pk]], copy_of.get(pk), pk)
        for pk in order
        if pk not in pinned
    )
    # Not NOT IN over a column that may hold NULL: that would match nothing.
    used = Article.objects.filter(story__isnull=False).values("story_id")
    Story.objects.exclude(pk__in=used).delete()
    refresh(None)
    stories = set(story_of_group.values()) | {old_story[pk] for pk in pinned}
    return {
        "articles": len(order),
        "stories": len(stories),
        "with versions": Story.objects.filter(size__gt=1).count(),
        "copies": len(copy_of),
    }


def refresh(story_ids: Iterable[int] | None) -> None:
    """Recompute the size of these stories, or of every story when
    `story_ids` is None."""
    stories = Story.objects.all()
    members = Article.objects.exclude(story_id=None)
    if story_ids is not None:
        story_ids = list(story_ids)
        stories = stories.filter(pk__in=story_ids)
        members = members.filter(story_id__in=story_ids)
    sizes = dict(
        members.order_by()
        .values("story_id")
        .annotate(n=Count("pk"))
        .values_list("story_id", "n")
    )
    changed = []
    for story in stories.only("pk", "size").iterator(chunk_size=5000):
        size = sizes.get(story.pk, 0)
        if story.size != size:
            story.size = size
            changed.append(story)
    Story.objects.bulk_update(changed, ["size"], batch_size=WRITE_BATCH)


def place(article: Article, story: Story | None) -> Story:
    """An editor's decision: `article` belongs to `story` (a new story of its
    own when None). Recorded in the article's edited_fields, so that
    re-import and regrouping leave it there."""
    old = article.story_id
    if story is None:
        story = Story.objects.create(size=1)
    article.story = story
    article.duplicate_of = None
    corrections.record_corrections(article, ["story"])
    article.save(update_fields=["story", "duplicate_of", "edited_fields", "updated_at"])
    refresh([pk for pk in (old, story.pk) if pk])
    return story


@transaction.atomic
def merge_stories(survivor: Story, others: Iterable[Story]) -> int:
    """An editor's decision: the articles of `others` join `survivor` and
    stay there through re-import and regrouping; new versions join it by
    matching its own articles. Returns how many articles moved."""
    others = [s for s in others if s.pk != survivor.pk]
    articles = list(Article.objects.filter(story__in=others))
    for article in articles:
        article.story = survivor
        corrections.record_corrections(article, ["story"])
    Article.objects.bulk_update(articles, ["story", "edited_fields"])
    Story.objects.filter(pk__in=[s.pk for s in others]).delete()
    refresh([survivor.pk])
    return len(articles)


def _set_stories(rows) -> None:
    """(story id, id of the article copied or None, article id) for each article."""
    with connection.cursor() as cursor:
        cursor.executemany(_SET_STORY, list(rows))


def _placed_by_editor(article: Article) -> bool:
    return article.story_id is not None and corrections.STORY in (
        article.edited_fields or []
    )


def _order(article, key):
    """Articles in the order they were sent: dated ones by time, then the
    undated, each in import order (new ones, keyed -1, -2..., last)."""
    moment = moment_of(article.published_at, article.published)
    return (moment is None, moment or _NEVER, key < 0, abs(key))


_NEVER = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def _candidates(signatures) -> list[Candidate]:
    return [c for c, _ in _rows(signatures)]


def _rows(signatures, *, placed=True):
    """(Candidate, story id) of each signature's article; without the
    articles editors placed unless `placed`."""
    for row in signatures.values_list(*_CANDIDATE_FIELDS):
        pk, minhash, shingles, headline, published_at, published, version = row[:7]
        story, edited = row[7:]
        if not placed and corrections.STORY in (edited or []):
            continue
        yield (
            Candidate(
                pk,
                Signature.from_row(minhash, shingles, headline),
                moment_of(published_at, published),
                version,
            ),
            story,
        )


def _candidates_for(
    new: Iterable[Candidate], *, exclude
) -> list[tuple[Candidate, int]]:
    """The grouped articles that share a band (in a week near) or a headline
    with any of `new`."""
    new = list(new)
    wanted = defaultdict(set)  # week -> band keys looked for in it
    for candidate in new:
        for week in candidate.weeks_near:
            wanted[week].update(candidate.signature.band_keys)
    headlines = {c.signature.headline for c in new if c.signature.headline}
    # A crowded band or headline (boilerplate, "Market report") brings only
    # its latest articles, as the in-memory index does.
    ids = set()
    for rows in (
        _bands(wanted),
        StorySignature.objects.filter(headline__in=headlines).values_list(
            "headline", "article_id"
        ),
    ):
        by_key = defaultdict(list)
        for key, pk in rows:
            by_key[key].append(pk)
        for pks in by_key.values():
            ids.update(sorted(pks)[-CROWDED:])
    ids = sorted(ids - set(exclude))
    # An article an editor placed stays where it is, and draws no other to
    # its story: others join that story through its other articles.
    found = []
    for start in range(0, len(ids), LOOKUP_BATCH):
        signed = StorySignature.objects.filter(
            article_id__in=ids[start : start + LOOKUP_BATCH],
            article__story__isnull=False,
        )
        found += _rows(signed, placed=False)
    return found


def _bands(wanted: dict) -> list[tuple[tuple, int]]:
    """((week, key), article id) of the stored bands with these keys in
    these weeks. In plain SQL, the keys as one parameter (a JSON array on
    SQLite, an array on PostgreSQL): a batch looks for thousands, and the
    ORM would spend longer writing the statement than the database running
    it."""
    if connection.vendor == "postgresql":
        keys_in = "key = ANY(%s::bigint[])"
    else:
        keys_in = "key IN (SELECT value FROM json_each(%s))"
    table = connection.ops.quote_name(StoryBand._meta.db_table)
    found = []
    with connection.cursor() as cursor:
        for week, keys in wanted.items():
            keys = sorted(keys)
            for start in range(0, len(keys), LOOKUP_BATCH):
                chunk = keys[start : start + LOOKUP_BATCH]
                if connection.vendor != "postgresql":
                    chunk = json.dumps(chunk)
                if week is None:
                    cursor.execute(
                        f"SELECT key, article_id FROM {table} "
                        f"WHERE week IS NULL AND {keys_in}",
                        [chunk],
                    )
                else:
                    cursor.execute(
                        f"SELECT key, article_id FROM {table} "
                        f"WHERE week = %s AND {keys_in}",
                        [week, chunk],
                    )
                found += (((week, key), pk) for key, pk in cursor.fetchall())
    return found


class _Index:
    """Candidates by week and band key, and by headline, in memory: what the
    database's index (StoryBand, StorySignature) finds."""

    def __init__(self):
        self.by_key = defaultdict(list)
        self.by_headline = defaultdict(list)

    def add(self, candidate: Candidate) -> None:
        week = candidate.week
        for key in candidate.signature.band_keys:
            self.by_key[week, key].append(candidate)
        if candidate.signature.headline:
            self.by_headline[candidate.signature.headline].append(candidate)

    def near(self, candidate: Candidate) -> list[Candidate]:
        seen, near = set(), []
        lists = [
            self.by_key.get((week, key), ())
            for week in candidate.weeks_near
            for key in candidate.signature.band_keys
        ]
        if candidate.signature.headline:
            lists.append(self.by_headline.get(candidate.signature.headline, ()))
        for found in lists:
            for other in found[-CROWDED:]:
                if other.id != candidate.id and other.id not in seen:
                    seen.add(other.id)
                    near.append(other)
        return near
