"""Reliability: the archive under load, through crashes, through backups.

The slow tests here run the real thing in subprocesses: gunicorn with several
workers, `manage.py import_seeds`, pg_dump. Each works on a scratch database
of its own (a SQLite file in a temporary folder, or, when DATABASE_URL points
to PostgreSQL, a database created next to it and dropped afterwards), so they
run once per database like the rest of the suite. They print their figures
(requests served, errors, kills); run pytest with -s to see them.
"""

import http.cookiejar
import json
import lzma
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from tests.conftest import CORPORA_DIR, SEED_DIR
from tests.factories import admin_change_data
from tests.support import fetch, gunicorn

NEWS_SCALE = "news-scale/articles.jsonl.xz"
LOCKED = re.compile(r"database is locked|database table is locked", re.IGNORECASE)
SUMMARY = re.compile(
    r"(\d+) created, (\d+) updated, (\d+) unchanged, (\d+) duplicates, "
    r"(\d+) withdrawn, (\d+) skipped, (\d+) failed"
)


def server_log_problems(log: Path):
    text = log.read_text(errors="replace")
    return {
        "locked": len(LOCKED.findall(text)),
        "tracebacks": text.count("Traceback (most recent call last)"),
        "server errors": len(re.findall(r'" 5\d\d ', text)),
    }


def corpus_records(corpora_dir, count, *, keep=lambda number, record: True):
    """The first `count` records of news-scale that have a body and are not
    a repeat of an earlier one's text (the corpus keeps the BBC's duplicates)."""
    records, seen = [], set()
    with lzma.open(corpora_dir / NEWS_SCALE, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            record = json.loads(line)
            body = " ".join((record.get("body") or "").split())
            text = (" ".join((record.get("title") or "").split()), body)
            if not body or text in seen or not keep(number, record):
                continue
            seen.add(text)
            records.append(line)
            if len(records) == count:
                break
    return records


def write_jsonl(path, records):
    path.write_text("".join(records), encoding="utf-8")
    return path


def summary_counts(output):
    found = SUMMARY.findall(output)
    assert found, output[-2000:]
    created, updated, unchanged, duplicates, _, skipped, failed = map(int, found[-1])
    return {
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "duplicates": duplicates,
        "skipped": skipped,
        "failed": failed,
    }


def archive_invariants(database):
    """Problems that must never exist, whatever happened to an import."""
    return {
        "articles without a title or body": database.scalar(
            "SELECT count(*) FROM articles_article "
            "WHERE trim(title) = '' OR trim(body) = ''"
        ),
        "mentions without an article": database.scalar(
            "SELECT count(*) FROM articles_mention m LEFT JOIN articles_article a "
            "ON a.id = m.article_id WHERE a.id IS NULL"
        ),
        "mentions without an entity": database.scalar(
            "SELECT count(*) FROM articles_mention m LEFT JOIN articles_entity e "
            "ON e.id = m.entity_id WHERE e.id IS NULL"
        ),
        "repeated import keys": database.scalar(
            "SELECT count(*) - count(DISTINCT import_key) FROM articles_article"
        ),
    }


# --- Under load -------------------------------------------------------------------


class LoadClients:
    """Threads sending search, article and entity requests until stopped."""

    def __init__(self, base, *, threads, words, max_seconds):
        self.base = base
        self.words = words
        self.deadline = time.monotonic() + max_seconds
        self.stop = threading.Event()
        self.statuses = Counter()
        self.by_kind = Counter()
        self.failures = []
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._run, args=(n,), daemon=True)
            for n in range(threads)
        ]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)

    @property
    def served(self):
        return sum(self.statuses.values())

    def _run(self, number):
        rng = random.Random(number)
        articles, entities = [], []
        while not self.stop.is_set() and time.monotonic() < self.deadline:
            kind = rng.choice(
                ["search", "search", "list", "article", "article", "entities", "entity"]
            )
            if kind == "search":
                words = " ".join(rng.sample(self.words, rng.choice([1, 1, 2])))
                url = f"/search/?q={urllib.request.quote(words)}"
                if rng.random() < 0.3:
                    url += "&sort=newest"
            elif kind == "list":
                url = f"/articles/?page={rng.randint(1, 20)}"
            elif kind == "article" and articles:
                url = rng.choice(articles)
            elif kind == "entity" and entities:
                url = rng.choice(entities)
            elif kind in {"entities", "entity"}:
                url = "/entities/"
            else:
                url = "/articles/"
            try:
                status, body = fetch(self.base + url)
            except OSError as error:
                status, body = "connection error", str(error)
            with self.lock:
                self.statuses[status] += 1
                self.by_kind[kind] += 1
                if status == "connection error" or status >= 500:
                    self.failures.append(f"{status} {url} {body[:300]}")
            if status == 200:
                articles = (
                    articles + re.findall(r'href="(/articles/\d+/[\w-]+/)"', body)
                )[-200:]
                entities = (entities + re.findall(r'href="(/entities/[\w-]+/)"', body))[
                    -200:
                ]


