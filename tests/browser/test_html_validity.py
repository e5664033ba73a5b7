"""Every kind of page is valid HTML, as the Nu HTML Checker (vnu.jar) reads it.

The checker is the W3C's own, from the vnu-jar package (`npm ci` in
tests/browser/), run on Debian's Java. Pages are fetched from a live server
as a browser gets them, bad input included, and checked in one run.
"""

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.contrib.auth.models import User

from articles.models import Article, Entity
from tests.browser.archive import main_pages
from tests.browser.conftest import HERE

pytestmark = pytest.mark.browser

VNU = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")


def checker():
    problem = None
    if not JAVA:
        problem = "Java is not installed (apt-get install default-jre-headless)"
    elif not VNU.exists():
        problem = "vnu-jar is not installed (npm ci in tests/browser/)"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    return [JAVA, "-Xss4m", "-jar", str(VNU)]


def every_page_type():
    """{name: path} of every kind of public page, with good and bad input."""
    article = Article.objects.filter(published__isnull=False, captions__gt="").first()
    undated = Article.objects.filter(published__isnull=True).first()
    return main_pages(article) | {
        "search, page 2": "/search/?q=harbour&page=2",
        "search with filters": "/search/?q=harbour&source=reuters&sort=newest",
        "search with a misspelling": "/search/?q=harbur",
        "search with bad filter input": (
            "/search/?q=%22harbour&published_after=2024-13-45"
            "&published_before=abc&source=nowhere&entity=nobody&sort=sideways"
        ),
        "search over-long": "/search/?q=" + "harbour+" * 80,
        "search in one period": "/search/?q=harbour&published_after=2024-03-01"
        "&published_before=2024-03-31",
        "articles": "/articles/",
        "article, entities marked": article.get_absolute_url() + "?highlight=entities",
        "article without a date": undated.get_absolute_url(),
        "compare by month, counts, escaped": "/compare/?q=harbour&q=%3Cb%3Eferry"
        "&by=month&show=count&source=reuters&published_after=2022-01-01",
        "compare with bad input": "/compare/?q=harbour&by=week&q=" + "x" * 600,
        "entities": "/entities/",
        "entities by kind": "/entities/?kind=person&name=ar",
        "sources": "/sources/",
        "not found": "/articles/999999/nothing/",
        "admin login": "/admin/login/",
    }


def fetch_all(base_url, pages, folder, *, opener=None):
    opener = opener or urllib.request.build_opener()
    files = {}
    for index, (name, path) in enumerate(pages.items()):
        try:
            with opener.open(base_url + path, timeout=30) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            assert error.code in (400, 404), (name, error.code)
            body = error.read()
        file = folder / f"page-{index:02d}.html"
        file.write_bytes(body)
        files[str(file)] = name
    return files


def html_errors(files):
    """{page: [errors]} from one run of the checker over `files`."""
    result = subprocess.run(
        [*checker(), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    found = {}
    for message in messages:
        page = files.get(message.get("url", "").removeprefix("file:"), "?")
        found.setdefault(page, []).append(
            f"{message.get('lastLine')}: {message['message']} "
            f"[{message.get('extract', '').strip()[:80]}]"
        )
    return found


def test_every_public_page_is_valid_html(archive, live_server, tmp_path):
    Article.objects.create(
        title="Undated harbour notice",
        body="The harbour office will close early.",
        import_key="notices/undated.txt",
        content_hash="undated",
    )
    files = fetch_all(live_server.url, every_page_type(), tmp_path)
    errors = html_errors(files)
    print(f"\nNu HTML Checker: {len(files)} pages, errors: {errors or 'none'}")
    assert errors == {}


def test_the_admin_pages_an_editor_uses_are_valid_html(archive, live_server, tmp_path):
    User.objects.create_superuser("editor", "editor@example.org", "pw-for-tests")
    article = Article.objects.first()
    entity = Entity.objects.get(name="Busan")
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    login = live_server.url + "/admin/login/"
    page = opener.open(login).read().decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": "editor",
            "password": "pw-for-tests",
            "next": "/admin/",
        }
    ).encode()
    opener.open(urllib.request.Request(login, data, headers={"Referer": login}))
    pages = {
        "admin index": "/admin/",
        "articles": "/admin/articles/article/",
        "articles searched": "/admin/articles/article/?q=harbour",
        "article": f"/admin/articles/article/{article.pk}/change/",
        "entities": "/admin/articles/entity/",
        "entity": f"/admin/articles/entity/{entity.pk}/change/",
        "sources": "/admin/articles/source/",
    }
    files = fetch_all(live_server.url, pages, tmp_path, opener=opener)
    errors = html_errors(files)
    print(f"\nNu HTML Checker, admin: {len(files)} pages, errors: {errors or 'none'}")
    assert errors == {}


def test_a_batch_search_and_its_refusal_are_valid_html(archive, live_server, tmp_path):
    # Its results are POSTed, with the form's CSRF token; its form is a main page.
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    url = live_server.url + "/batch/"
    form = opener.open(url).read().decode()
    token = form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    batches = {
        "batch, sorted, escaped": 'harbour\n<b>ferry</b>\n"open\n\nzeppelin\nHarbour',
        "batch refused": "harbour\n" + "x" * 600,
    }
    files = {}
    for name, lines in batches.items():
        data = {"csrfmiddlewaretoken": token, "lines": lines, "sort": "-count"}
        request = urllib.request.Request(url, urllib.parse.urlencode(data).encode())
        try:
            body = opener.open(request, timeout=30).read()
        except urllib.error.HTTPError as error:
            assert error.code == 400, (name, error.code)
            body = error.read()
        file = tmp_path / f"{name.split(',')[0].replace(' ', '-')}.html"
        file.write_bytes(body)
        files[str(file)] = name
    errors = html_errors(files)
    print(f"\nNu HTML Checker, batch: {len(files)} pages, errors: {errors or 'none'}")
    assert errors == {}
