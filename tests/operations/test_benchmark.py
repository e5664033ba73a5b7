"""The speed benchmark (bench/benchmark.py) runs end to end on a tiny slice.

Builds a scratch SQLite archive of a few dozen Reuters articles through the
importer, serves it with gunicorn, and checks that every figure of the table
is measured and written as JSON. Runs once, in the SQLite pass, and needs the
shared corpora; Datasette is measured too when bench/requirements.txt is
installed.
"""

import importlib.util
import json
import lzma
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture
def tiny_corpus(corpora_dir, tmp_path):
    if os.environ.get("DATABASE_URL"):
        pytest.skip("the benchmark test runs once, in the SQLite pass")
    source = corpora_dir / "reuters-financial" / "articles.jsonl.xz"
    if not source.exists():
        pytest.skip("the Reuters financial corpus is not there")
    path = tmp_path / "tiny.jsonl.xz"
    with lzma.open(source, "rt", encoding="utf-8") as lines:
        with lzma.open(path, "wt", encoding="utf-8") as out:
            for n, line in enumerate(lines):
                if n >= 80:
                    break
                out.write(line)
    return path


def test_the_benchmark_measures_every_figure_and_writes_json(tiny_corpus, tmp_path):
    output = tmp_path / "latest.json"
    command = [
        sys.executable,
        str(ROOT / "bench" / "benchmark.py"),
        "--sizes=40,80",
        "--databases=sqlite",
        f"--corpus={tiny_corpus}",
        "--per-class=2",
        "--passes=1",
        "--extract-sample=8",
        "--workers=1",
        f"--output={output}",
    ]
    with_datasette = importlib.util.find_spec("datasette") is not None
    if not with_datasette:
        command.append("--no-datasette")
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=600, cwd=ROOT
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "| search page all: p50 / p95 / p99 ms |" in completed.stdout

    report = json.loads(output.read_text())
    (database,) = report["databases"]
    assert database["extraction"]["articles"] == 8
    assert [step["size"] for step in database["sizes"]] == [40, 80]
    for step in database["sizes"]:
        assert step["import"]["failed"] == 0
        assert step["rebuild_s"] >= 0
        assert step["search"]["all"]["n"] >= 7  # every class, every query
        assert step["raw_summary"]["all"]["n"] == step["search"]["all"]["n"]
        assert step["pages_summary"]["article"]["p50"] > 0
        assert step["worker_rss_mb"] > 0
        assert step["sql_queries"]["article"]
        # The corpus's words and headlines stay out of the saved results.
        assert "queries" not in step
        assert step["pages"]["articles"] > 0
        if with_datasette:
            assert step["datasette"]["all"]["n"] == step["search"]["all"]["n"]
