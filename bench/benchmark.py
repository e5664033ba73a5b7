"""Speed at scale: newsroom measured against the raw engines and Datasette.

    .venv/bin/pip install -r bench/requirements.txt
    .venv/bin/python bench/benchmark.py --sizes 10000,30000,101001

Builds a scratch archive from the Reuters financial corpus (read from
../shared/corpora at run time, never copied into the repository) through
newsroom's own importer, on SQLite and on PostgreSQL, growing it to each size
in turn, and measures at each size, in the same run and on the same data:

- import: articles per second without entity extraction (the archive itself),
  and with it (a sample imported by `manage.py import_seeds --workers N` into a
  separate scratch database, once per database);
- index rebuild: the backend's rebuild() over the whole archive;
- the search results page over HTTP through gunicorn (gunicorn.conf.py, one
  worker, DEBUG off, static files collected), for queries drawn from the
  archive in seven classes, p50/p95/p99 per class;
- the raw engine doing the same work in plain sqlite3 or psycopg (the ranked
  top 20 with snippets, and the count), and Datasette's search page over a
  copy of the same SQLite file (SQLite only), as ratios;
- the article page and the page of the most mentioned entity;
- SQL queries per page (Django's test client) and the gunicorn worker's
  memory after all the requests (more than 1,000).

The whole archive gets entity mentions: those extracted from the sample are
reused in turn for the other articles (extracting 100,000 articles would take
most of an hour), so each article has a real number of mentions and the
entities the real skew. Nothing is compared with a target here: the figures
are printed as a table and written to bench/results/latest.json; --readme
also puts the table in README.md's "Speed" section.

Run with --worker it does one step inside one database and prints JSON.
"""

import argparse
import contextlib
import json
import lzma
import os
import platform
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = (
    ROOT.parent / "shared" / "corpora" / "reuters-financial" / "articles.jsonl.xz"
)
RESULTS = ROOT / "bench" / "results" / "latest.json"
PYTHON = sys.executable
CLASSES = ["rare", "common", "and", "phrase", "prefix", "or", "filtered"]
SECRET = "newsroom-benchmark-only"
README_START = "<!-- speed:start -->"
README_END = "<!-- speed:end -->"


# --- the worker: runs inside one database, with Django set up ------------------


def run_worker(args) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    out = {}
    out["import"] = _import_step(Path(args.slice), workers=args.workers)
    out["mentions"] = _replay_mentions(
        Path(args.mentions), first_id=out["import"]["first_id"]
    )
    out["rebuild_s"] = _rebuild()
    rng = random.Random(args.seed)
    queries = _choose_queries(rng, per_class=args.per_class)
    out["queries"] = queries
    out["pages"] = _choose_pages(rng)
    out["raw"] = _raw_engine(queries, repeats=args.repeats)
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


# --- the orchestrator ----------------------------------------------------------


def read_records(corpus: Path):
    with lzma.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield line


def write_slices(corpus: Path, sizes: list[int], folder: Path) -> list[Path]:
    """One JSON Lines file per step: the records from the last size to the next."""
    records = read_records(corpus)
    paths, done = [], 0
    for size in sizes:
        path = folder / f"slice-{size}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for line in records:
                out.write(line)
                done += 1
                if done >= size:
                    break
        paths.append(path)
    return paths


