"""Saved searches: what they keep of a search, and what is new to them."""

from dataclasses import dataclass

from django.db.models import Max
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from ..filters import FILTER_PARAMS, ArticleFilter
from ..models import Article, SavedSearch
from ..models.readers import story_key
from ..search.query import MAX_QUERY_LENGTH

# What a saved search keeps of a search: the query and the filters, not the
# page, the order or the output format.
SAVED_PARAMS = ("q", *FILTER_PARAMS)


def kept_params(data: QueryDict) -> QueryDict:
    """The query and filters of a search's parameters, blanks left out, in
    SAVED_PARAMS order (the page, order and format are not kept); a query
    longer than the search page reads is cut as the page cuts it."""
    kept = QueryDict(mutable=True)
    for name in SAVED_PARAMS:
        value = (data.get(name) or "").strip()
        if name == "q":
            value = value[:MAX_QUERY_LENGTH].strip()
        if value:
            kept[name] = value
    return kept


def search_path(saved: SavedSearch) -> str:
    """The search page's address for `saved`."""
    url = reverse("articles:search")
    return f"{url}?{saved.params}" if saved.params else url


def describe(params: str) -> str:
    """How the search page reads the parameters: "ferry, from Kyodo"."""
    filterset = _filterset(params)
    if not filterset.form.is_valid():
        return ""
    reading, _ = filterset.read_query(Article.objects.none(), _text(filterset))
    return reading.describe()


def newest_article_id() -> int:
    """The id of the newest article in the archive (0 when it is empty)."""
    return Article.objects.aggregate(newest=Max("id"))["newest"] or 0


def matching_after(saved: SavedSearch, mark: int, *, upto: int | None = None):
    """The public articles matching `saved` added after article id `mark`
    (and up to `upto`), as the search page matches them, unordered."""
    filterset = _filterset(saved.params)
    if not filterset.form.is_valid():
        return Article.objects.none()
    base = filterset.narrowed(Article.objects.public()).filter(pk__gt=mark)
    if upto is not None:
        base = base.filter(pk__lte=upto)
    _, rows = filterset.matching(base, _text(filterset))
    return rows


def count_stories(rows) -> int:
    """How many stories `rows` (articles) belong to."""
    return rows.order_by().values(key=story_key()).distinct().count()


def newest_per_story(rows):
    """The newest article (the last added) of each story among `rows`,
    stories in the order their newest article came in, newest first; read
    a chunk at a time, for as long as the caller wants more."""
    seen = set()
    articles = rows.select_related("source").annotate(key=story_key()).order_by("-id")
    for article in articles.iterator(chunk_size=200):
        if article.key not in seen:
            seen.add(article.key)
            yield article


@dataclass
class Listed:
    saved: SavedSearch
    new: int
    reading: str


def listed(searches) -> list[Listed]:
    """Each of `searches` with its count of stories new since its reader
    last opened it, and how it reads."""
    return [
        Listed(
            saved=saved,
            new=count_stories(matching_after(saved, saved.seen_up_to)),
            reading=describe(saved.params),
        )
        for saved in searches
    ]


def mark_seen(saved: SavedSearch) -> None:
    """The reader has looked at `saved`: nothing in it is new to them now."""
    saved.seen_up_to = newest_article_id()
    saved.seen_at = timezone.now()
    saved.save(update_fields=["seen_up_to", "seen_at"])


def _filterset(params: str) -> ArticleFilter:
    return ArticleFilter(QueryDict(params), queryset=Article.objects.all())


def _text(filterset: ArticleFilter) -> str:
    return filterset.form.cleaned_data.get("q") or ""
