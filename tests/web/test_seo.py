"""What pages tell search engines and link previews: metadata and robots.txt
(the sitemaps are in test_sitemaps.py)."""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from articles import seo
from articles.models import Article
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, make_story

pytestmark = pytest.mark.django_db


class Head(HTMLParser):
    """The <meta>, <link> and JSON-LD blocks of a page."""

    def __init__(self, html):
        super().__init__()
        self.meta, self.links, self.json_ld = {}, [], []
        self._in_json_ld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs["name"]
            self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def one(self, key):
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    def link(self, rel):
        return [link["href"] for link in self.links if link.get("rel") == rel]


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return Head(response.content.decode())


# --- Article pages ------------------------------------------------------------


def test_article_page_describes_itself_as_a_news_article(client):
    article = make_story()
    head = head_of(client, article.get_absolute_url())
    [data] = [json.loads(block) for block in head.json_ld]
    page = f"http://testserver{article.get_absolute_url()}"

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Volcano erupts near fishing town"
    assert data["url"] == page
    assert data["datePublished"] == "2024-03-05"
    # Never corrected, never updated: modified when it was published.
    assert data["dateModified"] == "2024-03-05"
    assert data["author"] == [
        {"@type": "Person", "name": "Ingrid Sol"},
        {"@type": "Person", "name": "Tom Reyes"},
    ]
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "North Wire",
        "url": "http://testserver" + article.source.get_absolute_url(),
    }
    assert data["articleSection"] == "world"
    assert data["dateline"] == "PORTVIK"
    assert data["isBasedOn"] == "https://example.com/volcano"
    assert data["description"].startswith("Ash fell on the fishing town of Portvik")
    mentions = {m["name"]: m["@type"] for m in data["mentions"]}
    assert mentions == {
        "Ingrid Sol": "Person",
        "Coastguard Agency": "Organization",
        "Portvik": "Place",
        "Icelanders": "Thing",
    }
    assert all(
        m["url"].startswith("http://testserver/entities/") for m in data["mentions"]
    )


def test_article_page_has_a_canonical_link_description_and_previews(client):
    article = make_story()
    head = head_of(client, article.get_absolute_url() + "?highlight=entities")
    page = f"http://testserver{article.get_absolute_url()}"

    assert head.link("canonical") == [page]
    description = head.one("description")
    assert description.startswith("Ash fell on the fishing town")
    assert len(description) <= seo.DESCRIPTION_LENGTH
    assert description.endswith("…")
    assert head.one("og:type") == "article"
    assert head.one("og:title") == article.title
    assert head.one("og:url") == page
    assert head.one("og:description") == description
    assert head.one("og:site_name") == "newsroom"
    assert head.one("article:published_time") == "2024-03-05"
    assert head.one("article:section") == "world"
    assert "Portvik" in head.meta["article:tag"]
    assert head.one("twitter:card") == "summary"
    assert head.one("twitter:title") == article.title
    assert head.one("twitter:description") == description
    assert head.meta["author"] == ["Ingrid Sol", "Tom Reyes"]


def test_a_corrected_article_gives_its_modification_time(client):
    article = make_story()
    article.title = "Volcano erupts near fishing village"
    article.edited_fields = ["title"]
    article.save()
    head = head_of(client, article.get_absolute_url())
    [data] = [json.loads(block) for block in head.json_ld]
    assert data["dateModified"] == article.updated_at.isoformat(timespec="seconds")
    assert head.one("article:modified_time") == data["dateModified"]


def test_a_bare_article_leaves_out_what_it_does_not_know(client):
    article = ArticleFactory(
        source=None, byline="", published=None, url="", import_key="seed.txt"
    )
    head = head_of(client, article.get_absolute_url())
    [data] = [json.loads(block) for block in head.json_ld]
    for key in ["datePublished", "author", "publisher"]:
        assert key not in data
    # Undated and never changed: modified when the archive received it, and
    # that time is never given as the publication date.
    assert data["dateModified"] == article.imported_at.isoformat(timespec="seconds")
    for key in ["articleSection", "isBasedOn", "mentions", "dateline"]:
        assert key not in data
    assert "article:published_time" not in head.meta
    assert "author" not in head.meta


def json_ld_of(client, article):
    [data] = [
        json.loads(b) for b in head_of(client, article.get_absolute_url()).json_ld
    ]
    return data


def test_the_publication_time_is_given_where_the_source_gave_it(client):
    moment = datetime.datetime(2024, 3, 5, 15, 13, tzinfo=datetime.UTC)
    article = make_story(published_at=moment)
    data = json_ld_of(client, article)
    assert data["datePublished"] == "2024-03-05T15:13:00+00:00"
    assert data["dateModified"] == "2024-03-05T15:13:00+00:00"


