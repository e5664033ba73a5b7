"""Where a page's time goes: a table per phase, Python and SQL apart.

    DJANGO_DEBUG=1 NEWSROOM_SQLITE_PATH=archive.sqlite3 \\
        .venv/bin/python bench/profile.py [--per-class 20] [--rounds 3]

Runs inside the archive's own process (any archive: SQLite by default, or
PostgreSQL with DATABASE_URL), and requests pages through Django's test
client, so that every middleware runs as under gunicorn, minus the HTTP
parsing. Each phase below is timed where it is entered, exclusive of the
phases it calls (a stack), and every SQL statement's time is charged to the
phase that ran it, so Python and SQL are told apart:

    request     middleware, URL resolution, the view's own code
    validators  the archive's state, for ETag and Last-Modified
    filters     the form, the query's parsing, the filters, the search set-up
    paging      the ids of the page (ranking), counting, reading its articles
    versions    the other versions of each result's story
    snippets    headlines and snippets with the hits marked
    facets      sources, dates, entities, subjects, places of the results
    spelling    words that matched nothing, "did you mean"
    context     an article's or entity's own page: related articles, story,
                timeline, entities named with it, the map
    template    rendering (and what templates evaluate lazily)

The queries are drawn from the archive's headlines in the benchmark's seven
classes (bench/worker.py), with the article pages and the most mentioned
entity's page. Mean milliseconds per request are printed per page class,
with the medians of the whole request over --rounds rounds.
"""

import argparse
import functools
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

PHASES = (
    "request",
    "validators",
    "filters",
    "paging",
    "versions",
    "snippets",
    "facets",
    "spelling",
    "context",
    "template",
)


class Phases:
    """Exclusive wall time and SQL time per phase, while `request` runs."""

    def __init__(self):
        self.stack = []
        self.python = defaultdict(float)
        self.sql = defaultdict(float)
        self.statements = defaultdict(int)

    def timed(self, phase, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            self.stack.append([phase, time.perf_counter(), 0.0])
            try:
                return function(*args, **kwargs)
            finally:
                name, started, inner = self.stack.pop()
                elapsed = time.perf_counter() - started
                self.python[name] += elapsed - inner
                if self.stack:
                    self.stack[-1][2] += elapsed

        return wrapper

    def execute(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            phase = self.stack[-1][0] if self.stack else "request"
            self.sql[phase] += elapsed
            self.python[phase] -= elapsed
            self.statements[phase] += 1


def instrument(phases: Phases) -> None:
    """Wrap the functions each phase runs in (where their callers find them)."""
    from django.template.response import SimpleTemplateResponse

    from articles import caching, facets, filters, stats, views
    from articles.stories import results

    def wrap(owner, name, phase):
        setattr(owner, name, phases.timed(phase, getattr(owner, name)))

    wrap(caching, "archive_state", "validators")
    wrap(filters.ArticleFilter, "filter_queryset", "filters")
    wrap(views, "paginate_articles", "paging")
    wrap(views, "versions_of", "versions")
    wrap(views, "highlight", "snippets")
    wrap(views, "facet_counts", "facets")
    wrap(views, "spelling_help", "spelling")
    wrap(views.ArticleDetailView, "get_context_data", "context")
    wrap(stats, "timeline", "context")
    wrap(stats, "mentioned_with", "context")
    wrap(views, "places_map_of", "context")
    wrap(facets, "places_map_of", "context")
    wrap(views, "render", "template")
    wrap(SimpleTemplateResponse, "render", "template")
    wrap(results.OnePerStory, "count", "paging")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-class", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from bench.worker import _choose_pages, _choose_queries, search_url

    setup_test_environment()  # the test client's hosts
    rng = random.Random(args.seed)
    queries = _choose_queries(rng, per_class=args.per_class)
    pages = _choose_pages(rng)
    classes = {
        f"search: {name}": [search_url(q) for q in found]
        for name, found in queries.items()
    }
    classes["article"] = pages["articles"][: args.per_class * 2]
    if pages["entity"]:
        classes["entity"] = [pages["entity"]] * args.per_class

    phases = Phases()
    instrument(phases)
    client = Client()
    for urls in classes.values():  # warm: imports, caches, the first plans
        for url in urls[:3]:
            client.get(url)

    print(
        f"{connection.vendor}, {pages['entity_articles']:,} articles name the "
        f"entity of the entity page ({pages['entity_name']}); "
        f"mean ms per request, {args.rounds} rounds"
    )
    header = ["page", "p50 ms", *PHASES, "SQL ms", "statements"]
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for name, urls in classes.items():
        totals = []
        phases.python.clear()
        phases.sql.clear()
        phases.statements.clear()
        with connection.execute_wrapper(phases.execute):
            for _ in range(args.rounds):
                for url in urls:
                    started = time.perf_counter()
                    phases.stack.append(["request", started, 0.0])
                    response = client.get(url)
                    _, _, inner = phases.stack.pop()
                    elapsed = time.perf_counter() - started
                    phases.python["request"] += elapsed - inner
                    totals.append(elapsed)
                    assert response.status_code == 200, (url, response.status_code)
        requests = len(totals)
        row = [name, f"{statistics.median(totals) * 1000:.1f}"]
        row += [f"{phases.python[p] / requests * 1000:.2f}" for p in PHASES]
        row += [
            f"{sum(phases.sql.values()) / requests * 1000:.2f}",
            f"{sum(phases.statements.values()) / requests:.1f}",
        ]
        print(" | ".join(row))


if __name__ == "__main__":
    main()
