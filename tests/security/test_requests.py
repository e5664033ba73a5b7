"""Hostile URLs, parameters and methods get a 404, a 400 or a 405, never a 500."""

import datetime
from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, MentionFactory, admin_change_data
from tests.security import SCRIPT

pytestmark = pytest.mark.django_db


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


@pytest.fixture
def site():
    """An article of a source that mentions an entity: (article, entity, source)."""
    mention = MentionFactory(
        article__title="Harbour board backs ferry terminal",
        article__source__name="Kyodo",
        entity__name="Kobe",
    )
    return mention.article, mention.entity, mention.article.source


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


def test_hostile_parameters_on_every_page_get_404_or_400_never_500(client, site):
    article, entity, source = site
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


def test_methods_no_page_supports_get_405_everywhere(admin_client, site):
    article, entity, source = site
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
