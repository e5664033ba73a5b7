"""HTTP caching as a browser or a shared cache meets it: validators on every
public page, 304 without rendering, Cache-Control and Vary, private pages
for signed-in users, gzip only where no secret rides along, and validators
that move with every edit, import, merge and withdrawal."""

import gzip

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.entities.curation import merge_entities
from articles.ingest.importer import import_paths
from articles.models import Article, Entity
from articles.withdrawal import withdraw
from tests.factories import (
    ArticleFactory,
    EntityFactory,
    MentionFactory,
    admin_change_data,
)
from tests.web.test_admin import post_change

pytestmark = pytest.mark.django_db

STORY = (
    "Harbour board backs ferry terminal\n\nKOBE, Japan, Dec. 1 (Kyodo) -- The "
    "harbour board approved a new ferry terminal on Tuesday, ending a two-year "
    "dispute with residents over noise.\n\nThe terminal will open in 2027, "
    "Mayor Hiroshi Tanabe said.\n\n==Kyodo\n"
)


@pytest.fixture
def article():
    found = ArticleFactory(title="Harbour board backs ferry terminal")
    MentionFactory(article=found, entity=EntityFactory(name="Kobe", kind="PLACE"))
    return found


def pages(article) -> list[str]:
    entity = article.mentions.first().entity
    return [
        reverse("articles:home"),
        reverse("articles:search") + "?q=harbour",
        reverse("articles:search") + "?q=harbour&format=json",
        reverse("articles:search") + "?q=harbour&format=atom",
        article.get_absolute_url(),
        entity.get_absolute_url(),
        reverse("articles:entities"),
        reverse("articles:sources"),
        reverse("articles:feed"),
        "/sitemap.xml",
    ]


def validators(client, path) -> tuple[str, str]:
    response = client.get(path)
    assert response.status_code == 200, path
    return response["ETag"], response["Last-Modified"]


def test_every_public_page_has_validators_and_may_be_cached(client, article):
    for path in pages(article):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["ETag"] and response["Last-Modified"], path
        control = response["Cache-Control"]
        assert "public" in control and "max-age=60" in control, path
        assert "stale-while-revalidate=300" in control, path
        vary = {v.strip() for v in response["Vary"].split(",")}
        assert {"Cookie", "Accept-Encoding"} <= vary, path


def test_a_conditional_get_is_answered_304_without_rendering(
    client, article, django_assert_num_queries
):
    for path in pages(article):
        etag, modified = validators(client, path)
        # The archive's state, read once: no page query, no template.
        with django_assert_num_queries(1):
            response = client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304, path
        assert response.content == b""
        assert response["ETag"] == etag
        assert "public" in response["Cache-Control"]
        again = client.get(path, HTTP_IF_MODIFIED_SINCE=modified)
        assert again.status_code == 304, path
        stale = client.get(path, HTTP_IF_NONE_MATCH='"an-older-version"')
        assert stale.status_code == 200, path


def test_a_signed_in_user_gets_private_uncompressed_pages(admin_client, article):
    for path in pages(article):
        response = admin_client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, path
        assert "private" in response["Cache-Control"], path
        assert "no-store" in response["Cache-Control"], path
        assert not response.has_header("ETag"), path
        assert not response.has_header("Content-Encoding"), path
    admin = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_ENCODING="gzip")
    assert "private" in admin["Cache-Control"]
    assert not admin.has_header("Content-Encoding")


def test_public_pages_are_compressed_and_the_admin_login_is_not(client, article):
    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"Harbour board backs ferry terminal" in gzip.decompress(response.content)
    # Its form carries a CSRF token beside what the request says: BREACH.
    login = client.get(reverse("admin:login"), HTTP_ACCEPT_ENCODING="gzip")
    assert b"csrfmiddlewaretoken" in login.content
    assert not login.has_header("Content-Encoding")
    assert "no-store" in login["Cache-Control"] or "private" in login["Cache-Control"]


def test_the_world_map_keeps_its_own_validators(client):
    response = client.get(reverse("articles:world-map"))
    assert response["Cache-Control"] == "public, max-age=86400"
    again = client.get(
        reverse("articles:world-map"), HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def changed_by(action, client, paths) -> list[str]:
    """The pages among `paths` whose validators `action` changed."""
    before = {path: validators(client, path)[0] for path in paths}
    action()
    return [path for path in paths if validators(client, path)[0] != before[path]]


def test_an_edit_in_the_admin_changes_the_validators(client, admin_client, article):
    paths = pages(article)
    changed = changed_by(
        lambda: post_change(
            admin_client,
            article,
            admin_change_data(article, title="Harbour board approves terminal"),
        ),
        client,
        paths,
    )
    assert changed == paths
    # A conditional GET with the old validator gets the new page.
    response = client.get(article.get_absolute_url())
    assert b"Harbour board approves terminal" in response.content


def test_a_reimport_changes_them_and_an_unchanged_one_does_not(client, tmp_path):
    (tmp_path / "kobe.txt").write_text(STORY)
    import_paths(paths=[tmp_path], extract=False)
    article = Article.objects.get()
    paths = [reverse("articles:home"), article.get_absolute_url()]
    unchanged = changed_by(
        lambda: import_paths(paths=[tmp_path], extract=False), client, paths
    )
    assert unchanged == []
    (tmp_path / "kobe.txt").write_text(STORY.replace("two-year", "three-year"))
    changed = changed_by(
        lambda: import_paths(paths=[tmp_path], extract=False), client, paths
    )
    assert changed == paths


def test_a_merge_and_a_withdrawal_change_them(client, article):
    other = Entity.objects.create(name="Kobe City", kind="PLACE", slug="kobe-city")
    MentionFactory(article=ArticleFactory(title="Kobe port"), entity=other)
    paths = pages(article)
    kobe = article.mentions.first().entity
    assert changed_by(lambda: merge_entities(kobe, [other]), client, paths) == paths
    paths.remove(article.get_absolute_url())  # gone (410) once withdrawn
    paths.remove(kobe.get_absolute_url())  # nothing left to list: 404
    assert changed_by(lambda: withdraw([article], "legal"), client, paths) == paths
    gone = client.get(article.get_absolute_url())
    assert gone.status_code == 410 and gone.has_header("ETag")


def test_a_head_request_gets_the_same_validators(article):
    client = Client()
    path = article.get_absolute_url()
    assert client.head(path)["ETag"] == client.get(path)["ETag"]


def test_an_entity_page_overview_is_kept_until_the_archive_changes(client, article):
    kobe = article.mentions.first().entity
    with CaptureQueriesContext(connection) as first:
        response = client.get(kobe.get_absolute_url())
    assert "1 story" in response.content.decode()
    # The timeline, the entities named with it and the map are kept for
    # this state of the archive: the next view runs none of their SQL.
    with CaptureQueriesContext(connection) as again:
        client.get(kobe.get_absolute_url(), {"page": "1"})
    assert len(again) <= len(first) - 3
    MentionFactory(article=ArticleFactory(title="Kobe ferry sails"), entity=kobe)
    after = client.get(kobe.get_absolute_url())
    assert "2 stories" in after.content.decode()
