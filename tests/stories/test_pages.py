"""What readers see of stories: one result per story, its versions, a
correction, what changed, and the story in every export."""

import csv
import io
import re

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html

from articles.ingest.importer import import_paths
from articles.models import Article, Entity, EntityKind, Mention
from articles.stories import grouping
from tests.stories import WIRE, import_wire

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('story')</script>"
ADVISORY = f"(Corrects number of strikes in paragraph 2 {SCRIPT})"


@pytest.fixture
def wire(tmp_path):
    """The strike in four versions, the last a correction with markup in its
    advisory and body, and the quake."""
    headline, body, sent = WIRE["d"]
    marked = body.replace("(Corrects number of strikes in paragraph 2)", ADVISORY)
    return import_wire(
        tmp_path,
        "a",
        "b",
        "c",
        "e",
        d=(headline, marked.replace("fourth", f"fourth {SCRIPT}"), sent),
    )


def page_of(response):
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def text(node):
    return " ".join(node.text_content().split())


def test_search_shows_one_result_per_story_with_its_versions(client, wire):
    doc = page_of(client.get("/search/", {"q": "Chile"}))
    results = doc.cssselect(".article-list > li")
    assert len(results) == 2
    assert "2 stories match" in text(doc.cssselect("#results-heading")[0])
    versions = doc.cssselect("details.versions")
    assert len(versions) == 1
    assert text(versions[0].cssselect("summary")[0]) == "4 versions of this story"
    items = versions[0].cssselect(".versions__item")
    assert [text(i).split(" UTC")[0] for i in items] == [
        "9 Jan 2024, 14:02",
        "9 Jan 2024, 14:40",
        "9 Jan 2024, 18:15",
        "10 Jan 2024, 08:00",
    ]
    assert "CORRECTED, UPDATE 1" in text(items[3])
    # Every other version is a link; the one shown is marked as this one.
    assert len(versions[0].cssselect("a")) == 3
    assert "(this one)" in text(versions[0])


def test_every_version_on_request(client, wire):
    doc = page_of(client.get("/search/", {"q": "Chile", "versions": "all"}))
    assert len(doc.cssselect(".article-list > li")) == 5
    assert "5 articles match" in text(doc.cssselect("#results-heading")[0])
    assert not doc.cssselect("details.versions")


def test_the_article_page_lists_the_versions_and_shows_a_correction(client, wire):
    corrected = wire["d"]
    doc = page_of(client.get(corrected.get_absolute_url()))
    assert text(doc.cssselect("h1")[0]) == "Chile port workers strike, halting exports"
    notice = doc.cssselect(".notice--correction")[0]
    assert text(notice).startswith("Correction. Corrects number of strikes")
    # The advisory's markup is text, never an element.
    assert not doc.cssselect("script:not([type])")
    assert SCRIPT in text(notice)
    listed = doc.cssselect("#versions-heading + p + ol .versions__item")
    assert len(listed) == 4
    older = doc.cssselect(".notice--correction a")[0].get("href")
    assert older == f"/articles/{corrected.pk}/changes/?since={wire['c'].pk}"


def test_an_earlier_version_points_to_the_newest(client, wire):
    doc = page_of(client.get(wire["a"].get_absolute_url()))
    assert "A newer version of this story was sent" in text(doc)
    link = [a for a in doc.cssselect(".notice a") if "halting" in text(a)]
    assert link[0].get("href") == wire["d"].get_absolute_url()


def test_what_changed_marks_words_and_escapes_the_text(client, wire):
    corrected, update = wire["d"], wire["c"]
    response = client.get(f"/articles/{corrected.pk}/changes/", {"since": update.pk})
    doc = page_of(response)
    added = [text(node) for node in doc.cssselect(".changes__body ins")]
    removed = [text(node) for node in doc.cssselect(".changes__body del")]
    assert any("fourth" in piece for piece in added)
    assert any("third" in piece for piece in removed)
    assert any(SCRIPT in piece for piece in added)
    assert not doc.cssselect(".changes__body script")
    assert b"<script>alert" not in response.content


def test_what_changed_refuses_an_article_of_another_story(client, wire):
    response = client.get(f"/articles/{wire['d'].pk}/changes/", {"since": wire["e"].pk})
    # Compared with the version before it instead, never with another story.
    doc = page_of(response)
    assert "Quake" not in text(doc.cssselect(".changes__body")[0])
    lone = client.get(f"/articles/{wire['e'].pk}/changes/")
    assert lone.status_code == 404
    assert b"no other version" in lone.content
    assert (
        client.get(f"/articles/{wire['e'].pk}/changes/", {"since": "x'"}).status_code
        == 404
    )


def test_exports_carry_the_story_and_the_version(client, wire):
    story = wire["d"].story_id
    data = client.get("/search/", {"q": "Chile", "format": "json"}).json()
    assert data["count"] == 2
    strike = [r for r in data["results"] if r["story"] == story]
    assert len(strike) == 1
    every = client.get("/search/", {"q": "Chile", "format": "json", "versions": "all"})
    versions = {r["version"] for r in every.json()["results"] if r["story"] == story}
    assert versions == {None, "UPDATE 1", "CORRECTED, UPDATE 1"}
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(
                    client.get(
                        "/search/", {"q": "Chile", "format": "csv"}
                    ).streaming_content
                ).decode()
            )
        )
    )
    assert {(r["story"], r["version"]) for r in rows if r["story"] == str(story)} == {
        (str(story), ""),
        (str(story), "UPDATE 1"),
        (str(story), "CORRECTED, UPDATE 1"),
    }
    feed = feedparser.parse(
        client.get(
            "/search/", {"q": "Chile", "format": "atom", "versions": "all"}
        ).content
    )
    terms = {t.term for entry in feed.entries for t in entry.get("tags", [])}
    assert f"story:{story}" in terms
    assert "version:CORRECTED, UPDATE 1" in terms


