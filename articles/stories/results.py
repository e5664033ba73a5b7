"""Search results one story at a time.

A search matches articles; a reader wants stories. OnePerStory shows, for
each story, the first of its matching articles in the results' order (the
best match when ranked, the newest when sorted newest first) and leaves out
its other versions and copies; `versions_of` lists them for the page to
offer. Counts are of stories.
"""

from django.db import connections

from ..models import Article
from ..models.stories import VERSION_ORDER
from ..search.results import PREFETCH

# Results read at least, at a time, while looking for the next stories: what
# the search backends rank first and cheaply (PREFETCH), so that a first page
# and its facets cost one ranking, as they do without stories.
READ_AHEAD = PREFETCH


class OnePerStory:
    """`results` (SearchResults) with one article per story, in their order;
    sliced like them (ids), and counted in stories."""

    counts_stories = True
    # Beyond this many matching articles the stories are estimated: counting
    # them exactly reads every match's story (115 ms for a word in 42,000 of
    # 101,000 articles, against 3 ms to count the articles from the index).
    EXACT_UP_TO = 5000

    def __init__(self, results):
        self.results = results
        self.queryset = results.queryset
        self.ranked = results.ranked
        self._shown: list[int] = []
        self._stories: set[int] = set()
        self._read = 0
        self._done = False
        self._count = None
        self.estimated = False

    def count(self) -> int:
        """How many stories match: exactly, or for many matches an estimate
        from the share of stories among the best ones (`estimated`)."""
        if self._count is not None:
            return self._count
        shown = len(self.leading(READ_AHEAD))
        if self._done:  # every match read already
            self._count = shown
            return shown
        articles = self.results.count()
        if articles <= self.EXACT_UP_TO:
            using = self.queryset.db
            matches, params = (
                self.queryset.order_by().values("pk").query.sql_with_params()
            )
            # The matches' ids, joined through the narrow index too.
            matches = through_story_index(matches, using)
            # An article not grouped yet is a story of its own.
            with connections[using].cursor() as cursor:
                cursor.execute(
                    "SELECT COUNT(DISTINCT COALESCE(story_id, -id)) "
                    f"FROM {story_index_table(using)} WHERE id IN ({matches})",
                    params,
                )
                self._count = cursor.fetchone()[0]
        else:
            self._count = max(shown, round(articles * shown / max(1, self._read)))
            self.estimated = True
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[int]:
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("search results are sliced, as results[low:high]")
        high = key.stop
        while not self._done and (high is None or len(self._shown) < high):
            self._read_more(READ_AHEAD if high is None else max(READ_AHEAD, high))
        return self._shown[key.start or 0 : high]

    def leading(self, most: int) -> list[int]:
        """The stories among the best matches read so far (at least the first
        READ_AHEAD), `most` at most: what the facets count, at no more cost."""
        if not self._read and not self._done:
            self._read_more(READ_AHEAD)
        return self._shown[:most]

    @property
    def complete(self) -> bool:
        """Whether every match has been read."""
        return self._done

    def _read_more(self, wanted: int) -> None:
        ranks = self.results.ranks(self._read, self._read + wanted)
        ids = [pk for pk, _ in ranks]
        self._read += len(ids)
        if len(ids) < wanted:
            self._done = True
        story_of = stories_of(ids, self.queryset.db)
        for pk in ids:
            story = story_of.get(pk) or -pk
            if story not in self._stories:
                self._stories.add(story)
                self._shown.append(pk)


def stories_of(ids: list[int], using: str = "default") -> dict[int, int | None]:
    """The story of each of these articles, by id."""
    if not ids:
        return {}
    placeholders = ", ".join(["%s"] * len(ids))
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT id, story_id FROM {story_index_table(using)} "
            f"WHERE id IN ({placeholders})",
            ids,
        )
        return dict(cursor.fetchall())


def story_index_table(using: str) -> str:
    """The articles table, to read the story (or the date, or the source) of
    each article from: on SQLite through the narrow index (id, story_id,
    published, source_id), named, whatever the planner's statistics say (its
    rows hold their whole text, and story_id comes last in them: a quarter of
    the time for 3,000 matches). PostgreSQL's planner finds the index by
    itself."""
    table = _table(using)
    if connections[using].vendor == "sqlite":
        return f"{table} INDEXED BY articles_article_story_of"
    return table


def through_story_index(sql: str, using: str) -> str:
    """`sql`, whose first FROM is the articles table, reading that table
    through story_index_table()."""
    return sql.replace(f"FROM {_table(using)} ", f"FROM {story_index_table(using)} ", 1)


def _table(using: str) -> str:
    return connections[using].ops.quote_name(Article._meta.db_table)


def versions_of(articles) -> dict[int, list[Article]]:
    """The other articles of each article's story, oldest first, by the
    shown article's id: what "3 versions" opens."""
    by_story = {a.story_id: a.pk for a in articles if a.story_id}
    if not by_story:
        return {}
    found: dict[int, list[Article]] = {pk: [] for pk in by_story.values()}
    others = (
        Article.objects.filter(
            story_id__in=by_story, story__size__gt=1, withdrawn_at__isnull=True
        )
        .only(
            "pk",
            "title",
            "slug",
            "version",
            "advisory",
            "published",
            "published_at",
            "story_id",
            "duplicate_of_id",
            "source_id",
        )
        .select_related("source")
        .order_by("story_id", *VERSION_ORDER)
    )
    for other in others:
        found[by_story[other.story_id]].append(other)
    return {pk: versions for pk, versions in found.items() if len(versions) > 1}