@pytest.mark.slow
def test_import_under_concurrent_load_serves_every_request(
    corpora_dir, scratch_databases, tmp_path
):
    records = corpus_records(corpora_dir, 5000)
    feed = write_jsonl(tmp_path / "first-5000.jsonl", records)
    words = sorted(
        {
            w.lower()
            for r in records[:300]
            for w in re.findall(r"[A-Za-z]{5,}", json.loads(r).get("title") or "")
        }
    )
    db = scratch_databases()
    db.manage("migrate", "--noinput")
    db.manage("collectstatic", "--noinput")
    # A few entities first, so that entity pages are part of the load.
    db.manage("import_seeds", SEED_DIR)
    seeded = db.scalar("SELECT count(*) FROM articles_article")
    started = time.monotonic()

    with gunicorn(db, workers=2) as server:
        with LoadClients(server.url, threads=4, words=words, max_seconds=150) as load:
            time.sleep(1)  # requests are flowing before the import starts
            log = tmp_path / "import.log"
            importer = db.start_manage("import_seeds", feed, "--no-entities", log=log)
            importer.wait(timeout=300)
            time.sleep(1)  # and keep flowing after it ends
        problems = server_log_problems(server.log)
    elapsed = time.monotonic() - started
    output = log.read_text()
    counts = summary_counts(output)
    articles = db.scalar("SELECT count(*) FROM articles_article")
    check = db.manage("check_search_index", check=False)

    print(
        f"\nload test ({db.vendor}): {load.served} requests in {elapsed:.0f} s "
        f"({dict(load.by_kind)}) while importing {len(records)} records; "
        f"statuses {dict(load.statuses)}; server errors "
        f"{len(load.failures)}; 'database is locked' in the import "
        f"{len(LOCKED.findall(output))}, in gunicorn's log {problems['locked']}; "
        f"import: {counts}"
    )
    assert importer.returncode == 0, output[-3000:]
    assert not LOCKED.search(output)
    assert problems == {"locked": 0, "tracebacks": 0, "server errors": 0}
    assert not load.failures, load.failures[:5]
    assert load.served >= 200
    assert load.by_kind["article"] and load.by_kind["entity"]
    assert counts["failed"] == 0
    assert counts["created"] + counts["duplicates"] == len(records)
    assert articles == seeded + counts["created"]
    assert archive_invariants(db) == dict.fromkeys(archive_invariants(db), 0)
    assert check.returncode == 0, check.stderr


# --- Killed imports ---------------------------------------------------------------


def mention_rows(database):
    return sorted(
        database.query(
            "SELECT a.import_key, e.kind, e.normalized, m.count "
            "FROM articles_mention m "
            "JOIN articles_article a ON a.id = m.article_id "
            "JOIN articles_entity e ON e.id = m.entity_id"
        )
    )


def article_rows(database):
    return sorted(
        database.query(
            "SELECT import_key, title, body, content_hash FROM articles_article"
        )
    )