def test_a_caption_word_is_found_and_the_snippet_says_it_is_a_caption(client, tmp_path):
    (tmp_path / "ferry.txt").write_text(
        "SEOUL, March 4 (Yonhap) -- A ferry carrying 120 passengers ran aground "
        "off the southern coast on Monday, the coast guard said.\n\n"
        "All passengers were rescued, officials said.\n\n"
        "Photo shows the ferry aground near Geomundo island on March 4, 2024. "
        "(Yonhap)\n\n(END)"
    )
    assert import_paths(paths=[tmp_path], extract=False).created == 1
    doc = page_of(client.get("/search/", {"q": "Geomundo"}))
    results = doc.cssselect(".article-list > li")
    assert len(results) == 1
    summary = text(results[0].cssselect(".article-item__summary")[0])
    assert summary.startswith("Photo caption:")
    assert "Geomundo" in text(results[0].cssselect(".article-item__summary mark")[0])


def test_pages_say_whether_they_count_stories(client, wire):
    doc = page_of(client.get("/search/", {"q": "Chile"}))
    assert re.search(r"One result per story", text(doc))
    title = text(doc.cssselect("title")[0])
    assert "2 stories" in title


def test_entity_and_source_pages_count_stories(client, wire):
    port = Entity.objects.create(name="Valparaiso", kind=EntityKind.PLACE)
    for key in "abcde":
        Mention.objects.create(article=wire[key], entity=port, count=1)
    # The database copies each article's story onto its mentions.
    assert {m.story_id for m in port.mentions.all()} == {
        wire["a"].story_id,
        wire["e"].story_id,
    }
    page = page_of(client.get(port.get_absolute_url()))
    summary = text(page.cssselect(".page-header__summary")[0])
    assert summary.startswith(
        "Mentioned in 2 stories (5 articles, versions and copies included)."
    )
    source = page_of(client.get(wire["a"].source.get_absolute_url()))
    assert text(source.cssselect(".page-header__summary")[0]).startswith(
        "2 stories (5 articles, versions and copies included)"
    )
    # An editor's move reaches the mentions too.
    grouping.place(Article.objects.get(pk=wire["a"].pk), None)
    page = page_of(client.get(port.get_absolute_url()))
    assert "Mentioned in 3 stories" in text(page.cssselect(".page-header__summary")[0])
    caption = text(page.cssselect("figcaption, .timeline")[0])
    assert "stor" in caption


def test_many_matches_give_an_estimate_of_the_stories(client, wire, monkeypatch):
    from articles.stories import results

    # As if "Chile" matched more articles than are counted exactly, and the
    # best two were all that was read.
    monkeypatch.setattr(results.OnePerStory, "EXACT_UP_TO", 2)
    monkeypatch.setattr(results, "READ_AHEAD", 2)
    doc = page_of(client.get("/search/", {"q": "Chile"}))
    heading = text(doc.cssselect("#results-heading")[0])
    found = re.match(r"About (\d) stor(?:y|ies) match", heading)
    # Five matching articles, scaled by the share of stories among the two.
    assert found and 2 <= int(found[1]) <= 5
    assert len(doc.cssselect(".article-list > li")) == 2


def test_the_versions_on_a_search_page_cost_one_statement(client, tmp_path):
    """However many versions a story has, listing them (time, marker,
    source, advisory) is one statement for the page, not one per version."""
    headline, body, _ = WIRE["b"]
    import_wire(
        tmp_path,
        b=(headline, body, "2024-01-09T14:40:00"),
        c=(f"UPDATE 1-{headline}", "(Adds minister)\n\n" + body, "2024-01-09T15:40:00"),
    )

    def statements():
        with CaptureQueriesContext(connection) as queries:
            page_of(client.get("/search/", {"q": "Valparaiso"}))
        return len(queries)

    two = statements()
    import_wire(
        tmp_path,
        f=(f"UPDATE 2-{headline}", "(Adds port)\n\n" + body, "2024-01-09T16:40:00"),
        g=(f"UPDATE 3-{headline}", "(Adds union)\n\n" + body, "2024-01-09T17:40:00"),
    )
    assert Article.objects.values("story_id").distinct().count() == 1
    assert statements() == two


@pytest.mark.parametrize(
    ("narrowed", "heading"),
    [
        ({}, "2 stories match"),
        ({"source": "reuters"}, "2 stories match"),
        ({"published_after": "2024-01-10"}, "1 story matches"),
        ({"source": "reuters", "published_before": "2024-01-09"}, "2 stories match"),
    ],
)
def test_stories_are_counted_exactly_beyond_the_matches_read(
    client, wire, monkeypatch, narrowed, heading
):
    from articles.stories import results

    # Only the best match read: the count of stories comes from the
    # database, through the narrow (id, story) index, filters and all.
    monkeypatch.setattr(results, "READ_AHEAD", 1)
    doc = page_of(client.get("/search/", {"q": "Chile", **narrowed}))
    assert not doc.cssselect(".errorlist")
    assert heading in text(doc.cssselect("#results-heading")[0])
