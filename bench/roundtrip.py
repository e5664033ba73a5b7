"""Formats out and back in: an archive of N Reuters stories exported as
ninjs and as NewsML-G2 (as the search pages give them), each export imported
into an empty archive, and the articles compared field by field.

    python bench/roundtrip.py [--articles 10000]

What is compared: headline, body, date, source, byline and dateline. The
stories are the first N of ../shared/corpora/reuters-financial, read at run
time; the archives and exports live in a scratch folder and are not kept.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (
    Path(os.environ.get("NEWSROOM_CORPORA", ROOT.parent / "shared" / "corpora"))
    / "reuters-financial"
    / "articles.jsonl.xz"
)
# Run inside an archive (manage.py shell): export every article, a file per
# page of PAGE, as FORMAT into FOLDER.
EXPORT = """
from pathlib import Path
from django.test import RequestFactory
from articles import newsml
from articles.models import Article
from articles.ninjs import ninjs_item
request = RequestFactory().get("/", HTTP_HOST="localhost")
articles = Article.objects.select_related("source").order_by("pk")
ids = list(articles.values_list("pk", flat=True))
for start in range(0, len(ids), PAGE):
    page = list(articles.filter(pk__in=ids[start:start + PAGE]))
    if FORMAT == "ninjs":
        import json
        body = json.dumps([ninjs_item(request, a) for a in page]).encode()
        name = f"page-{start:07d}.json"
    else:
        body = newsml.news_message_response(request, page).content
        name = f"page-{start:07d}.xml"
    (Path(FOLDER) / name).write_bytes(body)
"""
# Run inside an archive: write what the comparison reads to FILE.
DUMP = """
import json
from articles.models import Article
rows = sorted(
    [a.title, a.body, str(a.published), a.source.name if a.source else "",
     a.byline, a.dateline]
    for a in Article.objects.select_related("source")
)
open(FILE, "w").write(json.dumps(rows))
"""
FIELDS = ["headline", "body", "date", "source", "byline", "dateline"]


def manage(database: Path, *args: str, check: bool = True):
    env = {
        **os.environ,
        "NEWSROOM_SQLITE_PATH": str(database),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-roundtrip",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
    )
    if check and done.returncode:
        raise SystemExit(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done


def archive(database: Path, source: Path) -> str:
    """A fresh archive of what `source` holds; the import's summary line."""
    database.unlink(missing_ok=True)
    manage(database, "migrate", "-v0")
    done = manage(database, "import_seeds", str(source), "--no-entities", check=False)
    return done.stdout.strip().splitlines()[-1]


def rows(database: Path, scratch: Path) -> list[list[str]]:
    file = scratch / f"{database.stem}.json"
    manage(database, "shell", "-c", DUMP.replace("FILE", repr(str(file))))
    return json.loads(file.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--page", type=int, default=500)
    parser.add_argument(
        "--show", type=int, default=5, help="Differences to print per format."
    )
    options = parser.parse_args()
    if not CORPUS.is_file():
        raise SystemExit(f"the corpus is not at {CORPUS}")
    sys.path.insert(0, str(ROOT))
    from bench.formats import records, write_jsonl

    with tempfile.TemporaryDirectory(prefix="newsroom-roundtrip-") as scratch:
        scratch = Path(scratch)
        source = scratch / "source"
        source.mkdir()
        write_jsonl(source, records(options.articles))
        original = scratch / "original.sqlite3"
        print(f"original archive: {archive(original, source)}")
        before = rows(original, scratch)
        for name in ("ninjs", "newsml"):
            folder = scratch / name
            folder.mkdir()
            code = (
                EXPORT.replace("PAGE", str(options.page))
                .replace("FORMAT", repr(name))
                .replace("FOLDER", repr(str(folder)))
            )
            manage(original, "shell", "-c", code)
            copy = scratch / f"{name}.sqlite3"
            summary = archive(copy, folder)
            after = rows(copy, scratch)
            same = sum(1 for a, b in zip(before, after, strict=False) if a == b)
            print(f"{name}: {summary}")
            print(
                f"  {len(after):,} articles back of {len(before):,}; "
                f"{same:,} identical in {', '.join(FIELDS)}"
            )
            differing = [
                FIELDS[i]
                for a, b in zip(before, after, strict=False)
                for i in range(len(FIELDS))
                if a[i] != b[i]
            ]
            if differing:
                counts = {field: differing.count(field) for field in FIELDS}
                print(f"  fields that differ: {counts}")
                shown = 0
                for a, b in zip(before, after, strict=False):
                    for i in range(len(FIELDS)):
                        if a[i] != b[i] and shown < options.show:
                            shown += 1
                            print(f"    {FIELDS[i]}: {a[i][:90]!r} -> {b[i][:90]!r}")


if __name__ == "__main__":
    main()
