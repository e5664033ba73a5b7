"""The benchmark's report: percentiles, the table, README.md and the JSON.

The table has one row per figure and one column per database and size; it is
printed, and with --readme put between the markers of README.md's "Speed"
section. The JSON (bench/results/latest.json) is the whole report less the
corpus's text.
"""

import json
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLASSES = ["rare", "common", "and", "phrase", "prefix", "or", "filtered"]
README_START = "<!-- speed:start -->"
README_END = "<!-- speed:end -->"


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


def write_partial(report: dict, output: Path) -> None:
    """What is measured so far, beside `output`, in case the run is cut short."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.with_suffix(".partial.json").write_text(
        json.dumps(without_corpus_text(report))
    )


def write_results(report: dict, output: Path) -> None:
    """The whole report as JSON in `output`, in place of the partial one."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(without_corpus_text(report), indent=1) + "\n")
    output.with_suffix(".partial.json").unlink(missing_ok=True)
