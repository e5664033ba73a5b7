"""Import speed per format: the same stories as JSON Lines (newsroom's own
records), ninjs JSON Lines, one NewsML-G2 news item per file, one NITF
document per file, and plain wire-text files, each imported into an empty
SQLite archive without entity extraction.

    python bench/formats.py [--articles 2000] [--rounds 3] [--workers 2]

The stories are the first N of ../shared/corpora/reuters-financial (read at
run time, written to a temporary folder, never kept). Each format is
imported ROUNDS times, the formats taking turns, into a fresh database; the
figure is the median of the import's own timing (the summary line), and the
ratio is against JSON Lines measured in the same run.
"""

import argparse
import json
import lzma
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (
    Path(os.environ.get("NEWSROOM_CORPORA", ROOT.parent / "shared" / "corpora"))
    / "reuters-financial"
    / "articles.jsonl.xz"
)
SUMMARY = re.compile(r"Imported: (\d+) created.*\(([\d.]+) s\)")


def records(count: int) -> list[dict]:
    with lzma.open(CORPUS, "rt", encoding="utf-8") as lines:
        found = []
        for line in lines:
            record = json.loads(line)
            if record.get("body", "").strip() and record.get("title"):
                found.append(record)
            if len(found) == count:
                return found
    return found


def paragraphs(record: dict) -> list[str]:
    return [p.strip() for p in record["body"].split("\n\n") if p.strip()]


def write_jsonl(folder: Path, stories: list[dict]) -> None:
    with (folder / "stories.jsonl").open("w", encoding="utf-8") as out:
        for record in stories:
            out.write(json.dumps(record) + "\n")


def write_ninjs(folder: Path, stories: list[dict]) -> None:
    with (folder / "stories.jsonl").open("w", encoding="utf-8") as out:
        for record in stories:
            item = {
                "uri": f"urn:bench:{record['id']}",
                "type": "text",
                "headlines": [{"role": "main", "value": record["title"]}],
                "bodies": [{"role": "main", "value": record["body"]}],
                "by": record.get("byline") or "",
                "contentcreated": f"{record['date']}Z",
                "infosources": [{"name": record.get("source") or "Reuters"}],
            }
            out.write(json.dumps(item) + "\n")


def write_newsml(folder: Path, stories: list[dict]) -> None:
    for record in stories:
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs(record))
        (folder / f"{record['id']}.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" '
            f'guid={quoteattr("urn:bench:" + record["id"])} version="1" '
            'standard="NewsML-G2" standardversion="2.35">'
            '<itemMeta><itemClass qcode="ninat:text"/>'
            '<provider qcode="nprov:reuters.com"/>'
            f"<versionCreated>{record['date']}Z</versionCreated></itemMeta>"
            f"<contentMeta><contentCreated>{record['date']}Z</contentCreated>"
            f"<headline>{escape(record['title'])}</headline>"
            f"<by>{escape(record.get('byline') or '')}</by></contentMeta>"
            '<contentSet><inlineXML contenttype="application/nitf+xml">'
            '<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body>'
            f"<body.content>{body}</body.content></body></nitf>"
            "</inlineXML></contentSet></newsItem>",
            encoding="utf-8",
        )


def write_nitf(folder: Path, stories: list[dict]) -> None:
    for record in stories:
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs(record))
        (folder / f"{record['id']}.nitf").write_text(
            "<nitf><head><docdata>"
            f"<doc-id id-string={quoteattr(record['id'])}/>"
            f"<date.issue norm={quoteattr(record['date'])}/></docdata></head>"
            f"<body><body.head><hedline><hl1>{escape(record['title'])}</hl1>"
            f"</hedline></body.head><body.content>{body}</body.content>"
            "</body></nitf>",
            encoding="utf-8",
        )


def write_text(folder: Path, stories: list[dict]) -> None:
    for record in stories:
        (folder / f"{record['id']}.txt").write_text(
            f"Title: {record['title']}\nDate: {record['date']}\n\n{record['body']}",
            encoding="utf-8",
        )


FORMATS = {
    "JSON Lines": write_jsonl,
    "ninjs (JSON Lines)": write_ninjs,
    "NewsML-G2 (a file each)": write_newsml,
    "NITF (a file each)": write_nitf,
    "wire text (a file each)": write_text,
}


def import_once(folder: Path, database: Path, workers: int) -> tuple[int, float]:
    """(articles created, seconds the import took) into a fresh database."""
    env = {
        **os.environ,
        "NEWSROOM_SQLITE_PATH": str(database),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-formats",
    }
    env.pop("DATABASE_URL", None)
    database.unlink(missing_ok=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    done = subprocess.run(
        [
            *manage,
            "import_seeds",
            str(folder),
            "--no-entities",
            "--workers",
            str(workers),
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    match = SUMMARY.search(done.stdout)
    if not match:
        raise SystemExit(f"no summary line in:\n{done.stdout}\n{done.stderr}")
    return int(match[1]), float(match[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    if not CORPUS.is_file():
        raise SystemExit(f"the corpus is not at {CORPUS}")
    stories = records(options.articles)
    with tempfile.TemporaryDirectory(prefix="newsroom-formats-") as scratch:
        scratch = Path(scratch)
        folders = {}
        for name, write in FORMATS.items():
            folder = scratch / re.sub(r"\W+", "-", name).strip("-")
            folder.mkdir()
            write(folder, stories)
            folders[name] = folder
        rates: dict[str, list[float]] = {name: [] for name in FORMATS}
        created: dict[str, int] = {}
        for _ in range(options.rounds):
            for name, folder in folders.items():
                count, seconds = import_once(
                    folder, scratch / "bench.sqlite3", options.workers
                )
                created[name] = count
                rates[name].append(count / seconds)
    baseline = statistics.median(rates["JSON Lines"])
    print(
        f"{len(stories):,} Reuters stories, {options.rounds} rounds, "
        f"--workers {options.workers}, SQLite, no extraction"
    )
    print(f"{'format':<26}{'created':>9}{'articles/s':>13}{'vs JSON Lines':>16}")
    for name in FORMATS:
        rate = statistics.median(rates[name])
        print(f"{name:<26}{created[name]:>9,}{rate:>13,.0f}{rate / baseline:>15.2f}x")


if __name__ == "__main__":
    main()
