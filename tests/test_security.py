"""Nobody gets in where they don't belong, and nothing they send breaks a page.

Hostile URLs and parameters get a 404 or a 400, never a 500; HTML in the data
is escaped on every page and in the admin; the deployment settings pass
`check --deploy`; every response carries a strict Content-Security-Policy; the
admin needs a staff login and the right role; forms need their CSRF token;
password guessing is throttled.
"""

import base64
import datetime
import hashlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles import throttling
from articles.models import Article, EntityKind
from tests.conftest import ROOT
from tests.factories import (
    ArticleFactory,
    EntityFactory,
    MentionFactory,
    SourceFactory,
    admin_change_data,
)
from tests.support import manage_py, run_django_code

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
RAW_SCRIPT = "<script>alert(1)"


def inline_blocks(html, tag):
    """The contents of every <tag> element without a src attribute."""
    pattern = rf"<{tag}(?![^>]*\bsrc=)([^>]*)>(.*?)</{tag}>"
    return [
        (attrs, body)
        for attrs, body in re.findall(pattern, html, re.S | re.I)
        if "json" not in attrs  # data blocks (JSON, JSON-LD) never run
    ]


def csp_hash(text):
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def csp_directives(response):
    header = response.headers["Content-Security-Policy"]
    return {
        name: sources for name, *sources in (part.split() for part in header.split(";"))
    }


# --- Hostile data is escaped everywhere ---------------------------------------


@pytest.fixture
def hostile_article():
    source = SourceFactory(name=f"Wire {SCRIPT}")
    article = ArticleFactory(
        title=f"Harbour vote {SCRIPT}",
        body=f"Harbour lead {SCRIPT} paragraph.\n\nSecond {SCRIPT} paragraph.",
        captions=f"Caption {SCRIPT}",
        byline=f"Ann {SCRIPT}",
        dateline=f"TOKYO {SCRIPT}",
        credits=f"Editing by {SCRIPT}",
        url="javascript:alert(1)",
        source=source,
        published=datetime.date(2024, 3, 5),
    )
    entity = EntityFactory(name=f"Kobe {SCRIPT}", kind=EntityKind.PLACE)
    MentionFactory(article=article, entity=entity, count=3)
    return article


def public_pages(article):
    entity = article.mentions.first().entity
    return [
        reverse("articles:home"),
        reverse("articles:list"),
        reverse("articles:search") + "?q=harbour",
        reverse("articles:search") + "?q=alert",
        reverse("articles:search") + "?q=" + quote(SCRIPT),
        reverse("articles:search") + f"?entity={entity.slug}",
        reverse("articles:search") + f"?source={article.source.slug}",
        article.get_absolute_url(),
        reverse("articles:entities"),
        reverse("articles:entities") + "?name=kobe",
        entity.get_absolute_url(),
        reverse("articles:sources"),
        article.source.get_absolute_url(),
    ]


def admin_pages(article):
    entity = article.mentions.first().entity
    return [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?q=harbour",
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_article_delete", args=[article.pk]),
        reverse("admin:articles_source_changelist"),
        reverse("admin:articles_source_change", args=[article.source.pk]),
        reverse("admin:articles_entity_changelist"),
        reverse("admin:articles_entity_change", args=[entity.pk]),
    ]


def assert_escaped(response, url):
    assert response.status_code == 200, url
    html = response.content.decode()
    assert RAW_SCRIPT not in html, f"unescaped <script> on {url}"
    assert "&lt;script&gt;alert(1)" in html or "alert" not in html, url
    assert 'href="javascript:' not in html.lower(), f"javascript: link on {url}"


def test_html_in_article_source_and_entity_is_escaped_on_every_public_page(
    client, hostile_article
):
    pages = public_pages(hostile_article)
    for url in pages:
        assert_escaped(client.get(url), url)
    detail = client.get(hostile_article.get_absolute_url()).content.decode()
    for text in ("Harbour vote", "Caption", "Ann", "TOKYO", "Kobe", "Wire"):
        assert f"{text} &lt;script&gt;alert(1)&lt;/script&gt;" in detail


