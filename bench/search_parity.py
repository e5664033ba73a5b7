"""Do SQLite and PostgreSQL give the same search answers? Measured on real text.

    python bench/search_parity.py [--corpora ../shared/corpora] [--postgres URL]

Imports the BBC News corpus (2,225 stories, read from shared/corpora at run
time, never copied into the repository) through newsroom's own importer into a
scratch SQLite file and a scratch PostgreSQL database, runs the QUERIES below
through the same filter set as the search page, and prints, per query, the hit
counts and how many of the top ten agree place by place. It also runs a
known-item test: each of 200 stories is searched for by its exact headline,
and the mean reciprocal rank of the story is reported for each database.

Run with --worker it does one database only and prints JSON (used by the
parity test in tests/search/test_parity.py and by the comparison below).
"""

import argparse
import json
import os
import shutil
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script: tests/ is a package of the repository's root.
sys.path.insert(0, str(ROOT))

from tests.support import PYTHON, ScratchDatabase, run  # noqa: E402

DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
KNOWN_ITEMS = 200

# At least 50 queries covering every operator of the query language.
QUERIES = [
    "economy",
    "blair",
    "gordon brown",
    "film",
    "music award",
    "mobile phone",
    "chelsea",
    "oil price",
    "interest rates",
    "election campaign",
    '"prime minister"',
    '"general election"',
    '"world cup"',
    '"chief executive"',
    '"mobile phone"',
    '"tony blair" iraq',
    "tax OR budget",
    "arsenal OR chelsea",
    "iraq OR afghanistan",
    "oscar OR bafta",
    "(chelsea OR arsenal) manager",
    "(tax OR budget) labour",
    "(film OR music) award",
    "election -blair",
    "economy -china",
    "football -chelsea",
    "phone NOT mobile",
    "music -award -album",
    "market* -china",
    "elect*",
    "econom*",
    "champion*",
    "broadband*",
    "minist*",
    "govern* -labour",
    "title:oil",
    "title:blair",
    'title:"world cup"',
    "title:film award",
    "title:econom*",
    "source:bbc chelsea",
    'source:bbc "interest rates"',
    "games consoles",
    "software security virus",
    "tsunami aid",
    "euro dollar",
    "yukos",
    "microsoft",
    "apple ipod",
    "the and of",
    "running",
    "rugby wales",
    "tennis australian open",
    "box office",
    '"box office" -oscar',
    "(iraq OR war) -blair",
    "wales OR ireland OR scotland",
    "strike*",
    "deficit",
    "shares rose",
]


def run_worker(corpora: Path) -> dict:
    """Import the BBC set into the configured database and answer QUERIES."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()

    from django.core.management import call_command

    from articles.filters import ArticleFilter
    from articles.ingest.importer import import_paths
    from articles.models import Article

    call_command("migrate", verbosity=0)
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(corpora / "bbc-news" / "bbc-fulltext.tar.xz") as tar:
            tar.extractall(folder, filter="data")
        started = time.monotonic()
        result = import_paths(paths=[Path(folder) / "bbc"], extract=False)
        import_seconds = time.monotonic() - started

    def ranked(text):
        filterset = ArticleFilter({"q": text}, queryset=Article.objects.all())
        return filterset.qs

    answers = {}
    for text in QUERIES:
        results = ranked(text)
        answers[text] = {
            "count": results.count(),
            "top": list(results.values_list("import_key", flat=True)[:10]),
        }

    stories = list(
        Article.objects.order_by("import_key").values_list("import_key", "title")
    )
    step = max(1, len(stories) // KNOWN_ITEMS)
    reciprocal = []
    for key, title in stories[::step][:KNOWN_ITEMS]:
        found = list(ranked(title).values_list("import_key", "title")[:50])
        # A story and its near-copy may share a headline; either is the answer.
        rank = next(
            (i for i, (k, t) in enumerate(found, 1) if k == key or t == title), None
        )
        reciprocal.append(1 / rank if rank else 0.0)
    return {
        "imported": result.created,
        "import_seconds": round(import_seconds, 1),
        "queries": answers,
        "mrr": sum(reciprocal) / len(reciprocal),
        "known_items": len(reciprocal),
    }


def worker_output(corpora: Path, env: dict) -> dict:
    """run_worker's answers in a subprocess with the environment `env`."""
    worker = run(
        PYTHON,
        __file__,
        "--worker",
        "--corpora",
        corpora,
        env=env,
        timeout=900,
        check=True,
    )
    return json.loads(worker.stdout.strip().splitlines()[-1])


def compare(sqlite: dict, postgres: dict) -> dict:
    """Per-query agreement and the summary figures the search issue asks for."""
    rows = []
    for text in QUERIES:
        a, b = sqlite["queries"][text], postgres["queries"][text]
        places = sum(1 for x, y in zip(a["top"], b["top"], strict=False) if x == y)
        expected = min(10, a["count"], b["count"])
        rows.append(
            {
                "query": text,
                "sqlite": a["count"],
                "postgres": b["count"],
                "same_count": a["count"] == b["count"],
                "count_gap": abs(a["count"] - b["count"])
                / max(a["count"], b["count"], 1),
                "top_places_agreeing": places,
                "top_places": expected,
            }
        )
    return {
        "rows": rows,
        "identical_counts": sum(r["same_count"] for r in rows) / len(rows),
        "largest_count_gap": max(r["count_gap"] for r in rows),
        "fewest_top_places_agreeing": min(
            r["top_places_agreeing"] for r in rows if r["top_places"] >= 10
        ),
        "mrr_sqlite": sqlite["mrr"],
        "mrr_postgres": postgres["mrr"],
    }


def scratch_databases(postgres_url: str):
    """(SQLite env, PostgreSQL env, cleanup) for two fresh databases."""
    folder = Path(tempfile.mkdtemp())
    name = f"newsroom_parity_{os.getpid()}"
    sqlite = ScratchDatabase(folder, name=name)
    postgres = ScratchDatabase(folder, postgres=postgres_url, name=name)

    def cleanup():
        postgres.drop()
        shutil.rmtree(folder, ignore_errors=True)

    return sqlite.env, postgres.env, cleanup


def print_report(report: dict) -> None:
    print(f"{'query':38} {'sqlite':>7} {'postgres':>8} {'top10 same':>10}")
    for row in report["rows"]:
        agree = f"{row['top_places_agreeing']}/{row['top_places']}"
        counts = f"{row['sqlite']:>7} {row['postgres']:>8}"
        print(f"{row['query'][:38]:38} {counts} {agree:>10}")
    share, total = report["identical_counts"], len(report["rows"])
    print(f"identical counts: {share:.0%} of {total} queries")
    print(f"largest count difference: {report['largest_count_gap']:.1%}")
    print(
        f"known-item MRR: SQLite {report['mrr_sqlite']:.3f}, "
        f"PostgreSQL {report['mrr_postgres']:.3f}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument(
        "--postgres", default="postgres://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(run_worker(args.corpora)))
        return
    sqlite_env, postgres_env, cleanup = scratch_databases(args.postgres)
    try:
        report = compare(
            worker_output(args.corpora, sqlite_env),
            worker_output(args.corpora, postgres_env),
        )
    finally:
        cleanup()
    print_report(report)


if __name__ == "__main__":
    main()