@pytest.mark.slow
def test_imports_killed_at_random_points_leave_nothing_half_written(
    corpora_dir, scratch_databases, tmp_path
):
    # A slice across the BBC's five sections; entity extraction on throughout.
    records = corpus_records(corpora_dir, 550, keep=lambda n, r: n % 4 == 0)
    feed = write_jsonl(tmp_path / "slice.jsonl", records)
    keys = {json.loads(r)["id"] for r in records}
    seed = int(os.environ.get("NEWSROOM_KILL_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    count_sql = "SELECT count(*) FROM articles_article"

    # What one uninterrupted import makes, and how long it takes.
    reference = scratch_databases("reference")
    reference.manage("migrate", "--noinput")
    # How long an uninterrupted run takes, and how much of that every run
    # pays whatever is left to import (start-up, loading the model): the
    # time of a run of one record.
    started = time.monotonic()
    reference.manage("import_seeds", feed)
    full_run = time.monotonic() - started
    one = write_jsonl(tmp_path / "one.jsonl", records[:1])
    first = scratch_databases("one record")
    first.manage("migrate", "--noinput")
    started = time.monotonic()
    first.manage("import_seeds", one)
    start_up = min(time.monotonic() - started, full_run)

    db = scratch_databases("killed")
    db.manage("migrate", "--noinput")
    kills = []
    for number in range(4):
        before = db.scalar(count_sql)
        process = db.start_manage("import_seeds", feed, log=tmp_path / "run.log")
        if number == 1:
            # Among the writes: just after the first batch commits, while the
            # next one is being written.
            while process.poll() is None and db.scalar(count_sql) == before:
                time.sleep(0.01)
            pause = rng.uniform(0, 0.3)
            time.sleep(pause)
            when = f"{pause:.2f} s after a batch was written"
        else:
            # Anywhere in the run: start-up, the model, extraction, writing.
            # A run lasts about as long as the work left for it.
            left = 1 - before / len(records)
            delay = rng.uniform(
                0.5, max(1.5, 0.9 * (start_up + (full_run - start_up) * left))
            )
            try:
                process.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                pass
            when = f"{delay:.1f} s in"
        if process.poll() is not None:
            break  # finished first: nothing left to kill
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills.append((when, before, db.scalar(count_sql)))
        assert archive_invariants(db) == dict.fromkeys(archive_invariants(db), 0)
        assert db.manage("check_search_index", check=False).returncode == 0
    final = db.manage("import_seeds", feed)
    again = db.manage("import_seeds", feed)

    print(
        f"\nkilled imports ({db.vendor}, seed {seed}): {len(kills)} SIGKILLs "
        f"(when, articles before, after): {kills}; final run "
        f"{summary_counts(final.stdout)}"
    )
    assert len(kills) == 4, f"the import finished before 4 kills landed: {kills}"
    assert archive_invariants(db) == dict.fromkeys(archive_invariants(db), 0)
    count = db.scalar("SELECT count(*) FROM articles_article")
    distinct = db.scalar("SELECT count(DISTINCT import_key) FROM articles_article")
    assert count == distinct == len(records)
    assert {k for (k,) in db.query("SELECT import_key FROM articles_article")} == keys
    assert summary_counts(again.stdout) == {
        "created": 0,
        "updated": 0,
        "unchanged": len(records),
        "duplicates": 0,
        "skipped": 0,
        "failed": 0,
    }
    # Exactly what one uninterrupted import makes: same text, same mentions.
    assert article_rows(db) == article_rows(reference)
    killed_mentions, reference_mentions = mention_rows(db), mention_rows(reference)
    assert killed_mentions == reference_mentions, (
        f"only after kills: {sorted(set(killed_mentions) - set(reference_mentions))}; "
        f"only uninterrupted: {sorted(set(reference_mentions) - set(killed_mentions))}"
    )
    assert db.scalar("SELECT count(*) FROM articles_mention") > len(records)
    assert db.manage("check_search_index", check=False).returncode == 0


# --- Backup and restore while serving -----------------------------------------------

SNAPSHOT = """
import json
from articles.models import Article, Entity, Mention, Source
from articles.search import get_search_backend, parse_query
backend = get_search_backend()
found = {}
for words in WORDS:
    results = backend.search(Article.objects.all(), parse_query(words))
    found[words] = list(results.values_list("import_key", flat=True)[:20])
print(json.dumps({
    "articles": Article.objects.count(),
    "entities": Entity.objects.count(),
    "mentions": Mention.objects.count(),
    "sources": Source.objects.count(),
    "keys": sorted(Article.objects.values_list("import_key", flat=True)),
    "entity names": sorted(Entity.objects.values_list("name", flat=True)),
    "search": found,
}))
"""


def snapshot(database, words):
    code = SNAPSHOT.replace("WORDS", repr(words))
    output = database.manage("shell", "--no-imports", "-c", code).stdout
    return json.loads(output.strip().splitlines()[-1])


def search_hits(base, words):
    status, body = fetch(f"{base}/search/?q={urllib.request.quote(words)}")
    assert status == 200
    return re.findall(r'href="(/articles/\d+/[\w-]+/)"', body)


@pytest.mark.slow
def test_a_backup_taken_while_serving_restores_the_same_archive(
    scratch_databases, tmp_path
):
    db = scratch_databases("live")
    db.manage("migrate", "--noinput")
    db.manage("collectstatic", "--noinput")
    db.manage("import_seeds", SEED_DIR)  # with entities
    if (CORPORA_DIR / NEWS_SCALE).exists():  # more to compare, where available
        feed = write_jsonl(tmp_path / "more.jsonl", corpus_records(CORPORA_DIR, 400))
        db.manage("import_seeds", feed, "--no-entities")
    words = ["harbour", "government", "profits", "minister", "film", "market"]
    backup = tmp_path / ("backup.sqlite3" if db.vendor == "sqlite" else "backup.dump")

    with gunicorn(db, workers=2) as server:
        with LoadClients(server.url, threads=2, words=words, max_seconds=60) as load:
            time.sleep(0.5)
            # The documented commands (docs/operations.md), while requests flow.
            if db.vendor == "sqlite":
                subprocess.run(
                    [
                        sys.executable,
                        "-c",
                        "import sqlite3, sys; "
                        "sqlite3.connect(sys.argv[1]).backup(sqlite3.connect(sys.argv[2]))",
                        str(db.path),
                        str(backup),
                    ],
                    check=True,
                    timeout=120,
                )
            else:
                subprocess.run(
                    ["pg_dump", "--format=custom", f"--file={backup}", db.url],
                    check=True,
                    timeout=120,
                )
            time.sleep(0.5)
        live_hits = {w: search_hits(server.url, w) for w in words}
    assert not load.failures, load.failures[:5]

    restored = scratch_databases("restored")
    if restored.vendor == "sqlite":
        backup.replace(restored.path)
    else:
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={restored.url}",
                str(backup),
            ],
            check=True,
            timeout=300,
        )
    restored.manage("collectstatic", "--noinput")

    original = snapshot(db, words)
    copy = snapshot(restored, words)
    assert copy == original
    assert original["articles"] and original["entities"] and original["mentions"]
    assert any(original["search"].values())
    assert restored.manage("check_search_index", check=False).returncode == 0
    assert restored.manage("migrate", "--check", check=False).returncode == 0
    with gunicorn(restored, workers=2) as server:
        restored_hits = {w: search_hits(server.url, w) for w in words}
    assert restored_hits == live_hits
    print(
        f"\nbackup and restore ({db.vendor}): {original['articles']} articles, "
        f"{original['entities']} entities, {original['mentions']} mentions; "
        f"{load.served} requests served during the backup, "
        f"{len(load.failures)} errors; search results identical for {len(words)} "
        "queries"
    )