def renice_postgres(niceness: int) -> None:
    """Give the server processes of this run's scratch databases `niceness`."""
    mine = f"newsroom_bench_{os.getpid()}_".encode()
    done = set()
    while True:
        for status in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                pid = int(status.parent.name)
                if pid not in done and mine in status.read_bytes():
                    os.setpriority(os.PRIO_PROCESS, pid, niceness)
                    done.add(pid)
            except (OSError, ValueError):
                pass
        time.sleep(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Scratch:
    """A scratch database of one kind: its environment and its removal."""

    def __init__(self, vendor: str, folder: Path, postgres: str, name: str):
        self.vendor = vendor
        self.name = f"newsroom_bench_{os.getpid()}_{name}"
        self.postgres = postgres
        base = {
            "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_DEBUG": "0",
            "NEWSROOM_STATIC_ROOT": str(folder / "static"),
        }
        if vendor == "sqlite":
            self.path = folder / f"{self.name}.sqlite3"
            self.env = {
                **base,
                "DATABASE_URL": "",
                "NEWSROOM_SQLITE_PATH": str(self.path),
            }
        else:
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {self.name}")
                conn.execute(f"CREATE DATABASE {self.name}")
            url = postgres.rsplit("/", 1)[0] + f"/{self.name}"
            self.env = {**base, "DATABASE_URL": url}

    @property
    def admin_url(self):
        return self.postgres.rsplit("/", 1)[0] + "/postgres"

    def drop(self):
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


def run_env(env, *command, capture=True, timeout=7200):
    completed = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=capture,
        text=True,
        timeout=timeout,
    )
    if completed.returncode:
        shown = " ".join(map(str, command))
        raise RuntimeError(f"{shown} failed:\n{completed.stdout}\n{completed.stderr}")
    return completed.stdout


def extraction_sample(scratch: Scratch, path: Path, workers: int) -> tuple[dict, list]:
    """Import the sample with entity extraction; its entities, per article."""
    run_env(scratch.env, PYTHON, "manage.py", "migrate", "--noinput")
    started = time.perf_counter()
    run_env(
        scratch.env,
        PYTHON,
        "manage.py",
        "import_seeds",
        str(path),
        f"--workers={workers}",
        "--verbosity=0",
    )
    seconds = time.perf_counter() - started
    if scratch.vendor == "sqlite":
        conn = sqlite3.connect(scratch.path)
    else:
        import psycopg

        conn = psycopg.connect(scratch.env["DATABASE_URL"])
    rows = conn.execute(
        "SELECT a.id, e.kind, e.normalized, e.name, m.count "
        "FROM articles_article a JOIN articles_mention m ON m.article_id = a.id "
        "JOIN articles_entity e ON e.id = m.entity_id ORDER BY a.id, e.id"
    ).fetchall()
    articles = conn.execute("SELECT count(*) FROM articles_article").fetchone()[0]
    conn.close()
    per_article = {}
    for article, kind, normalized, name, count in rows:
        per_article.setdefault(article, []).append([kind, normalized, name, count])
    mentions = list(per_article.values())
    return {
        "articles": articles,
        "workers": workers,
        "seconds": round(seconds, 1),
        "per_second": round(articles / seconds, 1),
        "mentions_per_article": round(len(rows) / max(articles, 1), 1),
    }, mentions


@contextlib.contextmanager
def serving(command, env, port, ready_path):
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                fetch(port, ready_path)
                break
            except OSError as exc:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode(errors="replace")[-3000:]
                    raise RuntimeError(output) from exc
                time.sleep(0.3)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def fetch(port: int, path: str) -> float:
    """Milliseconds for one GET, to the last byte of the body."""
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as r:
        r.read()
        if r.status != 200:
            raise RuntimeError(f"{path}: HTTP {r.status}")
    return (time.perf_counter() - started) * 1000


def measure(port, urls: dict, *, passes: int) -> dict:
    """{name: [ms, ...]}: a warm-up pass, then `passes` timed passes."""
    for found in urls.values():
        for url in found:
            fetch(port, url)
    timings = {name: [] for name in urls}
    for _ in range(passes):
        for name, found in urls.items():
            timings[name] += [round(fetch(port, url), 3) for url in found]
    return timings


