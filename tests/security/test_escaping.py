"""HTML in the data is escaped on every page and in the admin."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory
from tests.security import SCRIPT

pytestmark = pytest.mark.django_db


RAW_SCRIPT = "<script>alert(1)"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def assert_escaped(response, url):
    assert response.status_code == 200, url
    html = response.content.decode()
    assert RAW_SCRIPT not in html, f"unescaped <script> on {url}"
    assert "&lt;script&gt;alert(1)" in html or "alert" not in html, url
    assert 'href="javascript:' not in html.lower(), f"javascript: link on {url}"


def test_html_in_article_source_and_entity_is_escaped_on_every_public_page(
    client, hostile_article, public_pages
):
    for url in public_pages:
        assert_escaped(client.get(url), url)
    detail = client.get(hostile_article.get_absolute_url()).content.decode()
    for text in ("Harbour vote", "Caption", "Ann", "TOKYO", "Kobe", "Wire"):
        assert f"{text} &lt;script&gt;alert(1)&lt;/script&gt;" in detail


def test_html_in_article_source_and_entity_is_escaped_in_the_admin(
    admin_client, admin_pages
):
    for url in admin_pages:
        assert_escaped(admin_client.get(url), url)


def test_search_snippets_escape_article_text_around_the_hits(client, hostile_article):
    html = client.get(reverse("articles:search"), {"q": "harbour"}).content.decode()
    assert "<mark>" in html.lower()
    assert RAW_SCRIPT not in html


@pytest.mark.parametrize(
    "page",
    ["article", "search", "listing", "entity", "entity list", "home", "source"],
)
def test_html_in_article_data_is_escaped(client, page, hostile_article):
    article = hostile_article
    entity = article.mentions.first().entity
    url = {
        "article": article.get_absolute_url(),
        "search": reverse("articles:search") + "?q=harbour",
        "listing": reverse("articles:list"),
        "entity": entity.get_absolute_url(),
        "entity list": reverse("articles:entities"),
        "home": reverse("articles:home"),
        "source": article.source.get_absolute_url(),
    }[page]
    html = client.get(url).content.decode()
    assert "<script>" not in html
    assert ESCAPED_SCRIPT in html


def test_search_snippets_escape_html_in_article_text(client):
    ArticleFactory(title="Budget talks", body=f"The budget {SCRIPT} was agreed.")
    response = client.get(reverse("articles:search"), {"q": "budget"})
    html = response.content.decode()
    snippet = html.split('class="article-item__summary">')[1].split("</p>")[0]
    assert "<mark>budget</mark>" in snippet
    assert "<script>" not in html
    # SQLite returns the text as stored; PostgreSQL may defuse the brackets itself.
    assert ESCAPED_SCRIPT in snippet or "alert(1)" in snippet
