"""Atom feeds: the latest articles, each source, each entity, and any search."""

import datetime
import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import feedparser
import pytest
from django.urls import reverse

from articles.feeds import FEED_LENGTH
from articles.models import EntityKind
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(response):
    """The feed's root element, after checking what RFC 4287 requires of it."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # raises unless well-formed XML
    assert feed.tag == f"{ATOM}feed"
    assert_required(feed, ["id", "title", "updated"])
    assert any(link.get("rel") == "self" for link in feed.findall(f"{ATOM}link"))
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        assert_required(entry, ["id", "title", "updated"])
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        # Every entry needs an author, its own or the feed's (RFC 4287 4.1.1).
        assert entry.find(f"{ATOM}author/{ATOM}name") is not None or (
            feed.find(f"{ATOM}author/{ATOM}name") is not None
        )
    return feed


def assert_required(element, names):
    for name in names:
        found = element.findall(f"{ATOM}{name}")
        assert len(found) == 1, f"{element.tag} needs one {name}"
        assert found[0].text and found[0].text.strip(), f"{name} is empty"
        if name == "updated":
            datetime.datetime.fromisoformat(found[0].text)  # RFC 3339


def titles(feed):
    return [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]


def test_latest_feed_lists_the_newest_articles_first(client):
    for day in range(1, 4):
        ArticleFactory(
            title=f"Story of day {day}", published=datetime.date(2024, 5, day)
        )
    ArticleFactory(title="Undated story", published=None)

    feed = parse_atom(client.get(reverse("articles:feed")))

    assert titles(feed) == [
        "Story of day 3",
        "Story of day 2",
        "Story of day 1",
        "Undated story",
    ]
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}published") == "2024-05-03T00:00:00+00:00"
    assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
    assert entry.findtext(f"{ATOM}summary").startswith("The harbour authority")


def test_latest_feed_is_limited_in_length(client):
    ArticleFactory.create_batch(FEED_LENGTH + 2)
    feed = parse_atom(client.get(reverse("articles:feed")))
    assert len(titles(feed)) == FEED_LENGTH


def test_feed_entries_name_the_author_from_the_byline_and_the_source(client):
    ArticleFactory(byline="By Ann Lee and Bo Kim", source=SourceFactory(name="Kyodo"))
    ArticleFactory(byline="")
    feed = parse_atom(client.get(reverse("articles:feed")))
    authors = [
        e.findtext(f"{ATOM}author/{ATOM}name") for e in feed.iter(f"{ATOM}entry")
    ]
    assert "Ann Lee, Bo Kim" in authors
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "newsroom"
    categories = [c.get("term") for c in feed.iter(f"{ATOM}category")]
    assert "Kyodo" in categories


def test_an_empty_archive_still_has_a_valid_feed(client):
    feed = parse_atom(client.get(reverse("articles:feed")))
    assert titles(feed) == []


def test_source_feed_lists_only_that_sources_articles(client):
    kyodo, reuters = SourceFactory(name="Kyodo"), SourceFactory(name="Reuters")
    ArticleFactory(title="From Kyodo", source=kyodo)
    ArticleFactory(title="From Reuters", source=reuters)

    url = reverse("articles:source-feed", kwargs={"slug": kyodo.slug})
    feed = parse_atom(client.get(url))

    assert titles(feed) == ["From Kyodo"]
    assert feed.findtext(f"{ATOM}title") == "newsroom: articles from Kyodo"
    assert (
        feed.find(f"{ATOM}link[@rel='alternate']")
        .get("href")
        .endswith(kyodo.get_absolute_url())
    )


def test_entity_feed_lists_only_articles_mentioning_it(client):
    kobe = EntityFactory(name="Kobe", kind=EntityKind.PLACE)
    MentionFactory(article=ArticleFactory(title="Kobe port reopens"), entity=kobe)
    ArticleFactory(title="Nothing about Kobe here")

    url = reverse("articles:entity-feed", kwargs={"slug": kobe.slug})
    feed = parse_atom(client.get(url))

    assert titles(feed) == ["Kobe port reopens"]
    assert feed.findtext(f"{ATOM}title") == "newsroom: articles mentioning Kobe"


def test_feeds_of_unknown_or_hidden_entities_and_sources_are_404(client):
    hidden = EntityFactory(name="Hidden", hidden=True)
    MentionFactory(entity=hidden)
    for url in [
        reverse("articles:entity-feed", kwargs={"slug": hidden.slug}),
        reverse("articles:entity-feed", kwargs={"slug": "nobody"}),
        reverse("articles:source-feed", kwargs={"slug": "nowhere"}),
    ]:
        assert client.get(url).status_code == 404


def test_search_results_are_a_well_formed_atom_feed(client):
    ArticleFactory(title="Harbour vote", byline="By Ann Lee")
    ArticleFactory(title="Airport vote", byline="By Bo Kim")
    ArticleFactory(title="Airport strike", byline="")
    response = client.get(
        reverse("articles:search"), {"q": "airport", "format": "atom"}
    )
    feed = parse_atom(response)
    assert sorted(titles(feed)) == ["Airport strike", "Airport vote"]


def test_html_in_article_data_stays_text_in_the_feed(client):
    source = SourceFactory(name="Wire <b>bold</b>")
    ArticleFactory(
        title="Budget <script>alert(1)</script> talks",
        body="Lead with <i>tags</i> & an ampersand.\n\nMore.",
        byline="By <b>Ann</b>",
        source=source,
    )
    feed = parse_atom(client.get(reverse("articles:feed")))
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Budget <script>alert(1)</script> talks"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "<b>Ann</b>"


def test_pages_name_the_feed_that_follows_them(client):
    source = SourceFactory(name="Kyodo")
    entity = EntityFactory(name="Kobe")
    MentionFactory(article=ArticleFactory(source=source), entity=entity)
    expected = {
        reverse("articles:home"): reverse("articles:feed"),
        source.get_absolute_url(): reverse(
            "articles:source-feed", kwargs={"slug": source.slug}
        ),
        entity.get_absolute_url(): reverse(
            "articles:entity-feed", kwargs={"slug": entity.slug}
        ),
    }
    for page, feed in expected.items():
        html = client.get(page).content.decode()
        links = re.findall(
            r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" '
            r'href="([^"]+)">',
            html,
        )
        assert links == [feed], page


def test_feed_query_count_does_not_grow_with_articles(
    client, django_assert_max_num_queries
):
    ArticleFactory.create_batch(FEED_LENGTH, source=SourceFactory(name="Kyodo"))
    with django_assert_max_num_queries(2):
        client.get(reverse("articles:feed"))


# --- What a feed reader sees --------------------------------------------------

HOSTILE_TEXT = (
    "Talks <iframe src=\"javascript:alert('p1')\"></iframe> resumed "
    '<a href="javascript:alert(2)" onclick="alert(3)">here</a> & '
    "<img src=x onerror=alert(4)> ended.\n\nA second paragraph."
)


class ElementsSeen(HTMLParser):
    """Every element, attribute and URL in a fragment, as a browser parses it."""

    def __init__(self):
        super().__init__()
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)


def decoded_entries(response, *, expected=None):
    """The entries as a feed reader decodes them (feedparser, no sanitising:
    what arrives before a reader's own clean-up)."""
    assert response.status_code == 200
    feed = feedparser.parse(response.content, sanitize_html=False)
    assert not feed.bozo, feed.get("bozo_exception")
    if expected is not None:
        assert len(feed.entries) == expected
    return feed.entries


def assert_no_markup_but_ours(html_text, allowed=()):
    parsed = ElementsSeen()
    parsed.feed(html_text)
    assert set(parsed.tags) <= set(allowed), parsed.tags
    for name, value in parsed.attributes:
        assert not name.startswith("on"), (name, value)
        assert "javascript:" not in (value or "").lower(), (name, value)


@pytest.fixture
def hostile_story():
    source = SourceFactory(name="Harbour Wire")
    entity = EntityFactory(name="Portvik", kind=EntityKind.PLACE)
    article = ArticleFactory(
        title="Talks <b>resume</b>", body=HOSTILE_TEXT, source=source
    )
    MentionFactory(article=article, entity=entity)
    return article


def test_every_feed_gives_readers_article_text_as_text_not_markup(
    client, hostile_story
):
    source, entity = hostile_story.source, hostile_story.mentions.get().entity
    feeds = {
        "latest": reverse("articles:feed"),
        "source": reverse("articles:source-feed", kwargs={"slug": source.slug}),
        "entity": reverse("articles:entity-feed", kwargs={"slug": entity.slug}),
        "browse": reverse("articles:search") + "?format=atom",
    }
    for name, url in feeds.items():
        [entry] = decoded_entries(client.get(url), expected=1)
        assert entry.summary_detail.type == "text/html", name
        assert_no_markup_but_ours(entry.summary)
        # The reader shows the characters the story holds.
        shown = html.unescape(entry.summary)
        assert shown == HOSTILE_TEXT.split("\n\n")[0], name
        assert entry.title == "Talks <b>resume</b>", name
        assert entry.title_detail.type == "text/plain", name


def test_search_feed_marks_hits_and_nothing_else(client, hostile_story):
    url = reverse("articles:search") + "?q=talks&format=atom"
    [entry] = decoded_entries(client.get(url), expected=1)
    assert_no_markup_but_ours(entry.summary, allowed={"mark"})
    assert "<mark>Talks</mark>" in entry.summary
    assert "<iframe" in html.unescape(strip_mark(entry.summary))


def strip_mark(text):
    return text.replace("<mark>", "").replace("</mark>", "")


def test_undated_articles_have_no_publication_date_in_feeds(client):
    ArticleFactory(title="Undated story", published=None)
    ArticleFactory(title="Dated story", published=datetime.date(2024, 5, 3))
    timed = ArticleFactory(
        title="Timed story",
        published=datetime.date(2024, 5, 4),
        published_at=datetime.datetime(2024, 5, 4, 15, 13, tzinfo=datetime.UTC),
    )
    for url in [
        reverse("articles:feed"),
        reverse("articles:search") + "?format=atom",
    ]:
        entries = {e.title: e for e in decoded_entries(client.get(url), expected=3)}
        assert "published" not in entries["Undated story"]
        assert entries["Undated story"].updated  # Atom requires it
        assert entries["Dated story"].published == "2024-05-03T00:00:00+00:00"
        assert entries["Timed story"].published == "2024-05-04T15:13:00+00:00"
    assert timed.published_at.hour == 15