# --- Editors' corrections survive re-import ---------------------------------------

STORY = """Title: Harbour board backs ferry terminal
Date: 2024-03-05
Source: Reuters
Byline: Ann Example

LONDON (Reuters) - The harbour board in Kobe voted on Tuesday to build a
ferry terminal, the city of Kobe said.

Officials in Osaka said the terminal would handle two million passengers.
"""


def post_admin_change(client, article, **changes):
    data = admin_change_data(article, **changes)
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]


@pytest.mark.django_db
@pytest.mark.slow
def test_editors_corrections_survive_reimport_end_to_end(
    admin_client, tmp_path, search_backend
):
    from articles.search import parse_query

    story = tmp_path / "feed" / "kobe.txt"
    story.parent.mkdir()
    story.write_text(STORY)
    call_command("import_seeds", story.parent, stdout=StringIO(), stderr=StringIO())
    article = Article.objects.get()
    mentions = {m.entity.name for m in article.mentions.all()}
    assert len(mentions) >= 2, mentions
    dropped = article.mentions.order_by("pk").first()

    post_admin_change(
        admin_client,
        article,
        title="Harbour board backs Kobe ferry terminal",
        byline="Ann Example and Bo Sample",
        **{f"mentions-{0}-DELETE": "on"},
    )
    # The wire resends the story with a changed body and its old headline.
    story.write_text(STORY.replace("two million", "three million"))
    out = StringIO()
    call_command("import_seeds", story.parent, stdout=out, stderr=StringIO())

    assert "1 updated" in out.getvalue()
    article.refresh_from_db()
    assert article.title == "Harbour board backs Kobe ferry terminal"
    assert article.byline == "Ann Example and Bo Sample"
    assert "three million" in article.body
    assert dropped.entity.name not in {m.entity.name for m in article.mentions.all()}
    assert Article.objects.count() == 1
    hits = search_backend.search(Article.objects.all(), parse_query("three million"))
    assert list(hits) == [article]
    assert search_backend.count_mismatches() == 0


