"""The sitemaps: an index of a sitemap per kind of page, valid against the
sitemaps.org schema, split into pages when large."""

import os
import xml.etree.ElementTree as ET

import pytest
from lxml import etree

from articles import sitemaps
from tests.conftest import ROOT
from tests.factories import (
    ArticleFactory,
    EntityFactory,
    MentionFactory,
    SourceFactory,
    make_story,
)

pytestmark = pytest.mark.django_db


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


SITEMAP_XSD = ROOT / "tests/browser/node_modules/sitemap/schema/sitemap.xsd"


def sitemap_locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_index_lists_a_sitemap_per_kind_of_page(client):
    MentionFactory()
    sections = sitemap_locations(client, "/sitemap.xml")
    assert sections == [
        f"http://testserver/sitemap-{name}.xml"
        for name in ["pages", "articles", "entities", "sources"]
    ]


def test_sitemaps_list_articles_mentioned_entities_and_sources(client):
    article = make_story()
    unmentioned = EntityFactory(name="Nobody mentions me")
    hidden = EntityFactory(name="Hidden", hidden=True)
    MentionFactory(article=article, entity=hidden)
    SourceFactory(name="No articles yet")

    def paths(section):
        locations = sitemap_locations(client, f"/sitemap-{section}.xml")
        return {loc.removeprefix("http://testserver") for loc in locations}

    assert paths("articles") == {article.get_absolute_url()}
    entities = paths("entities")
    assert len(entities) == 4
    assert unmentioned.get_absolute_url() not in entities
    assert hidden.get_absolute_url() not in entities
    assert paths("sources") == {article.source.get_absolute_url()}
    assert paths("pages") == {"/", "/entities/", "/sources/", "/search/help/"}


def test_article_sitemap_gives_the_last_modification(client):
    article = make_story()
    root = ET.fromstring(client.get("/sitemap-articles.xml").content)
    assert root.findtext(f"{SITEMAP}url/{SITEMAP}lastmod") == (
        article.updated_at.date().isoformat()
    )


def test_large_sitemaps_are_split_into_pages(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    ArticleFactory.create_batch(5)
    sections = sitemap_locations(client, "/sitemap.xml")
    assert "http://testserver/sitemap-articles.xml?p=3" in sections
    assert len(sitemap_locations(client, "/sitemap-articles.xml?p=3")) == 1


def sitemap_schema():
    """The sitemaps.org schema, as the sitemap package on npm ships it."""
    if not SITEMAP_XSD.exists():
        problem = "the sitemap schema is not installed (npm ci in tests/browser/)"
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    return etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))


def assert_valid_sitemaps(client):
    """Every sitemap the index names is valid against the sitemaps.org schema;
    the index has the structure the protocol gives it. Returns the pages."""
    schema = sitemap_schema()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    index = etree.fromstring(response.content)
    assert index.tag == f"{SITEMAP}sitemapindex"
    pages = []
    for entry in index:
        assert entry.tag == f"{SITEMAP}sitemap"
        assert [child.tag for child in entry][:1] == [f"{SITEMAP}loc"]
        assert {child.tag for child in entry} <= {f"{SITEMAP}loc", f"{SITEMAP}lastmod"}
        location = entry.findtext(f"{SITEMAP}loc")
        assert location.startswith("http://testserver/sitemap-")
        page = client.get(location.removeprefix("http://testserver"))
        assert page.status_code == 200, location
        document = etree.fromstring(page.content)
        assert schema.validate(document), (location, schema.error_log)
        pages.append(location)
    assert 0 < len(pages) <= 50_000
    return pages


def test_sitemaps_are_valid_against_the_protocols_schema(client):
    make_story()
    ArticleFactory(published=None)
    assert len(assert_valid_sitemaps(client)) == 4


def test_sitemap_of_an_empty_archive_is_valid(client):
    # An empty urlset is not: the index names only sections with pages.
    assert assert_valid_sitemaps(client) == ["http://testserver/sitemap-pages.xml"]
    assert client.get("/sitemap-articles.xml").status_code == 404
