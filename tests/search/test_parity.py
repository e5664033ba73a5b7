"""SQLite and PostgreSQL give the same answers on a real corpus (search issue).

Imports the BBC News set into a scratch database of each kind through
bench/search_parity.py and compares 60 queries covering every operator, and
known-item search by exact headline for 200 stories. Runs once, in the SQLite
pass of the suite, and needs the PostgreSQL server and the shared corpora.
"""

import os

import psycopg
import pytest

from bench import search_parity

pytestmark = pytest.mark.slow

POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def postgres_server():
    if os.environ.get("DATABASE_URL"):
        pytest.skip("the parity test runs once, in the SQLite pass")
    try:
        psycopg.connect(POSTGRES, connect_timeout=3).close()
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL server at 127.0.0.1:5432")


def test_both_databases_give_the_same_answers(corpora_dir, postgres_server):
    sqlite_env, postgres_env, cleanup = search_parity.scratch_databases(POSTGRES)
    try:
        report = search_parity.compare(
            search_parity.worker_output(corpora_dir, sqlite_env),
            search_parity.worker_output(corpora_dir, postgres_env),
        )
    finally:
        cleanup()
    search_parity.print_report(report)

    assert len(report["rows"]) >= 50
    assert report["identical_counts"] >= 0.9
    assert report["largest_count_gap"] <= 0.02
    for row in report["rows"]:
        assert row["top_places_agreeing"] >= min(8, row["top_places"]), row
    assert report["mrr_sqlite"] >= 0.98
    assert report["mrr_postgres"] >= 0.98