def test_html_in_article_source_and_entity_is_escaped_in_the_admin(
    admin_client, hostile_article
):
    for url in admin_pages(hostile_article):
        assert_escaped(admin_client.get(url), url)


def test_search_snippets_escape_article_text_around_the_hits(client, hostile_article):
    html = client.get(reverse("articles:search"), {"q": "harbour"}).content.decode()
    assert "<mark>" in html.lower()
    assert RAW_SCRIPT not in html


# --- Hostile URLs and parameters: 404 or 400, never 500 --------------------------

HOSTILE_VALUES = [
    "-1",
    "0",
    "99999999999999999999",
    "1e309",
    "abc",
    "",
    "%00",
    "a%00b",
    "%ff%fe",
    "%c0%80",
    "bogus",
    "2020-13-45",
    "99999-01-01",
    "0000-00-00",
    "-2020-01-01",
    quote(SCRIPT),
    "'",
    "%27%20OR%201%3D1--",
    '"',
    "(",
    "*",
    "NOT",
    "OR OR OR",
    "%22%22%22",
    "x" * 5000,
    quote("ﷺ" * 300),
    "..%2F..%2Fetc%2Fpasswd",
]
HOSTILE_KEYS = [
    "page",
    "sort",
    "published_after",
    "published_before",
    "source",
    "entity",
    "q",
    "format",
    "kind",
    "name",
]


def public_urls(article, entity, source):
    return [
        "/",
        "/search/",
        "/search/help/",
        "/articles/",
        article.get_absolute_url(),
        f"/articles/{article.pk}/wrong-slug/",
        f"/articles/{article.pk}/",
        "/articles/999999/nothing/",
        "/entities/",
        entity.get_absolute_url(),
        "/entities/no-such-entity/",
        "/sources/",
        source.get_absolute_url(),
        "/sources/no-such-source/",
        "/admin/login/",
    ]


HOSTILE_PATHS = [
    "/articles/99999999999999999999/x/",
    "/articles/99999999999999999999/",
    "/articles/-1/x/",
    "/articles/0/x/",
    "/articles/1/%00/",
    "/articles/1/%3Cscript%3E/",
    "/articles/abc/",
    "/entities/%00/",
    "/entities/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
    "/entities/" + "x" * 3000 + "/",
    "/sources/%ff/",
    "/sources/'/",
    "/search/%00/",
    "/admin/login/?next=%00",
    "/admin/login/?next=javascript:alert(1)",
    "/admin/login/?next=//evil.example/",
    "/static/..%2F..%2Fnewsroom%2Fsettings.py",
    "/%2e%2e/%2e%2e/etc/passwd",
]


def test_hostile_parameters_on_every_page_get_404_or_400_never_500(client):
    source = SourceFactory(name="Kyodo")
    article = ArticleFactory(title="Harbour board backs ferry terminal", source=source)
    entity = EntityFactory(name="Kobe")
    MentionFactory(article=article, entity=entity)
    tried = 0
    failures = []
    for url in public_urls(article, entity, source):
        for key in HOSTILE_KEYS:
            for value in HOSTILE_VALUES:
                response = client.get(f"{url}?{key}={value}")
                tried += 1
                if response.status_code >= 500:
                    failures.append(f"{url}?{key}={value[:40]}")
        response = client.get(f"{url}?{'&'.join(f'{k}=%00' for k in HOSTILE_KEYS)}")
        tried += 1
        if response.status_code >= 500:
            failures.append(f"{url} with every parameter NUL")
    for path in HOSTILE_PATHS:
        response = client.get(path)
        tried += 1
        if response.status_code >= 500:
            failures.append(path)
        else:
            assert response.status_code in {200, 301, 302, 400, 404}, path
    print(f"\nhostile URL walk: {tried} requests, {len(failures)} server errors")
    assert not failures, failures


def every_page(article, entity, source):
    """A URL of every route the site answers, the admin's included."""
    return [
        *public_urls(article, entity, source),
        "/articles/feed/",
        f"/sources/{source.slug}/feed/",
        f"/entities/{entity.slug}/feed/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/robots.txt",
        "/favicon.ico",
        "/admin/",
        reverse("admin:articles_article_change", args=[article.pk]),
    ]


