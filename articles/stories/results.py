"""Search results one story at a time.

A search matches articles; a reader wants stories. OnePerStory shows, for
each story, the first of its matching articles in the results' order (the
best match when ranked, the newest when sorted newest first) and leaves out
its other versions and copies; `versions_of` lists them for the page to
offer. Counts are of stories.
"""

from django.db.models import Count, F
from django.db.models.functions import Coalesce

from ..models import Article
from ..models.stories import VERSION_ORDER
from ..search.results import PREFETCH

# Results read at least, at a time, while looking for the next stories: the
# facets' share (PREFETCH) and some for the versions left out, so that a page
# and its facets read once.
READ_AHEAD = PREFETCH + 100


class OnePerStory:
    """`results` (SearchResults) with one article per story, in their order;
    sliced like them (ids), and counted in stories."""

    counts_stories = True

    def __init__(self, results):
        self.results = results
        self.queryset = results.queryset
        self.ranked = results.ranked
        self._shown: list[int] = []
        self._stories: set[int] = set()
        self._read = 0
        self._done = False
        self._count = None

    def count(self) -> int:
        if self._count is None:
            # An article not grouped yet is a story of its own.
            story = Coalesce(F("story_id"), -F("id"))
            self._count = self.queryset.order_by().aggregate(
                n=Count(story, distinct=True)
            )["n"]
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[int]:
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("search results are sliced, as results[low:high]")
        high = key.stop
        while not self._done and (high is None or len(self._shown) < high):
            self._read_more(READ_AHEAD if high is None else max(READ_AHEAD, 2 * high))
        return self._shown[key.start or 0 : high]

    def _read_more(self, wanted: int) -> None:
        ranks = self.results.ranks(self._read, self._read + wanted)
        ids = [pk for pk, _ in ranks]
        self._read += len(ids)
        if len(ids) < wanted:
            self._done = True
        story_of = dict(
            Article.objects.filter(pk__in=ids).values_list("pk", "story_id")
        )
        for pk in ids:
            story = story_of.get(pk) or -pk
            if story not in self._stories:
                self._stories.add(story)
                self._shown.append(pk)


def versions_of(articles) -> dict[int, list[Article]]:
    """The other articles of each article's story, oldest first, by the
    shown article's id: what "3 versions" opens."""
    by_story = {a.story_id: a.pk for a in articles if a.story_id}
    if not by_story:
        return {}
    found: dict[int, list[Article]] = {pk: [] for pk in by_story.values()}
    others = (
        Article.objects.filter(story_id__in=by_story, story__size__gt=1)
        .only(
            "pk",
            "title",
            "slug",
            "version",
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
