"""Speed a reader feels: light pages, our own assets only, cached for good."""

import gzip
import random
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from articles.models import EntityKind
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory
from tests.support import PYTHON, clean_env, run

pytestmark = pytest.mark.django_db

# HTML plus CSS of a page of twenty search results, compressed as sent.
PAGE_BUDGET = 100 * 1024
ASSET = re.compile(r'<(?:link|script|img)\b[^>]*\b(?:href|src)="([^"]*)"', re.I)


def wire_copy(rng, words):
    """Eight paragraphs of varied words drawn from the seed article."""
    return "\n\n".join(
        " ".join(rng.choice(words) for _ in range(70)).capitalize() + "."
        for _ in range(8)
    )


def full_search_page(client, seed_file):
    """A search page of 20 hits, each a wire story of a realistic length."""
    rng = random.Random(20)
    words = seed_file.read_text().split()
    sources = [SourceFactory(name=f"Wire Service {n}") for n in range(6)]
    entities = [
        EntityFactory(name=f"{kind.label} {n}", kind=kind)
        for kind in EntityKind
        for n in range(8)
    ]
    for n in range(30):
        article = ArticleFactory(
            title=f"Harbour board delays ferry terminal again, story {n}",
            body="harbour " + wire_copy(rng, words),
            byline="By Ann Example",
            dateline="ROTTERDAM",
            source=sources[n % len(sources)],
        )
        for entity in entities[n % 7 :: 3]:
            MentionFactory(article=article, entity=entity, count=1 + n % 3)
    response = client.get(reverse("articles:search"), {"q": "harbour"})
    assert response.status_code == 200
    assert response.content.decode().count('class="article-item"') == 20
    return response


def test_a_page_of_twenty_results_weighs_under_100_kb(client, seed_file):
    html = full_search_page(client, seed_file).content
    css = open(finders.find("css/newsroom.css"), "rb").read()
    sent = len(gzip.compress(html)) + len(gzip.compress(css))
    print(
        f"search page: HTML {len(html):,} B ({len(gzip.compress(html)):,} B gzipped), "
        f"CSS {len(css):,} B ({len(gzip.compress(css)):,} B gzipped)"
    )
    assert sent < PAGE_BUDGET
    # Even a server that sends the page uncompressed stays under the budget.
    assert len(html) + len(gzip.compress(css)) < PAGE_BUDGET


def test_pages_load_only_our_own_assets_and_no_script(client):
    article = ArticleFactory()
    for url in [
        reverse("articles:home"),
        reverse("articles:search") + "?q=harbour",
        article.get_absolute_url(),
        article.source.get_absolute_url(),
        reverse("articles:search-help"),
    ]:
        html = client.get(url).content.decode()
        for address in ASSET.findall(html):
            assert urlsplit(address).netloc in ("", "testserver"), (
                f"{url} loads {address}"
            )
        # Nothing can block rendering but the one stylesheet.
        assert not re.search(r"<script\b(?![^>]*application/ld\+json)", html), url
        assert html.count('rel="stylesheet"') == 1, url


STATIC_HEADERS = """
import django
django.setup()
from django.templatetags.static import static
from django.test import Client
client = Client()
hashed = static("css/newsroom.css")
for url, encoding in [(hashed, "gzip"), ("/static/css/newsroom.css", "")]:
    response = client.get(url, headers={"accept-encoding": encoding})
    print(url, response.status_code, response.get("Content-Encoding", "-"),
          response["Cache-Control"], sep="|")
"""


@pytest.mark.slow
def test_in_production_static_files_have_hashed_names_cached_for_good(tmp_path):
    env = clean_env(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="static-files-test-only",
        DJANGO_ALLOWED_HOSTS="testserver",
        NEWSROOM_STATIC_ROOT=str(tmp_path / "static"),
        NEWSROOM_SQLITE_PATH=str(tmp_path / "db.sqlite3"),
    )
    collect = run(
        PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=env, timeout=300
    )
    assert collect.returncode == 0, collect.stderr
    result = run(PYTHON, "-c", STATIC_HEADERS, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    (hashed, *hashed_headers), (plain, *plain_headers) = (
        line.split("|") for line in result.stdout.splitlines()
    )
    assert re.fullmatch(r"/static/css/newsroom\.[0-9a-f]{12}\.css", hashed)
    status, encoding, cache = hashed_headers
    assert status == "200"
    assert encoding in ("gzip", "br")
    assert "immutable" in cache
    assert int(re.search(r"max-age=(\d+)", cache).group(1)) >= 365 * 24 * 3600
    # The unhashed name may change under the same address: cached briefly.
    status, _, cache = plain_headers
    assert status == "200"
    assert "immutable" not in cache