# --- Login throttling across workers ----------------------------------------------


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class LoginForm:
    """The admin login as a browser submits it: its CSRF cookie and token."""

    def __init__(self, base):
        self.base = base
        # Redirects are not followed: a login that succeeds answers 302.
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirects,
        )
        with self.opener.open(base + "/admin/login/", timeout=30) as page:
            html = page.read().decode()
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]

    def attempt(self, username, password) -> int:
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": self.token,
                "username": username,
                "password": password,
                "next": "/admin/",
            }
        ).encode()
        request = urllib.request.Request(
            self.base + "/admin/login/", data=data, headers={"Referer": self.base}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def wait_for_workers(server, count: int, *, other_than=frozenset()):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pids = server.workers()
        if len(pids) == count and not pids & other_than:
            return pids
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not bring back {count} workers")


@pytest.mark.slow
def test_login_lockout_holds_across_workers_and_their_restarts(scratch_databases):
    db = scratch_databases()
    db.manage("migrate", "--noinput")
    db.manage("collectstatic", "--noinput")
    db.env["DJANGO_SUPERUSER_PASSWORD"] = password = secrets.token_urlsafe(12)
    db.manage(
        "createsuperuser",
        "--noinput",
        "--username",
        "editor",
        "--email",
        "editor@example.org",
    )
    limit = 5

    with gunicorn(db, workers=2) as server:
        workers = wait_for_workers(server, 2)
        login = LoginForm(server.url)
        failures = [login.attempt("editor", "wrong") for _ in range(limit)]
        # Enough requests that both workers answer some of them.
        refused = [login.attempt("editor", password) for _ in range(12)]

        # Every worker is replaced, one by one, as a recycled worker would be.
        for pid in workers:
            os.kill(pid, signal.SIGTERM)
            workers = wait_for_workers(server, 2, other_than={pid})
        after_restarts = [login.attempt("editor", password) for _ in range(6)]
        # The whole pool at once (gunicorn's HUP).
        server.process.send_signal(signal.SIGHUP)
        wait_for_workers(server, 2, other_than=workers)
        after_reload = [login.attempt("editor", password) for _ in range(6)]
        problems = server_log_problems(server.log)

    print(
        f"\nthrottling across 2 workers ({db.vendor}): failures {failures}, "
        f"then {refused}; after restarts {after_restarts}; after HUP {after_reload}"
    )
    assert failures == [200] * limit  # the form again, with its error
    assert refused == [429] * 12
    assert after_restarts == [429] * 6
    assert after_reload == [429] * 6
    assert problems == {"locked": 0, "tracebacks": 0, "server errors": 0}


@pytest.mark.slow
def test_over_long_searches_get_the_search_page_with_a_note(scratch_databases):
    db = scratch_databases()
    db.manage("migrate", "--noinput")
    db.manage("collectstatic", "--noinput")
    db.manage("import_seeds", SEED_DIR, "--no-entities")
    # The longest query the form takes, in four-byte characters: 6,000 bytes
    # percent-encoded, past gunicorn's default limit of 4,094.
    longest = urllib.parse.quote("\U0001f30a" * 500)
    too_long = urllib.parse.quote("harbour " * 300)
    with gunicorn(db, workers=1) as server:
        status, page = fetch(f"{server.url}/search/?q={longest}&sort=newest")
        long_status, long_page = fetch(f"{server.url}/search/?q={too_long}")
    assert len(longest) > 4094
    assert status == 200, page[:300]
    assert long_status == 200, long_page[:300]
    assert "Only the first 500 characters were used." in long_page
    assert 'maxlength="500"' in long_page
