"""Search results as JSON, CSV, JSON Lines, ninjs and Atom: the same query,
filters and order. CSV and JSON Lines have every result, streamed."""

import csv
import json

from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import feedgenerator

from .feeds import published_at, summary_html
from .models import Article, Mention
from .ninjs import ninjs_item
from .search.marks import marked_html, plain

CSV_COLUMNS = [
    "id",
    "title",
    "source",
    "published",
    "dateline",
    "byline",
    "page",
    "url",
    "story",
    "version",
]
# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _article_json(request, article):
    hit = getattr(article, "hit", None)
    return {
        "id": article.pk,
        "title": article.title,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "source": article.source.name if article.source else None,
        "published": article.published.isoformat() if article.published else None,
        "dateline": article.dateline,
        "byline": article.byline,
        "original_url": article.url or None,
        "snippet": plain(hit.snippet) if hit else article.lead[:300],
        "snippet_html": marked_html(hit.snippet) if hit else None,
        "snippet_from": ("caption" if hit.in_caption else "body") if hit else None,
        "story": article.story_id,
        "version": article.version or None,
        "advisory": article.advisory or None,
        "copy_of": article.duplicate_of_id,
    }


def json_response(request, page, reading):
    """One page of results, with what the page says about the search."""
    return JsonResponse(
        {
            "query": reading.query.text if reading and reading.query else "",
            "reading": reading.describe() if reading else "",
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "results": [_article_json(request, a) for a in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(request, results, filename="newsroom-search.csv"):
    """Every matching article, streamed row by row in the page's order:
    versions and copies included, the story column says which go together."""
    writer = csv.writer(_Echo())
    rows = results.select_related(None).values_list(
        "pk",
        "title",
        "source__name",
        "published",
        "dateline",
        "byline",
        "slug",
        "url",
        "story_id",
        "version",
    )

    def lines():
        yield writer.writerow(CSV_COLUMNS)
        for (
            pk,
            title,
            source,
            published,
            dateline,
            byline,
            slug,
            url,
            *story,
        ) in rows.iterator(chunk_size=500):
            page = request.build_absolute_uri(
                reverse("articles:detail", kwargs={"pk": pk, "slug": slug})
            )
            cells = [pk, title, source, published, dateline, byline, page, url, *story]
            yield writer.writerow([_cell(c) for c in cells])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Articles read at a time while streaming an export: the ids come from the
# search in order, then each chunk of articles is read whole.
EXPORT_CHUNK = 500


def jsonl_response(request, results, *, ninjs=False):
    """Every matching article, one JSON document a line, streamed in the
    results' order however many there are (versions and copies included, as
    in the CSV): the search page's JSON of each, or with `ninjs` its ninjs
    2.2 document, the entities it names among its subjects. Memory holds one
    chunk of articles at a time."""
    ids = results.select_related(None).values_list("pk", flat=True)
    articles = Article.objects.select_related("source")
    if ninjs:
        mentions = Mention.objects.filter(entity__hidden=False).select_related("entity")
        articles = articles.prefetch_related(
            "subjects", Prefetch("mentions", queryset=mentions, to_attr="named")
        )

    def document(article) -> dict:
        if ninjs:
            return ninjs_item(request, article, article.named)
        return _article_json(request, article)

    def lines():
        chunk = []
        for pk in ids.iterator(chunk_size=EXPORT_CHUNK):
            chunk.append(pk)
            if len(chunk) == EXPORT_CHUNK:
                yield from _json_lines(articles, chunk, document)
                chunk = []
        yield from _json_lines(articles, chunk, document)

    name = "newsroom-search.ninjs.jsonl" if ninjs else "newsroom-search.jsonl"
    response = StreamingHttpResponse(
        lines(), content_type="application/x-ndjson; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _json_lines(articles, ids, document):
    found = articles.in_bulk(ids)
    for pk in ids:
        if pk in found:
            line = json.dumps(document(found[pk]), ensure_ascii=False)
            yield line + "\n"


def atom_response(request, articles, *, title, link, description=""):
    """Articles (one page of results) as an Atom feed."""
    feed = feedgenerator.Atom1Feed(
        title=title,
        link=request.build_absolute_uri(link),
        description=description,
        feed_url=request.build_absolute_uri(),
        language="en",
        # Atom requires an author for every entry; entries without a byline
        # inherit the feed's.
        author_name="newsroom",
    )
    for article in articles:
        hit = getattr(article, "hit", None)
        feed.add_item(
            title=article.title,
            link=request.build_absolute_uri(article.get_absolute_url()),
            description=marked_html(hit.snippet) if hit else summary_html(article.lead),
            unique_id=request.build_absolute_uri(article.get_absolute_url()),
            pubdate=published_at(article),
            updateddate=article.updated_at,
            author_name=article.byline or None,
            categories=[
                *([article.source.name] if article.source else []),
                *([f"story:{article.story_id}"] if article.story_id else []),
                *([f"version:{article.version}"] if article.version else []),
            ]
            or None,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


COMPARISON_COLUMNS = [
    "query",
    "period",
    "start",
    "end",
    "stories",
    "all_stories",
    "share",
    "search",
]


def _share(value):
    """A share as exports give it: a percentage to four places, or None."""
    return None if value is None else round(value, 4)


def comparison_csv_response(request, comparison, filename="newsroom-compare.csv"):
    """A comparison of queries over time (articles.comparison), a row per
    query and period: its stories, all the period's stories, the share in
    percent, the search for them. Undated stories are in no period."""
    writer = csv.writer(_Echo())
    lines = [writer.writerow(COMPARISON_COLUMNS)]
    for series in comparison.series:
        shares = comparison.shares(series)
        for period, count, share, link in zip(
            comparison.periods, series.counts, shares, series.links, strict=True
        ):
            cells = [
                series.text,
                period.key,
                period.start,
                period.end,
                count,
                period.stories,
                _share(share),
                request.build_absolute_uri(link),
            ]
            lines.append(writer.writerow([_cell(c) for c in cells]))
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def comparison_json_response(request, comparison, asked):
    """The same numbers as comparison_csv_response, with the periods' own
    counts, the undated stories and how each query was read."""
    data = asked.filterset.form.cleaned_data
    filters = {
        name: str(getattr(data[name], "slug", data[name]))
        for name in ("source", "entity", "subject", "country")
        if data.get(name)
    }
    for name in ("published_after", "published_before"):
        if data.get(name):
            filters[name] = data[name].isoformat()
    return JsonResponse(
        {
            "by": comparison.unit,
            "filters": filters,
            "notes": comparison.notes,
            "stories": comparison.total,
            "undated_stories": comparison.undated,
            "periods": [
                {
                    "period": period.key,
                    "label": period.label,
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                    "stories": period.stories,
                }
                for period in comparison.periods
            ],
            "queries": [
                {
                    "query": series.text,
                    "reading": series.reading.describe(),
                    "notes": series.notes,
                    "stories": series.total,
                    "undated_stories": series.undated,
                    "points": [
                        {
                            "period": period.key,
                            "stories": count,
                            "share": _share(share),
                            "search": request.build_absolute_uri(link),
                        }
                        for period, count, share, link in zip(
                            comparison.periods,
                            series.counts,
                            comparison.shares(series),
                            series.links,
                            strict=True,
                        )
                    ],
                }
                for series in comparison.series
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
