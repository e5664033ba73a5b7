"""The benchmark's worker: one step inside one scratch archive, as JSON.

    python bench/worker.py --slice PATH --mentions PATH [--per-class N] ...

bench/run.py runs it in a subprocess whose environment names the scratch
database. With Django set up there, it imports the slice through newsroom's
importer (no entity extraction), gives the new articles the sample's entity
mentions in turn, rebuilds the search index, draws queries and pages from the
archive, times the raw engine on the same queries and counts the SQL queries
per page; it prints all of it as one line of JSON.
"""

import argparse
import json
import os
import random
import sqlite3
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_worker(
    *,
    slice_path: Path,
    mentions_path: Path,
    seed: int,
    per_class: int,
    repeats: int,
    workers: int,
) -> dict:
    """One step: import, mentions, rebuild, queries, raw engine, SQL counts."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    out = {}
    out["import"] = _import_step(slice_path, workers=workers)
    out["mentions"] = _replay_mentions(
        mentions_path, first_id=out["import"]["first_id"]
    )
    out["rebuild_s"] = _rebuild()
    rng = random.Random(seed)
    queries = _choose_queries(rng, per_class=per_class)
    out["queries"] = queries
    out["pages"] = _choose_pages(rng)
    out["raw"] = _raw_engine(queries, repeats=repeats)
    out["datasette_searches"] = _datasette_searches(queries)
    out["sql_queries"] = _count_sql(queries, out["pages"])
    _checkpoint()
    return out


def _import_step(path: Path, *, workers: int) -> dict:
    from articles.ingest.importer import import_paths
    from articles.models import Article

    first_id = (
        Article.objects.order_by("-pk").values_list("pk", flat=True).first()
    ) or 0
    wall, cpu = time.perf_counter(), time.process_time()
    result = import_paths(paths=[path], extract=False, workers=workers)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "first_id": first_id,
        "created": result.created,
        "failed": result.failed,
        "duplicates": result.duplicates,
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),  # this process's, not its workers'
        "workers": workers,
        "per_second": round(result.created / wall, 1),
        "total": Article.objects.count(),
    }


def _replay_mentions(path: Path, *, first_id) -> dict:
    """Give the new articles the sample's extracted entities, in turn."""
    from django.db import transaction

    from articles.entities.curation import resolve_entities
    from articles.models import Article, Mention

    sample = json.loads(path.read_text())
    if not sample:
        return {"articles": 0, "mentions": 0}
    names = {}
    for entities in sample:
        for kind, normalized, name, _ in entities:
            names.setdefault((kind, normalized), name)
    started = time.perf_counter()
    written = 0
    with transaction.atomic():
        found = resolve_entities(names)
        ids = Article.objects.filter(pk__gt=first_id).order_by("pk")
        batch = []
        for n, pk in enumerate(ids.values_list("pk", flat=True).iterator()):
            for kind, normalized, _, count in sample[n % len(sample)]:
                entity = found.get((kind, normalized))
                if entity is not None:
                    batch.append(Mention(article_id=pk, entity=entity, count=count))
            if len(batch) >= 20_000:
                Mention.objects.bulk_create(batch, ignore_conflicts=True)
                written += len(batch)
                batch = []
        Mention.objects.bulk_create(batch, ignore_conflicts=True)
        written += len(batch)
    _analyze()
    return {"mentions": written, "seconds": round(time.perf_counter() - started, 1)}