def test_methods_no_page_supports_get_405_everywhere(admin_client):
    source = SourceFactory(name="Kyodo")
    article = ArticleFactory(title="Harbour board backs ferry terminal", source=source)
    entity = EntityFactory(name="Kobe")
    MentionFactory(article=article, entity=entity)
    for url in every_page(article, entity, source):
        for method in ["trace", "options", "put", "patch", "delete"]:
            response = getattr(admin_client, method)(url)
            assert response.status_code == 405, (method, url, response.status_code)
            assert "TRACE" not in response["Allow"]
            assert b"Harbour" not in response.content
    # The public pages are read, never posted to; the admin's forms are.
    for url in every_page(article, entity, source)[:-2]:
        if not url.startswith("/admin/"):
            assert admin_client.post(url).status_code == 405, url
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert admin_client.post(change, admin_change_data(article)).status_code == 302


def test_unknown_search_format_is_a_clear_400(client):
    response = client.get("/search/", {"q": "harbour", "format": "xml"})
    assert response.status_code == 400
    assert b"format" in response.content.lower()


def test_hostile_parameters_in_the_admin_never_give_500(admin_client):
    article = ArticleFactory(published=datetime.date(2024, 3, 5))
    changelist = reverse("admin:articles_article_changelist")
    urls = [
        f"{changelist}?p=-1",
        f"{changelist}?p=abc",
        f"{changelist}?p=99999999999999999999",
        f"{changelist}?o=bogus",
        f"{changelist}?o=99",
        f"{changelist}?q=%00",
        f"{changelist}?q=a%00b",
        f"{changelist}?q={quote(SCRIPT)}",
        f"{changelist}?published__gte=2020-13-45",
        f"{changelist}?published__year=99999",
        f"{changelist}?published__month=13&published__year=2024",
        f"{changelist}?published__day=45&published__month=1&published__year=2024",
        f"{changelist}?source__id__exact=abc",
        f"{changelist}?source__id__exact=99999999999999999999",
        f"{changelist}?bogus_field=1",
        f"{changelist}?all=&e=1",
        "/admin/articles/article/abc/change/",
        "/admin/articles/article/99999999999999999999/change/",
        f"/admin/articles/article/{article.pk}/change/?_changelist_filters=%00",
        "/admin/articles/entity/?kind__exact=%00",
        "/admin/articles/entity/?q=%00",
        "/admin/articles/source/?q=%00",
        "/admin/autocomplete/?term=%00&app_label=articles&model_name=article"
        "&field_name=source",
        "/admin/autocomplete/?term=x&app_label=bogus&model_name=x&field_name=y",
    ]
    failures = [url for url in urls if admin_client.get(url).status_code >= 500]
    print(f"\nhostile admin URLs: {len(urls)} requests, {len(failures)} server errors")
    assert not failures, failures


# --- Production settings and headers -------------------------------------------------


def test_check_deploy_reports_nothing_with_the_documented_production_settings():
    key = secrets.token_urlsafe(64)
    result = manage_py(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=key,
        DJANGO_SECURE="1",
        DJANGO_ALLOWED_HOSTS="news.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_https_check_deploy_warns_only_about_https():
    result = manage_py(
        "check", "--deploy", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_hex(40)
    )
    warnings = set(re.findall(r"\(security\.(W\d+)\)", result.stdout + result.stderr))
    # HSTS, HTTPS redirect, secure session and CSRF cookies: DJANGO_SECURE=1.
    assert warnings <= {"W004", "W008", "W012", "W016"}


def test_https_deployments_get_hsts_and_secure_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    result = run_django_code(
        code,
        timeout=60,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_hex(40),
        DJANGO_SECURE="1",
    )
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True"]


@pytest.mark.parametrize(
    "url", ["/", "/search/?q=harbour", "/articles/", "/admin/login/", "/nowhere/"]
)
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)

    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"][0] == "'self'"
    assert all(s.startswith("'sha256-") for s in csp["style-src"][1:])
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_only_the_debug_error_pages_of_development_go_without_the_csp(client, settings):
    settings.DEBUG = True
    assert "Content-Security-Policy" in client.get("/").headers
    assert "Content-Security-Policy" not in client.get("/nowhere/").headers
    settings.DEBUG = False
    assert "Content-Security-Policy" in client.get("/nowhere/").headers


