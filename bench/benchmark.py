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

The work is split in three: bench/worker.py runs inside a scratch archive's
process (import, rebuild, queries, raw engine), bench/run.py builds the
scratch databases, serves them and times the pages, and bench/report.py
makes the percentiles, the table, the JSON and the README section.
"""

import argparse
import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script: bench/ and tests/ are packages of the repository's root.
sys.path.insert(0, str(ROOT))

from bench.report import table_lines, update_readme, write_results  # noqa: E402
from bench.run import renice_postgres, run_benchmark  # noqa: E402

DEFAULT_CORPUS = (
    ROOT.parent / "shared" / "corpora" / "reuters-financial" / "articles.jsonl.xz"
)
RESULTS = ROOT / "bench" / "results" / "latest.json"


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
    args = parser.parse_args()
    if args.nice:
        os.nice(args.nice)
        threading.Thread(target=renice_postgres, args=(args.nice,), daemon=True).start()
    command = "python bench/benchmark.py " + " ".join(sys.argv[1:])
    report = run_benchmark(args, command=command)
    lines = table_lines(report["databases"])
    print("\n".join(lines))
    write_results(report, args.output)
    if args.readme:
        update_readme(lines, report)


if __name__ == "__main__":
    main()