def _analyze():
    """Fresh planner statistics, and on PostgreSQL the visibility map that
    index-only scans need: what autovacuum (PostgreSQL's default) does within
    a minute or so of a large import, done here so that the figures depend
    neither on when it runs nor on whether the server has it on (the one this
    benchmark was first run on has it off)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def _rebuild() -> float:
    from django.db import transaction

    from articles.search import get_search_backend

    started = time.perf_counter()
    with transaction.atomic():
        get_search_backend().rebuild()
    return round(time.perf_counter() - started, 2)


def _choose_queries(rng, *, per_class) -> dict:
    """Queries drawn from the archive's headlines, by class."""
    from articles.models import Article, Entity, Source
    from articles.search import get_search_backend
    from articles.search.query import STOP_WORDS
    from articles.search.text import stem, words

    total = Article.objects.count()
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    picked = rng.sample(ids, min(len(ids), 4000))
    titles = []
    for start in range(0, len(picked), 500):
        titles += Article.objects.filter(
            pk__in=picked[start : start + 500]
        ).values_list("title", flat=True)
    title_words = [
        [w for w in words(t) if w.isalpha() and len(w) >= 3 and w not in STOP_WORDS]
        for t in titles
    ]
    vocabulary = sorted({w for ws in title_words for w in ws})
    backend = get_search_backend()
    counts = {}
    for start in range(0, len(vocabulary), 500):
        chunk = vocabulary[start : start + 500]
        found = backend.term_counts([stem(w) for w in chunk])
        counts.update({w: found[stem(w)] for w in chunk})
    by_count = sorted((w for w in vocabulary if counts[w]), key=lambda w: counts[w])
    rare = [w for w in by_count if counts[w] <= max(3, total // 2000)]
    common = [w for w in by_count if counts[w] >= total // 20]
    middling = [w for w in by_count if total // 1000 <= counts[w] < total // 20]

    def draw(pool, n):
        pool = list(dict.fromkeys(pool))
        return rng.sample(pool, min(n, len(pool)))

    pairs = [ws[i : i + 2] for ws in title_words for i in range(len(ws) - 1)]
    pairs = [p for p in pairs if p[0] != p[1]]
    queries = {
        "rare": draw(rare, per_class),
        # the commonest words (in more than half the articles) as well
        "common": draw(common[-per_class // 3 :], per_class // 3)
        + draw(common[: -per_class // 3], per_class - per_class // 3),
        "and": [" ".join(p) for p in draw([tuple(p) for p in pairs], per_class)],
        "phrase": [
            '"' + " ".join(p) + '"' for p in draw([tuple(p) for p in pairs], per_class)
        ],
        "prefix": [
            w[:5] + "*" for w in draw([w for w in middling if len(w) >= 7], per_class)
        ],
        "or": [
            f"{a} OR {b}"
            for a, b in zip(
                draw(middling, per_class), draw(by_count[::-1], per_class), strict=False
            )
        ],
    }
    sources = list(Source.objects.values_list("slug", flat=True))
    entities = list(Entity.objects.most_mentioned().values_list("slug", flat=True)[:50])
    filtered = []
    for n, word in enumerate(draw(middling + common, per_class)):
        if n % 2 == 0 and sources:
            filtered.append({"q": word, "source": rng.choice(sources)})
        elif entities:
            filtered.append({"q": word, "entity": rng.choice(entities)})
    queries["filtered"] = filtered
    return {
        name: [q if isinstance(q, dict) else {"q": q} for q in found]
        for name, found in queries.items()
    }


def _choose_pages(rng) -> dict:
    from articles.models import Article, Entity

    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    articles = Article.objects.filter(pk__in=rng.sample(ids, min(100, len(ids))))
    top = Entity.objects.most_mentioned().first()
    return {
        "articles": [a.get_absolute_url() for a in articles.only("pk", "slug")],
        "entity": top.get_absolute_url() if top else None,
        "entity_name": top.name if top else None,
        "entity_articles": top.article_count if top else 0,
    }


def search_url(query: dict) -> str:
    return "/search/?" + urllib.parse.urlencode(query)


def _raw_engine(queries, *, repeats) -> dict:
    """The engine alone: ranked top 20 with snippets, and the count, per query."""
    from django.db import connection

    from articles.models import Entity, Source
    from articles.search import parse_query

    sources = dict(Source.objects.values_list("slug", "pk"))
    entities = dict(Entity.objects.values_list("slug", "pk"))
    if connection.vendor == "sqlite":
        from articles.search.backends.sqlite import to_match

        raw = sqlite3.connect(connection.settings_dict["NAME"])

        def run(query, extra, params):
            match = to_match(parse_query(query["q"]))
            raw.execute(
                "SELECT rowid, snippet(articles_search, -1, char(2), char(3), '…', 36) "
                f"FROM articles_search WHERE articles_search MATCH ?{extra} "
                "ORDER BY bm25(articles_search, 10.0, 2.0, 1.0) LIMIT 20",
                [match, *params],
            ).fetchall()
            raw.execute(
                "SELECT count(*) FROM articles_search "
                f"WHERE articles_search MATCH ?{extra}",
                [match, *params],
            ).fetchone()

        # "+rowid": a filter on the matches, not a lookup of each id in FTS5
        by_source = (
            " AND +rowid IN (SELECT id FROM articles_article WHERE source_id = ?)"
        )
        by_entity = (
            " AND +rowid IN "
            "(SELECT article_id FROM articles_mention WHERE entity_id = ?)"
        )
    else:
        import psycopg

        from articles.search.backends.postgres import to_tsquery

        settings = connection.settings_dict
        raw = psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            host=settings["HOST"],
            port=settings["PORT"] or 5432,
            password=settings["PASSWORD"] or None,
            autocommit=True,
        )

        def run(query, extra, params):
            tsquery = to_tsquery(parse_query(query["q"]))
            raw.execute(
                "SELECT s.rowid, ts_headline('simple', a.body, q, 'MaxWords=36') "
                "FROM (SELECT rowid, ts_rank(articles_search, q) AS r "
                "FROM articles_search, to_tsquery('simple', %s) q "
                f"WHERE articles_search @@ q{extra} ORDER BY r DESC LIMIT 20) s "
                "JOIN articles_article a ON a.id = s.rowid, "
                "to_tsquery('simple', %s) q ORDER BY s.r DESC",
                [tsquery, *params, tsquery],
            ).fetchall()
            raw.execute(
                "SELECT count(*) FROM articles_search "
                f"WHERE articles_search @@ to_tsquery('simple', %s){extra}",
                [tsquery, *params],
            ).fetchone()

        by_source = (
            " AND rowid IN (SELECT id FROM articles_article WHERE source_id = %s)"
        )
        by_entity = (
            " AND rowid IN "
            "(SELECT article_id FROM articles_mention WHERE entity_id = %s)"
        )

    timings = {}
    for name, found in queries.items():
        for query in found:
            extra, params = "", []
            if "source" in query:
                extra, params = by_source, [sources[query["source"]]]
            elif "entity" in query:
                extra, params = by_entity, [entities[query["entity"]]]
            run(query, extra, params)  # warm-up
            for _ in range(repeats):
                started = time.perf_counter()
                run(query, extra, params)
                timings.setdefault(name, []).append(time.perf_counter() - started)
    raw.close()
    return {name: [round(t * 1000, 3) for t in ts] for name, ts in timings.items()}


def _datasette_searches(queries) -> dict:
    """The same queries as raw FTS5 queries for Datasette's table page, over
    the unstemmed text (its FTS table stems with porter)."""
    from articles.search import parse_query
    from articles.search.query import InTitle, Not, Or, Phrase, Term

    def fts(node):
        if isinstance(node, InTitle):
            return "title : " + fts(node.child)
        if isinstance(node, Term):
            return f'"{node.word}"' + ("*" if node.prefix else "")
        if isinstance(node, Phrase):
            return '"' + " ".join(node.words) + '"'
        if isinstance(node, Or):
            return "(" + " OR ".join(fts(c) for c in node.children) + ")"
        if isinstance(node, Not):
            return fts(node.child)
        kept = [fts(c) for c in node.children if not isinstance(c, Not)]
        dropped = [fts(c.child) for c in node.children if isinstance(c, Not)]
        return "(" + " NOT ".join([" AND ".join(kept), *dropped]) + ")"

    return {
        name: [fts(parse_query(query["q"]).tree) for query in found]
        for name, found in queries.items()
    }


def _count_sql(queries, pages) -> dict:
    """SQL queries per page, through Django's test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(captured)

    for name, found in queries.items():
        counts[f"search: {name}"] = sorted({count(search_url(q)) for q in found[:5]})
    counts["article"] = sorted({count(url) for url in pages["articles"][:5]})
    if pages["entity"]:
        counts["entity"] = [count(pages["entity"])]
    return counts


def _checkpoint():
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slice", type=Path, required=True)
    parser.add_argument("--mentions", type=Path, required=True)
    parser.add_argument("--per-class", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    result = run_worker(
        slice_path=args.slice,
        mentions_path=args.mentions,
        seed=args.seed,
        per_class=args.per_class,
        repeats=args.repeats,
        workers=args.workers,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