def test_pages_have_no_inline_script_and_only_hashed_inline_styles(
    client, admin_client, hostile_article
):
    urls = public_pages(hostile_article)
    responses = [(url, client.get(url)) for url in urls]
    responses += [(url, admin_client.get(url)) for url in admin_pages(hostile_article)]
    responses.append(("/admin/login/", Client().get("/admin/login/")))
    for url, response in responses:
        html = response.content.decode()
        allowed = csp_directives(response)["style-src"]
        assert not inline_blocks(html, "script"), f"inline <script> on {url}"
        for _, style in inline_blocks(html, "style"):
            assert csp_hash(style) in allowed, (
                f"an inline <style> on {url} is not allowed by the CSP: add "
                f"{csp_hash(style)} to CSP_STYLE_HASHES in settings, or move it "
                "to a stylesheet"
            )
        assert not re.search(r"\sstyle=", html), f"style attribute on {url}"
        assert not re.search(r"\son[a-z]+=", html), f"inline event handler on {url}"


def test_the_server_error_page_style_is_allowed_by_the_csp(client):
    html = (ROOT / "templates" / "500.html").read_text()
    allowed = csp_directives(client.get("/"))["style-src"]
    for _, style in inline_blocks(html, "style"):
        assert csp_hash(style) in allowed


def test_server_errors_show_the_plain_error_page_with_the_headers(client, monkeypatch):
    from articles import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "render", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"boom" not in response.content
    assert "Content-Security-Policy" in response.headers


# --- The admin: staff only, roles, CSRF ----------------------------------------------


