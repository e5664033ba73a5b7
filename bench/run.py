"""The benchmark's run: scratch archives, servers and timings, size by size.

For each database in turn: a sample imported with entity extraction into a
scratch database of its own; then one scratch archive grown slice by slice to
each size, where bench/worker.py does the import and the in-process figures,
gunicorn serves the pages that are timed here, and (SQLite only) Datasette
serves a copy of the same file.
"""

import json
import lzma
import os
import platform
import re
import shutil
import sqlite3
import tempfile
import time
import urllib.parse
from pathlib import Path

from bench.report import format_step, percentiles, summarise, write_partial
from bench.worker import search_url
from tests.support import (
    PYTHON,
    VENV_BIN,
    ScratchDatabase,
    clean_env,
    fetch,
    free_port,
    gunicorn,
    run,
    serving,
)

WORKER = Path(__file__).resolve().with_name("worker.py")


def run_benchmark(args, *, command: str) -> dict:
    """Every database at every size: the whole report."""
    sizes = sorted(int(s) for s in args.sizes.split(","))
    vendors = {"sqlite": "sqlite", "postgres": "postgresql", "postgresql": "postgresql"}
    databases = [vendors[d.strip()] for d in args.databases.split(",")]
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "command": command,
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
    return report


def measure_database(vendor, args, folder, slices, sizes, whole) -> dict:
    """One database: the extraction sample, then each size in turn."""
    postgres = args.postgres if vendor == "postgresql" else ""
    # renice_postgres finds this run's server processes by these names.
    prefix = f"newsroom_bench_{os.getpid()}_"
    report = {"vendor": vendor, "sizes": []}
    with (
        ScratchDatabase(folder, postgres=postgres, name=prefix + "archive") as scratch,
        ScratchDatabase(folder, postgres=postgres, name=prefix + "sample") as sample,
    ):
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
            sample, sample_path, args.workers
        )
        sample.drop()
        mentions_path = folder / "mentions.json"
        mentions_path.write_text(json.dumps(mentions))
        scratch.manage("migrate", "--noinput", timeout=7200)
        scratch.manage("collectstatic", "--noinput", timeout=7200)
        for size, path in zip(sizes, slices, strict=True):
            step = measure_size(vendor, args, scratch, size, path, mentions_path)
            report["sizes"].append(step)
            print(format_step(vendor, step, report.get("extraction")), flush=True)
            write_partial(
                {**whole, "databases": [*whole["databases"], report]}, args.output
            )
    return report


def measure_size(vendor, args, scratch, size, path, mentions_path) -> dict:
    """Grow the archive by the slice at `path`, then measure it: one step."""
    print(f"[{vendor}] {size:,} articles: import, rebuild, raw engine", flush=True)
    worker = run(
        PYTHON,
        WORKER,
        "--slice",
        path,
        "--mentions",
        mentions_path,
        "--per-class",
        args.per_class,
        "--repeats",
        args.passes,
        "--seed",
        args.seed + size,
        "--workers",
        args.workers,
        env=scratch.env,
        timeout=7200,
        check=True,
    )
    step = json.loads(worker.stdout.strip().splitlines()[-1])
    searches = step.pop("datasette_searches")
    step["size"] = step["import"]["total"]
    urls = {
        name: [search_url(q) for q in found] for name, found in step["queries"].items()
    }
    pages = {"article": step["pages"]["articles"]}
    if step["pages"]["entity"]:
        pages["entity"] = [step["pages"]["entity"]] * 30
    print(f"[{vendor}] {size:,} articles: pages through gunicorn", flush=True)
    with gunicorn(scratch, workers=1, ready="/search/help/") as server:
        search = measure(server.port, urls, passes=args.passes)
        other = measure(server.port, pages, passes=args.passes)
        served = sum(len(v) for v in urls.values()) + sum(
            len(v) for v in pages.values()
        )
        step["web_requests"] = served * (args.passes + 1)
        step["worker_rss_mb"] = worker_rss_mb(server.workers())
    step["search"] = summarise(search)
    step["raw_summary"] = summarise(step.pop("raw"))
    step["pages_summary"] = {n: percentiles(t) for n, t in other.items()}
    if vendor == "sqlite" and not args.no_datasette:
        print(f"[{vendor}] {size:,} articles: Datasette", flush=True)
        step["datasette"] = measure_datasette(
            scratch, step["queries"], searches, args.passes
        )
    return step


def measure_datasette(scratch, queries, searches, passes) -> dict:
    """The same searches on Datasette's table page, over a copy of the file."""
    copy, sources, entities = datasette_copy(scratch, scratch.folder)
    urls = datasette_urls("datasette", queries, searches, sources, entities)
    port = free_port()
    command = [
        VENV_BIN / "datasette",
        "serve",
        copy,
        "--port",
        port,
        "--setting",
        "num_sql_threads",
        "1",
    ]
    log = scratch.folder / "datasette.log"
    with serving(
        command, env=clean_env(), port=port, ready="/-/versions.json", log=log
    ):
        timings = summarise(measure(port, urls, passes=passes))
    copy.unlink()
    return timings


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


def extraction_sample(
    scratch: ScratchDatabase, path: Path, workers: int
) -> tuple[dict, list]:
    """Import the sample with entity extraction; its entities, per article."""
    scratch.manage("migrate", "--noinput", timeout=7200)
    started = time.perf_counter()
    scratch.manage(
        "import_seeds", path, f"--workers={workers}", "--verbosity=0", timeout=7200
    )
    seconds = time.perf_counter() - started
    rows = scratch.query(
        "SELECT a.id, e.kind, e.normalized, e.name, m.count "
        "FROM articles_article a JOIN articles_mention m ON m.article_id = a.id "
        "JOIN articles_entity e ON e.id = m.entity_id ORDER BY a.id, e.id"
    )
    articles = scratch.scalar("SELECT count(*) FROM articles_article")
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


def fetch_ms(port: int, path: str) -> float:
    """Milliseconds for one GET, to the last byte of the body."""
    started = time.perf_counter()
    status, _ = fetch(f"http://127.0.0.1:{port}{path}", timeout=60)
    if status != 200:
        raise RuntimeError(f"{path}: HTTP {status}")
    return (time.perf_counter() - started) * 1000


def measure(port, urls: dict, *, passes: int) -> dict:
    """{name: [ms, ...]}: a warm-up pass, then `passes` timed passes."""
    for found in urls.values():
        for url in found:
            fetch_ms(port, url)
    timings = {name: [] for name in urls}
    for _ in range(passes):
        for name, found in urls.items():
            timings[name] += [round(fetch_ms(port, url), 3) for url in found]
    return timings


def worker_rss_mb(pids) -> float:
    """The largest resident memory among the processes `pids`, in MB."""
    sizes = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        kb = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
        sizes.append(kb / 1024)
    return round(max(sizes), 1)


def datasette_urls(db_name, queries, searches, sources, entities) -> dict:
    """The same queries on Datasette's table page: `searches` holds each one's
    raw FTS5 query, made by the worker (parsing needs Django set up)."""
    urls = {}
    for name, found in queries.items():
        for query, search in zip(found, searches[name], strict=True):
            params = {
                "_search": search,
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


def datasette_copy(scratch: ScratchDatabase, folder: Path) -> tuple[Path, dict, dict]:
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