def test_date_modified_is_the_last_correction_or_newer_version(client):
    article = make_story()
    later = article.imported_at + datetime.timedelta(days=3)
    # A newer version of the file, re-imported three days later.
    Article.objects.filter(pk=article.pk).update(updated_at=later)
    data = json_ld_of(client, article)
    assert data["datePublished"] == "2024-03-05"
    assert data["dateModified"] == later.isoformat(timespec="seconds")
    # An editor's correction, at once.
    Article.objects.filter(pk=article.pk).update(
        edited_fields=["title"], updated_at=article.imported_at
    )
    data = json_ld_of(client, article)
    assert data["dateModified"] == article.imported_at.isoformat(timespec="seconds")


def test_hidden_entities_are_not_among_the_mentions(client):
    article = make_story()
    MentionFactory(article=article, entity=EntityFactory(name="Secret", hidden=True))
    head = head_of(client, article.get_absolute_url())
    [data] = [json.loads(block) for block in head.json_ld]
    assert "Secret" not in {m["name"] for m in data["mentions"]}
    assert "Secret" not in head.meta["article:tag"]


def test_json_ld_cannot_be_broken_out_of_by_article_text(client):
    title = "Harbour </script><script>alert(1)</script> vote & more"
    article = make_story(title=title, byline="By <b>Ann</b>")
    html = client.get(article.get_absolute_url()).content.decode()
    block = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    ).group(1)
    assert "<" not in block and ">" not in block
    assert json.loads(block)["headline"] == title
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize(
    "byline, names",
    [
        ("By Ann Lee", ["Ann Lee"]),
        ("by Ann Lee and Bo Kim", ["Ann Lee", "Bo Kim"]),
        ("Ann Lee & Bo Kim", ["Ann Lee", "Bo Kim"]),
        ("By Ann Lee, Tokyo correspondent", ["Ann Lee, Tokyo correspondent"]),
        ("", []),
        ("By ", []),
    ],
)
def test_authors_are_read_from_the_byline(byline, names):
    assert seo.authors(byline) == names


@pytest.mark.parametrize(
    "key, section",
    [
        ("business/001.txt", "business"),
        ("bbc/Sport/012.txt", "sport"),
        ("kyodo/001.txt", ""),
        ("001.txt", ""),
        ("record-17", ""),
    ],
)
def test_the_section_is_the_folder_a_story_was_filed_in(key, section):
    assert seo.section(ArticleFactory.build(import_key=key)) == section


def test_other_pages_have_a_site_description_and_no_article_metadata(client):
    head = head_of(client, reverse("articles:home"))
    assert "searchable archive" in head.one("description")
    assert head.json_ld == []
    assert "og:type" not in head.meta


# --- robots.txt -------------------------------------------------------------------


def robots_rules(text):
    """[(allow, pattern)] for every user agent, and the sitemap addresses."""
    rules, sitemap_urls = [], []
    for line in text.splitlines():
        field, _, value = line.split("#")[0].partition(":")
        field, value = field.strip().lower(), value.strip()
        if field in ("allow", "disallow") and value:
            rules.append((field == "allow", value))
        elif field == "sitemap":
            sitemap_urls.append(value)
    return rules, sitemap_urls


def crawler_may_fetch(rules, path):
    """RFC 9309: the longest matching rule wins, and Allow wins a tie."""
    best = (-1, True)
    for allow, pattern in rules:
        regex = re.escape(pattern).replace(r"\*", ".*").replace(r"\$", "$")
        if re.match(regex, path):
            best = max(best, (len(pattern), allow))
    return best[1]


def test_robots_txt_keeps_crawlers_out_of_search_results(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    rules, sitemap_urls = robots_rules(response.content.decode())
    assert "User-agent: *" in response.content.decode()
    assert sitemap_urls == ["http://testserver/sitemap.xml"]
    blocked = [
        "/search/?q=korea",
        "/search/?q=korea&source=kyodo-news&page=3",
        "/articles/?source=reuters",
        "/articles/?page=2",
        "/admin/articles/article/",
    ]
    allowed = [
        "/",
        "/search/help/",
        "/articles/12/harbour-vote/",
        "/articles/feed/",
        "/entities/north-korea/",
        "/entities/north-korea/?page=2",
        "/sources/kyodo-news/",
        "/sitemap.xml",
    ]
    for path in blocked:
        assert not crawler_may_fetch(rules, path), path
    for path in allowed:
        assert crawler_may_fetch(rules, path), path


def test_robots_txt_names_the_sitemap_on_the_requests_host(client):
    response = client.get("/robots.txt", headers={"host": "localhost"})
    assert "Sitemap: http://localhost/sitemap.xml" in response.content.decode()