def staff_user(username, *groups):
    user = User.objects.create_user(username, password="correct horse battery")
    user.is_staff = True
    user.save()
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def logged_in(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_staff_roles_exist_with_the_documented_permissions():
    editors = Group.objects.get(name="Editors")
    readers = Group.objects.get(name="Readers (read-only)")

    def codenames(group):
        return set(group.permissions.values_list("codename", flat=True))

    models = {"article", "source", "entity", "mention"}
    # Later migrations may add to a role (e.g. for new models); these stay.
    assert codenames(readers) >= {f"view_{m}" for m in models}
    assert all(name.startswith("view_") for name in codenames(readers))
    assert codenames(editors) >= (
        {f"view_{m}" for m in models}
        | {f"change_{m}" for m in models}
        | {"add_mention", "delete_mention"}
    )
    assert not codenames(editors) & {
        "add_article",
        "delete_article",
        "delete_source",
        "delete_entity",
    }


def test_the_admin_needs_a_staff_login(client):
    for url in ["/admin/", "/admin/articles/article/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")
    not_staff = User.objects.create_user("visitor", password="x")
    client.force_login(not_staff)
    assert client.get("/admin/articles/article/").status_code == 302


def test_a_reader_can_view_an_article_but_not_change_it():
    article = ArticleFactory(title="Harbour board backs ferry terminal")
    reader = logged_in(staff_user("reader", "Readers (read-only)"))
    url = reverse("admin:articles_article_change", args=[article.pk])

    page = reader.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Harbour board backs ferry terminal" in html
    assert 'name="_save"' not in html
    assert 'name="title"' not in html  # shown as text, not as a field

    response = reader.post(url, admin_change_data(article, title="Changed"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Harbour board backs ferry terminal"
    delete = reverse("admin:articles_article_delete", args=[article.pk])
    assert reader.post(delete, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_an_editor_can_change_an_article_but_not_delete_it():
    article = ArticleFactory(title="Harbour board backs ferry terminal")
    editor = logged_in(staff_user("editor", "Editors"))
    url = reverse("admin:articles_article_change", args=[article.pk])

    assert 'name="_save"' in editor.get(url).content.decode()
    response = editor.post(
        url, admin_change_data(article, title="Harbour board says no")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Harbour board says no"
    assert "title" in article.edited_fields

    delete = reverse("admin:articles_article_delete", args=[article.pk])
    assert editor.post(delete, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_staff_without_a_role_see_nothing_to_edit():
    ArticleFactory()
    nobody = logged_in(staff_user("nobody"))
    assert nobody.get("/admin/articles/article/").status_code == 403


def test_admin_change_without_a_csrf_token_is_refused(admin_user):
    article = ArticleFactory(title="Harbour board backs ferry terminal")
    client = logged_in(admin_user, enforce_csrf_checks=True)
    url = reverse("admin:articles_article_change", args=[article.pk])

    response = client.post(url, admin_change_data(article, title="Forged"))

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Harbour board backs ferry terminal"


def test_admin_login_without_a_csrf_token_is_refused(admin_user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/admin/login/", {"username": admin_user.username, "password": "password"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_admin_login_with_its_csrf_token_works(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.get("/admin/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/admin/login/",
        {"username": admin_user.username, "password": "password", "next": "/admin/"},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)


# --- Login throttling -------------------------------------------------------------


@pytest.fixture
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    now = [1_700_000_000.0]
    monkeypatch.setattr(throttling, "clock", lambda: now[0])
    return now


def attempt(username, password, address="203.0.113.7"):
    return Client(REMOTE_ADDR=address).post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
    )


def test_five_failed_logins_for_a_username_block_it_for_the_window(
    admin_user, clean_cache, clock, settings
):
    for _ in range(settings.NEWSROOM_LOGIN_FAILURE_LIMIT):
        response = attempt("admin", "wrong")
        assert response.status_code == 200
        assert b"Please enter the correct" in response.content

    refused = attempt("admin", "password")  # even the right password
    assert refused.status_code == 429
    assert b"Too many failed login attempts" in refused.content
    assert int(refused["Retry-After"]) == settings.NEWSROOM_LOGIN_FAILURE_WINDOW
    assert "_auth_user_id" not in refused.wsgi_request.session
    # From another address too: the account is what is being guessed.
    assert attempt("ADMIN", "password", address="198.51.100.1").status_code == 429

    clock[0] += settings.NEWSROOM_LOGIN_FAILURE_WINDOW - 60
    assert attempt("admin", "password").status_code == 429
    clock[0] += 61
    assert attempt("admin", "password").status_code == 302


def test_five_failed_logins_from_one_address_block_that_address(
    admin_user, clean_cache, clock, settings
):
    for n in range(settings.NEWSROOM_LOGIN_FAILURE_LIMIT):
        attempt(f"guess{n}", "wrong", address="203.0.113.9")

    assert attempt("admin", "password", address="203.0.113.9").status_code == 429
    assert attempt("admin", "password", address="198.51.100.2").status_code == 302


def test_failures_older_than_the_window_do_not_count(
    admin_user, clean_cache, clock, settings
):
    for _ in range(settings.NEWSROOM_LOGIN_FAILURE_LIMIT - 1):
        attempt("admin", "wrong")
    clock[0] += settings.NEWSROOM_LOGIN_FAILURE_WINDOW + 1
    attempt("admin", "wrong")
    assert attempt("admin", "password").status_code == 302


def test_a_successful_login_clears_the_usernames_failures(
    admin_user, clean_cache, clock, settings
):
    for _ in range(settings.NEWSROOM_LOGIN_FAILURE_LIMIT - 1):
        attempt("admin", "wrong", address=f"198.51.100.{_}")
    assert attempt("admin", "password", address="192.0.2.1").status_code == 302
    for _ in range(settings.NEWSROOM_LOGIN_FAILURE_LIMIT - 1):
        attempt("admin", "wrong", address=f"198.51.100.{_ + 10}")
    assert attempt("admin", "password", address="192.0.2.2").status_code == 302


def test_the_proxy_header_names_the_client_when_configured(
    admin_user, clean_cache, clock, settings
):
    settings.NEWSROOM_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    proxy = "127.0.0.1"
    for n in range(settings.NEWSROOM_LOGIN_FAILURE_LIMIT):
        Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP="203.0.113.5").post(
            "/admin/login/", {"username": f"guess{n}", "password": "wrong"}
        )
    other = Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP="203.0.113.6").post(
        "/admin/login/", {"username": "admin", "password": "password"}
    )
    assert other.status_code == 302


def test_nul_characters_in_admin_parameters_are_a_clear_400(admin_client):
    for url in ["/admin/?q=%00", "/admin/articles/article/?q=a%00b"]:
        response = admin_client.get(url)
        assert response.status_code == 400, url
        assert b"NUL" in response.content


def test_nul_characters_on_public_pages_are_explained_not_rejected(client):
    ArticleFactory(title="Harbour board backs ferry terminal")
    response = client.get("/search/?q=harbour%00board")
    assert response.status_code == 200
    assert response.context["form"].errors["q"] == ["Null characters are not allowed."]
    assert "Null characters are not allowed." in response.content.decode()


# --- The admin in a real browser, under the CSP -----------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

CSP_LISTENER = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ` +
    `${e.sourceFile}:${e.lineNumber}`);
});
"""


class Browser:
    """Headless Chromium driven over the DevTools protocol on a pipe (no extra
    packages): open pages, run JavaScript, collect CSP violations and errors."""

    def __init__(self, profile):
        self._commands_r, self._commands_w = os.pipe()
        self._events_r, self._events_w = os.pipe()
        read_fd, write_fd = self._commands_r, self._events_w

        def as_fds_3_and_4():  # the pipe is fds 3 (in) and 4 (out) for Chromium
            os.dup2(read_fd, 3)
            os.dup2(write_fd, 4)

        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "--window-size=1280,1000",
                "about:blank",
            ],
            preexec_fn=as_fds_3_and_4,
            pass_fds=(3, 4),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(self._commands_r)
        os.close(self._events_w)
        self._buffer = b""
        self._next_id = 0
        self.log = []
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send(
            "Target.attachToTarget", targetId=target, flatten=True
        )["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=True)
        self.send(
            "Page.addScriptToEvaluateOnNewDocument", source=CSP_LISTENER, session=True
        )

    def _read_message(self, deadline):
        import json
        import select

        while b"\0" not in self._buffer:
            if not select.select(
                [self._events_r], [], [], max(0, deadline - time.time())
            )[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._events_r, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def _handle_event(self, message):
        method = message.get("method")
        params = message.get("params", {})
        if method == "Log.entryAdded" and params["entry"]["level"] in {
            "error",
            "warning",
        }:
            # No page links a favicon; browsers ask for one anyway.
            if not params["entry"].get("url", "").endswith("/favicon.ico"):
                self.log.append(params["entry"]["text"])
        elif method == "Runtime.exceptionThrown":
            self.log.append(params["exceptionDetails"].get("text", "exception"))
        elif method == "Runtime.consoleAPICalled" and params["type"] == "error":
            self.log.append(str(params["args"]))

    def send(self, method, session=False, timeout=20, **params):
        import json

        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._commands_w, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self._handle_event(reply)

    def wait_for(self, event, timeout=20):
        deadline = time.time() + timeout
        while True:
            message = self._read_message(deadline)
            self._handle_event(message)
            if message.get("method") == event:
                return message

    def open(self, url):
        self.log = []
        self.send("Page.navigate", url=url, session=True)
        self.wait_for("Page.loadEventFired")
        time.sleep(0.3)  # async scripts and deferred ones
        return self.evaluate("window.__violations")

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
            session=True,
        )
        if "exceptionDetails" in result:
            raise AssertionError(result["exceptionDetails"])
        return result["result"].get("value")

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", format="png", session=True)["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands_w)
        os.close(self._events_r)


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_admin_pages_work_in_a_browser_under_the_csp(live_server, admin_user, tmp_path):
    source = SourceFactory(name="Kyodo")
    article = ArticleFactory(title="Harbour board backs ferry terminal", source=source)
    ArticleFactory.create_batch(3, source=source)
    MentionFactory(article=article, entity=EntityFactory(name="Kobe"))
    session = Client()
    session.force_login(admin_user)
    browser = Browser(tmp_path / "profile")
    shots = Path(os.environ.get("NEWSROOM_SCREENSHOTS", tmp_path))
    try:
        host = live_server.url.split("//")[1].split(":")[0]
        browser.send(
            "Network.setCookie",
            name="sessionid",
            value=session.cookies["sessionid"].value,
            domain=host,
            path="/",
            session=True,
        )
        checks = {
            # page: (JavaScript that returns true once the admin's own JS ran)
            "/admin/": "document.querySelector('#content-main') !== null",
            "/admin/articles/article/": (
                "document.querySelector('#action-toggle').click(),"
                "[...document.querySelectorAll('input.action-select')]"
                ".every(box => box.checked)"
            ),
            f"/admin/articles/article/{article.pk}/change/": (
                "document.querySelectorAll('.select2-container').length > 0"
            ),
            "/admin/articles/source/add/": (
                "(() => { const name = document.querySelector('#id_name');"
                "name.value = 'Agence France Presse';"
                "name.dispatchEvent(new Event('keyup'));"
                "name.dispatchEvent(new Event('change'));"
                "return document.querySelector('#id_slug').value"
                " === 'agence-france-presse'; })()"
            ),
            "/admin/articles/entity/?q=Kobe": "!!document.getElementById('changelist')",
            "/": "document.querySelector('.site-header') !== null",
            article.get_absolute_url(): "document.styleSheets.length > 0",
            "/search/?q=harbour": "document.querySelector('main') !== null",
        }
        problems = []
        for number, (path, works) in enumerate(checks.items()):
            violations = browser.open(live_server.url + path)
            browser.screenshot(shots / f"page-{number}.png")
            if violations:
                problems.append(f"{path}: CSP violations {violations}")
            if browser.log:
                problems.append(f"{path}: console {browser.log}")
            if browser.evaluate(works) is not True:
                problems.append(f"{path}: the page's script did not run ({works})")
        # The control: the policy is enforced and a violation would be seen.
        browser.open(live_server.url + "/")
        browser.evaluate(
            "document.body.insertAdjacentHTML('beforeend',"
            " '<p style=\"color: red\">injected</p>')"
        )
        time.sleep(0.2)
        assert browser.evaluate("window.__violations.length") == 1
        # Stylesheets loaded: the admin header is styled, not a bare list.
        browser.open(live_server.url + "/admin/")
        background = browser.evaluate(
            "getComputedStyle(document.querySelector('#header')).backgroundColor"
        )
        assert background not in ("", "rgba(0, 0, 0, 0)"), background
        assert not problems, "\n".join(problems)
    finally:
        browser.close()


def test_throttling_counts_in_the_database_cache_by_default(
    admin_user, clean_cache, clock, settings
):
    assert settings.CACHES["default"]["BACKEND"].endswith("db.DatabaseCache")
    for _ in range(settings.NEWSROOM_LOGIN_FAILURE_LIMIT):
        attempt("admin", "wrong")
    table = settings.CACHES["default"]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        assert cursor.fetchone()[0] == 2  # one for the username, one for the address
    assert attempt("admin", "password").status_code == 429


def redis_is_listening():
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", 6379)) == 0


def test_throttling_counts_in_redis_when_the_deployment_names_it(
    admin_user, clock, settings
):
    if not redis_is_listening():
        pytest.skip("no Redis server at 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"newsroom-test-{secrets.token_hex(4)}",
        }
    }
    try:
        for _ in range(settings.NEWSROOM_LOGIN_FAILURE_LIMIT):
            attempt("admin", "wrong")
        assert attempt("admin", "password").status_code == 429
        clock[0] += settings.NEWSROOM_LOGIN_FAILURE_WINDOW + 1
        assert attempt("admin", "password").status_code == 302
    finally:
        cache.clear()