def worker_rss_mb(master: int) -> tuple[float, int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for child in children:
        status = Path(f"/proc/{child}/status").read_text()
        kb = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
        sizes.append(kb / 1024)
    return round(max(sizes), 1), len(children)


def datasette_urls(db_name, queries, sources, entities) -> dict:
    """The same queries on Datasette's table page, as a raw FTS5 query over
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

    urls = {}
    for name, found in queries.items():
        for query in found:
            params = {
                "_search": fts(parse_query(query["q"]).tree),
                "_searchmode": "raw",
            }
            if "source" in query:
                params["source_id"] = sources[query["source"]]
            if "entity" in query:
                params["_where"] = (
                    "id in (select article_id from articles_mention "
                    f"where entity_id = {entities[query['entity']]})"
                )
            path = f"/{db_name}/articles_article?" + urllib.parse.urlencode(params)
            urls.setdefault(name, []).append(path)
    return urls


def datasette_copy(scratch: Scratch, folder: Path) -> tuple[Path, dict, dict]:
    """A copy of the SQLite file with a plain FTS5 table Datasette recognises."""
    copy = folder / "datasette.db"
    shutil.copy(scratch.path, copy)
    conn = sqlite3.connect(copy)
    conn.executescript(
        """
        PRAGMA journal_mode=DELETE;
        CREATE VIRTUAL TABLE articles_article_fts USING fts5(
            title, body, content="articles_article", content_rowid="id",
            tokenize='porter unicode61'
        );
        INSERT INTO articles_article_fts(articles_article_fts) VALUES ('rebuild');
        """
    )
    sources = dict(conn.execute("SELECT slug, id FROM articles_source"))
    entities = dict(conn.execute("SELECT slug, id FROM articles_entity"))
    conn.commit()
    conn.close()
    return copy, sources, entities


def percentiles(values) -> dict:
    if not values:
        return {}
    ordered = sorted(values)

    def at(p):
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 2),
        "p95": round(at(95), 2),
        "p99": round(at(99), 2),
        "max": round(ordered[-1], 2),
    }


def summarise(timings: dict) -> dict:
    summary = {name: percentiles(ts) for name, ts in timings.items()}
    summary["all"] = percentiles([t for ts in timings.values() for t in ts])
    return summary


def measure_database(vendor, args, folder, slices, sizes, whole) -> dict:
    scratch = Scratch(vendor, folder, args.postgres, "archive")
    sample_db = Scratch(vendor, folder, args.postgres, "sample")
    report = {"vendor": vendor, "sizes": []}
    try:
        sample_path = folder / "sample.jsonl"
        with sample_path.open("w") as out:
            for n, line in enumerate(read_records(args.corpus)):
                if n >= args.extract_sample:
                    break
                out.write(line)
        print(
            f"[{vendor}] importing {args.extract_sample} articles with extraction",
            flush=True,
        )
        report["extraction"], mentions = extraction_sample(
            sample_db, sample_path, args.workers
        )
        sample_db.drop()
        mentions_path = folder / "mentions.json"
        mentions_path.write_text(json.dumps(mentions))
        run_env(scratch.env, PYTHON, "manage.py", "migrate", "--noinput")
        run_env(scratch.env, PYTHON, "manage.py", "collectstatic", "--noinput")
        for size, path in zip(sizes, slices, strict=True):
            print(
                f"[{vendor}] {size:,} articles: import, rebuild, raw engine", flush=True
            )
            step = json.loads(
                run_env(
                    scratch.env,
                    PYTHON,
                    __file__,
                    "--worker",
                    "--slice",
                    str(path),
                    "--mentions",
                    str(mentions_path),
                    "--per-class",
                    str(args.per_class),
                    "--repeats",
                    str(args.passes),
                    "--seed",
                    str(args.seed + size),
                    "--workers",
                    str(args.workers),
                )
                .strip()
                .splitlines()[-1]
            )
            step["size"] = step["import"]["total"]
            urls = {
                name: [search_url(q) for q in found]
                for name, found in step["queries"].items()
            }
            pages = {"article": step["pages"]["articles"]}
            if step["pages"]["entity"]:
                pages["entity"] = [step["pages"]["entity"]] * 30
            print(f"[{vendor}] {size:,} articles: pages through gunicorn", flush=True)
            port = free_port()
            env = {
                **scratch.env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": "1",
            }
            gunicorn = [str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py"]
            with serving(gunicorn, env, port, "/search/help/") as server:
                search = measure(port, urls, passes=args.passes)
                other = measure(port, pages, passes=args.passes)
                served = sum(len(v) for v in urls.values()) + sum(
                    len(v) for v in pages.values()
                )
                step["web_requests"] = served * (args.passes + 1)
                step["worker_rss_mb"], _ = worker_rss_mb(server.pid)
            step["search"] = summarise(search)
            step["raw_summary"] = summarise(step.pop("raw"))
            step["pages_summary"] = {n: percentiles(t) for n, t in other.items()}
            if vendor == "sqlite" and not args.no_datasette:
                print(f"[{vendor}] {size:,} articles: Datasette", flush=True)
                copy, sources, entities = datasette_copy(scratch, folder)
                d_urls = datasette_urls("datasette", step["queries"], sources, entities)
                port = free_port()
                datasette = [
                    str(Path(PYTHON).parent / "datasette"),
                    "serve",
                    str(copy),
                    "--port",
                    str(port),
                    "--setting",
                    "num_sql_threads",
                    "1",
                ]
                with serving(datasette, {}, port, "/-/versions.json"):
                    step["datasette"] = summarise(
                        measure(port, d_urls, passes=args.passes)
                    )
                copy.unlink()
            report["sizes"].append(step)
            print(format_step(vendor, step, report.get("extraction")), flush=True)
            # What is measured so far, in case the run is cut short.
            partial = {**whole, "databases": [*whole["databases"], report]}
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.with_suffix(".partial.json").write_text(
                json.dumps(without_corpus_text(partial))
            )
    finally:
        scratch.drop()
        sample_db.drop()
    return report


# --- reporting -----------------------------------------------------------------


def without_corpus_text(report: dict) -> dict:
    """`report` without the words, headlines (in article URLs) and entity names
    drawn from the corpus: its licence keeps its text out of the repository,
    where the results are saved. Counts stay."""
    databases = []
    for database in report["databases"]:
        sizes = []
        for step in database["sizes"]:
            step = {k: v for k, v in step.items() if k != "queries"}
            pages = step.get("pages", {})
            step["pages"] = {
                "articles": len(pages.get("articles", [])),
                "entity_articles": pages.get("entity_articles", 0),
            }
            sizes.append(step)
        databases.append({**database, "sizes": sizes})
    return {**report, "databases": databases}


def ratio(a, b):
    return round(a / b, 2) if a and b else None


def format_step(vendor, step, extraction) -> str:
    return "\n".join(
        table_lines([{"vendor": vendor, "sizes": [step], "extraction": extraction}])
    )


def table_lines(databases: list[dict]) -> list[str]:
    """A Markdown table: one row per figure, one column per database and size."""
    columns = [(db, step) for db in databases for step in db["sizes"]]
    header = ["figure"] + [
        f"{'SQLite' if db['vendor'] == 'sqlite' else 'PostgreSQL'} {step['size']:,}"
        for db, step in columns
    ]
    rows = []

    def row(label, value):
        rows.append([label] + [value(db, step) for db, step in columns])

    def ms(x):
        return "–" if x is None else f"{x:,.1f}"

    row(
        "import, no extraction (articles/s)",
        lambda d, s: f"{s['import']['per_second']:,.0f}",
    )
    row(
        "import, no extraction (articles per CPU-s)",
        lambda d, s: (
            f"{s['import']['created'] / max(s['import']['cpu_seconds'], 1e-9):,.0f}"
        ),
    )
    row(
        "import with extraction (articles/s, sample)",
        lambda d, s: (
            f"{d['extraction']['per_second']:,.1f}" if d.get("extraction") else "–"
        ),
    )
    row("index rebuild (s)", lambda d, s: f"{s['rebuild_s']:,.1f}")
    for name in [*CLASSES, "all"]:
        row(
            f"search page {name}: p50 / p95 / p99 ms",
            lambda d, s, n=name: " / ".join(
                ms(s["search"].get(n, {}).get(p)) for p in ("p50", "p95", "p99")
            ),
        )
    row(
        "search page: max ms",
        lambda d, s: ms(s["search"]["all"].get("max")),
    )
    row(
        "raw engine, all: p50 / p95 / p99 ms",
        lambda d, s: " / ".join(
            ms(s["raw_summary"]["all"].get(p)) for p in ("p50", "p95", "p99")
        ),
    )
    row(
        "page − raw at p50 (ms); page ÷ raw at p95, p99",
        lambda d, s: (
            f"{s['search']['all']['p50'] - s['raw_summary']['all']['p50']:+.1f}; "
            f"{ratio(s['search']['all']['p95'], s['raw_summary']['all']['p95'])}×, "
            f"{ratio(s['search']['all']['p99'], s['raw_summary']['all']['p99'])}×"
        ),
    )
    row(
        "Datasette, all: p50 / p95 / p99 ms",
        lambda d, s: (
            " / ".join(ms(s["datasette"]["all"].get(p)) for p in ("p50", "p95", "p99"))
            if s.get("datasette")
            else "–"
        ),
    )
    row(
        "Datasette ÷ page at p50 / p95",
        lambda d, s: (
            (
                f"{ratio(s['datasette']['all']['p50'], s['search']['all']['p50'])}× / "
                f"{ratio(s['datasette']['all']['p95'], s['search']['all']['p95'])}×"
            )
            if s.get("datasette")
            else "–"
        ),
    )
    row(
        "article page p50 / p95 ms",
        lambda d, s: " / ".join(
            ms(s["pages_summary"]["article"].get(p)) for p in ("p50", "p95")
        ),
    )
    row(
        "entity page p50 / p95 ms",
        lambda d, s: (
            " / ".join(
                ms(s["pages_summary"].get("entity", {}).get(p)) for p in ("p50", "p95")
            )
            + f" ({s['pages']['entity_articles']:,} articles)"
        ),
    )
    row(
        "SQL queries: search / article / entity",
        lambda d, s: "{} / {} / {}".format(
            ",".join(
                map(
                    str,
                    sorted(
                        {
                            n
                            for k, v in s["sql_queries"].items()
                            if k.startswith("search")
                            for n in v
                        }
                    ),
                )
            ),
            ",".join(map(str, s["sql_queries"]["article"])),
            ",".join(map(str, s["sql_queries"].get("entity", []))),
        ),
    )
    row(
        "web worker memory (MB RSS)",
        lambda d, s: f"{s['worker_rss_mb']:,.0f} after {s['web_requests']:,} requests",
    )
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(" --- " for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def update_readme(lines: list[str], report: dict) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    if README_START not in text:
        return
    machine = report["machine"]
    block = "\n".join(
        [
            README_START,
            f"Measured {report['date']} on {machine['cpus']} cores "
            f"(load average {machine['load_before'][0]:.1f} at the start) with "
            f"`{report['command']}`:",
            "",
            *lines,
            README_END,
        ]
    )
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    readme.write_text(text[:start] + block + text[end:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,101001")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--postgres", default="postgres://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--per-class", type=int, default=30, help="queries per class")
    parser.add_argument("--passes", type=int, default=2, help="timed passes")
    parser.add_argument("--extract-sample", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--no-datasette", action="store_true")
    parser.add_argument("--readme", action="store_true", help="update README.md")
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="run at this niceness, e.g. -10 on a shared machine (needs root); "
        "the PostgreSQL processes serving the scratch databases too",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--slice", help=argparse.SUPPRESS)
    parser.add_argument("--mentions", help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.worker:
        print(json.dumps(run_worker(args)))
        return
    if args.nice:
        os.nice(args.nice)
        threading.Thread(target=renice_postgres, args=(args.nice,), daemon=True).start()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    vendors = {"sqlite": "sqlite", "postgres": "postgresql", "postgresql": "postgresql"}
    databases = [vendors[d.strip()] for d in args.databases.split(",")]
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "command": "python bench/benchmark.py " + " ".join(sys.argv[1:]),
        "nice": args.nice,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "load_before": os.getloadavg(),
        },
        "corpus": str(args.corpus),
        "databases": [],
    }
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as folder:
        folder = Path(folder)
        slices = write_slices(args.corpus, sizes, folder)
        for vendor in databases:
            report["databases"].append(
                measure_database(vendor, args, folder, slices, sizes, report)
            )
    report["machine"]["load_after"] = os.getloadavg()
    report["seconds"] = round(time.perf_counter() - started)
    lines = table_lines(report["databases"])
    print("\n".join(lines))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(without_corpus_text(report), indent=1) + "\n")
    args.output.with_suffix(".partial.json").unlink(missing_ok=True)
    if args.readme:
        update_readme(lines, report)


if __name__ == "__main__":
    main()
