"""The search page: query language, explanations, facets, formats, help."""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from articles import facets as facets_module
from articles.search import get_search_backend
from articles.views import SEARCH_EXAMPLES
from tests.conftest import FORMATS_DIR
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def search(client, **params):
    return client.get(reverse("articles:search"), params)


def html(response):
    return response.content.decode()


@pytest.fixture
def archive(db):
    kyodo = SourceFactory(name="Kyodo News")
    reuters = SourceFactory(name="Reuters")
    korea = EntityFactory(name="North Korea")
    stories = {
        "defectors": (
            "Defectors reach Seoul after crossing China",
            "Fourteen North Korean defectors reached South Korea.\n\nJapan said.",
            kyodo,
            "2021-03-04",
        ),
        "talks": (
            "Japan and North Korea hold talks",
            "Officials from Japan met counterparts from North Korea in Beijing.",
            kyodo,
            "2022-12-31",
        ),
        "markets": (
            "Tokyo shares close higher",
            "Exporters led gains as the yen weakened against the dollar.",
            reuters,
            "2023-01-01",
        ),
        "old": (
            "Defector describes life in the north",
            "A defector who left in 1998 spoke to reporters in Tokyo.",
            reuters,
            "2019-06-01",
        ),
    }
    made = {
        key: ArticleFactory(
            title=title,
            body=body,
            source=source,
            published=datetime.date.fromisoformat(day),
        )
        for key, (title, body, source, day) in stories.items()
    }
    MentionFactory(article=made["defectors"], entity=korea, count=2)
    MentionFactory(article=made["talks"], entity=korea, count=3)
    get_search_backend().refresh_vocabulary()
    return made


def titles(response):
    return [a["title"] for a in json.loads(response.content)["results"]]


# --- the query language on the page ---


def test_query_filters_move_into_the_form_with_one_redirect(client, archive):
    response = search(client, q="source:kyodo from:2021 to:2022-12 defectors")
    assert response.status_code == 302
    location = response["Location"]
    assert "source=kyodo-news" in location
    assert "published_after=2021-01-01" in location
    assert "published_before=2022-12-31" in location
    assert "q=defectors" in location
    page = html(client.get(location))
    assert '<option value="kyodo-news" selected>' in page


def test_query_filters_apply_without_redirect_in_other_formats(client, archive):
    response = search(client, q="source:reuters defector*", format="json")
    assert titles(response) == ["Defector describes life in the north"]


def test_month_and_year_mean_the_whole_month_and_year(client, archive):
    assert set(titles(search(client, q="korea to:2022-12", format="json"))) == {
        "Japan and North Korea hold talks",
        "Defectors reach Seoul after crossing China",
    }
    assert titles(search(client, q="korea from:2022 to:2022", format="json")) == [
        "Japan and North Korea hold talks"
    ]


def test_entity_term_narrows_to_articles_mentioning_it(client, archive):
    response = search(client, q='entity:"North Korea" japan', format="json")
    assert set(titles(response)) == {
        "Japan and North Korea hold talks",
        "Defectors reach Seoul after crossing China",
    }


def test_title_term_looks_only_in_headlines(client, archive):
    assert titles(search(client, q="title:defector*", format="json")) == [
        "Defector describes life in the north",
        "Defectors reach Seoul after crossing China",
    ] or set(titles(search(client, q="title:defector*", format="json"))) == {
        "Defector describes life in the north",
        "Defectors reach Seoul after crossing China",
    }
    assert titles(search(client, q="title:tokyo", format="json")) == [
        "Tokyo shares close higher"
    ]


def test_page_says_how_the_query_was_read(client, archive):
    source = archive["talks"].source.slug
    page = html(
        search(
            client,
            q='"north korea" japan',
            source=source,
            published_after="2020-01-01",
            published_before="2022-12-31",
        )
    )
    assert (
        "Showing articles with the phrase &quot;north korea&quot; and japan, "
        "from Kyodo News, 2020–2022." in page
    )


def test_unknown_filter_values_are_explained_not_fatal(client, archive):
    page = html(search(client, q="source:nowhere to:2022-13 japan"))
    assert "No source matches ‘nowhere’; ignored." in page
    assert "‘to:2022-13’ is not a date" in page
    assert "2 stories match" in page


def test_words_that_matched_nothing_are_named(client, archive):
    page = html(search(client, q="japan xyzzy"))
    assert "‘xyzzy’ matched nothing in the archive." in page


def test_known_terms_agree_with_term_counts(archive):
    backend = get_search_backend()
    terms = ["defector", "japan", "xyzzi", "the"]
    counts = backend.term_counts(terms)
    assert backend.known_terms(terms) == {t for t in terms if counts[t]}
    assert backend.known_terms([]) == set()


def test_misspelt_word_gets_a_suggestion_with_its_hit_count(client, archive):
    page = html(search(client, q="defectros"))
    assert "Did you mean" in page
    assert ">defectors</a>? (2 articles)" in page


def test_common_words_are_reported_as_ignored(client, archive):
    page = html(search(client, q="the japan"))
    assert "‘the’ is too common and was ignored." in page


# --- results, snippets, facets ---


def test_newest_first_among_equal_matches(client, archive):
    ArticleFactory(title="Ferry news", body="x", published=datetime.date(2020, 1, 1))
    ArticleFactory(title="Ferry news", body="x", published=datetime.date(2024, 1, 1))
    response = search(client, q="ferry", format="json")
    dates = [a["published"] for a in json.loads(response.content)["results"]]
    assert dates == ["2024-01-01", "2020-01-01"]


def test_facets_count_the_current_results_and_narrow_them(client, archive):
    page = html(search(client, q="korea OR tokyo"))
    assert 'href="?q=korea+OR+tokyo&amp;source=kyodo-news"' in page
    assert 'North Korea</a> <span class="facet__count">2</span>' in page
    assert (
        'href="?q=korea+OR+tokyo&amp;published_after=2021-01-01&amp;published_before=2021-12-31"'
        in page
    )  # noqa: E501


def test_applied_filter_has_a_way_back(client, archive):
    page = html(search(client, q="korea", source="kyodo-news"))
    assert 'href="?q=korea"' in page


def test_timeline_is_drawn_as_svg(client, archive):
    page = html(search(client, q="korea OR tokyo OR defector"))
    assert '<svg viewBox="0 0 600 80"' in page
    assert (
        "<title>Mar 2021: 1 story</title>" in page
        or "<title>2021: 1 story</title>" in page
    )


def test_hits_in_a_single_period_get_a_sentence_not_a_block(client, archive):
    ArticleFactory(title="Undated harbour notice", published=None)
    ArticleFactory(title="Another undated harbour item", published=None)
    page = html(search(client, q="defectors OR harbour", published_after="2021-01-01"))
    # Only dated articles pass a date filter: one period, one story.
    assert '<svg viewBox="0 0 600' not in page  # no chart (a map may be drawn)
    assert "Published in Mar 2021 (1 story)." in page
    everything = html(search(client, q="seoul OR harbour"))
    assert '<svg viewBox="0 0 600' not in everything
    assert "Published in Mar 2021 (1 story). 2 of 3 stories have no date." in (
        " ".join(everything.split())
    )


class DateInputs(HTMLParser):
    def __init__(self, page):
        super().__init__()
        self.inputs = {}
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "date":
            self.inputs[attrs["name"]] = attrs


@pytest.mark.parametrize("bad", ["2024-13-45", "abc", "2024-02-30", "0-0-0", "<b>"])
def test_an_invalid_date_is_explained_and_not_echoed_into_the_field(
    client, archive, bad
):
    response = search(client, q="korea", published_after=bad, published_before=bad)
    assert response.status_code == 200
    page = html(response)
    fields = DateInputs(page).inputs
    assert "value" not in fields["published_after"]
    assert "value" not in fields["published_before"]
    assert page.count("Enter a valid date.") == 2
    assert response.context["page"].paginator.count == 2  # the query still applies
    # A valid date stays in its field, in the form the browser expects.
    good = DateInputs(html(search(client, q="korea", published_after="2021-03-04")))
    assert good.inputs["published_after"]["value"] == "2021-03-04"


def test_a_facet_over_its_time_budget_is_skipped_with_a_note(
    client, archive, monkeypatch
):
    backend = get_search_backend()
    real = backend.time_budget

    def tight(seconds):
        return real(0.0)

    monkeypatch.setattr(backend, "time_budget", tight)
    monkeypatch.setattr(facets_module, "top_entities_of", _slow_entities)
    page = html(search(client, q="korea"))
    assert "The entities of these results took too long to count" in page
    assert "2 stories match" in page


def _slow_entities(ids, facets):
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                "WHERE i < 50000000) SELECT count(*) FROM n"
            )
        else:
            cursor.execute("SELECT pg_sleep(2)")


# --- formats ---


def test_json_has_the_same_results_in_the_same_order(client, archive):
    data = json.loads(search(client, q="korea OR japan", format="json").content)
    assert data["count"] == 2
    assert data["reading"] == "korea or japan"
    assert [r["title"] for r in data["results"]] == [
        "Japan and North Korea hold talks",
        "Defectors reach Seoul after crossing China",
    ]
    assert data["results"][0]["snippet_html"].count("<mark>") >= 2


def test_csv_streams_every_result_and_defuses_formulas(client, archive):
    ArticleFactory(title="=HYPERLINK(1) korea", body="korea")
    response = search(client, q="korea", format="csv")
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["id", "title", "source"]
    assert len(rows) == 4
    assert "'=HYPERLINK(1) korea" in [r[1] for r in rows]


def test_json_lines_stream_every_result_in_the_page_s_order(client, archive):
    ArticleFactory.create_batch(
        3, title="Korea trade figures", body="Korea trade rose.", story=None
    )
    page = search(client, q="korea", format="json").json()
    response = search(client, q="korea", format="jsonl", versions="all")
    assert response.streaming
    assert response["Content-Type"].startswith("application/x-ndjson")
    lines = b"".join(response.streaming_content).decode().splitlines()
    documents = [json.loads(line) for line in lines]
    assert len(documents) == 5  # every result, not a page of them
    ranked = [d["id"] for d in documents]
    assert ranked[:2] == [r["id"] for r in page["results"]][:2]
    assert {d["title"] for d in documents} >= {"Korea trade figures"}


def test_ninjs_lines_are_each_a_valid_ninjs_document(client, archive):
    schema = FORMATS_DIR / "ninjs" / "schema" / "ninjs-schema_2.2.json"
    if not schema.is_file():
        pytest.skip(f"the IPTC's ninjs schema is not at {schema}")
    check = Draft202012Validator(
        json.loads(schema.read_text()),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    response = search(client, q="korea", format="ninjs-jsonl")
    lines = b"".join(response.streaming_content).decode().splitlines()
    items = [json.loads(line) for line in lines]
    assert len(items) == 2
    assert all(not list(check.iter_errors(item)) for item in items)
    assert {item["headlines"][0]["value"] for item in items} == {
        "Japan and North Korea hold talks",
        "Defectors reach Seoul after crossing China",
    }


def test_atom_feed_is_well_formed_and_follows_the_order(client, archive):
    response = search(client, q="korea", format="atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert entries == [
        "Japan and North Korea hold talks",
        "Defectors reach Seoul after crossing China",
    ]


def test_unknown_format_is_a_clear_400(client, archive):
    response = search(client, q="korea", format="xml")
    assert response.status_code == 400
    assert b"Unknown format" in response.content


def test_html_in_articles_is_escaped_in_every_format(client):
    ArticleFactory(title="<script>alert(1)</script> korea", body="<b>korea</b>")
    assert b"<script>alert" not in search(client, q="korea").content
    data = json.loads(search(client, q="korea", format="json").content)
    assert "&lt;b&gt;" in data["results"][0]["snippet_html"]
    assert b"<script>alert" not in search(client, q="korea", format="atom").content


# --- help page ---


def test_help_page_lists_every_example_with_how_it_is_read(client):
    page = html(client.get(reverse("articles:search-help")))
    for _, explanation in SEARCH_EXAMPLES:
        assert explanation in page
    assert "the phrase &quot;north korea&quot; in the headline" in page
    assert "defectors; source kyodo" in page


@pytest.mark.parametrize(("text", "explanation"), SEARCH_EXAMPLES)
def test_every_help_example_runs(client, archive, text, explanation):
    response = client.get(reverse("articles:search"), {"q": text}, follow=True)
    assert response.status_code == 200
    assert "query-explanation" in html(response)


# --- hostile input ---

QUERY_ALPHABET = st.characters(
    blacklist_categories=("Cs",), blacklist_characters="\x00"
)
QUERY_PARTS = st.sampled_from(
    [
        '"',
        "(",
        ")",
        "-",
        "*",
        ":",
        "OR",
        "AND",
        "NOT",
        "title:",
        "source:",
        "entity:",
        "from:",
        "to:",
        "korea",
        "japan",
        " ",
        "\t",
        "\x01",
        "é",
        "東京",
        "'",
        "\\",
        "%",
        "_",
    ]
)


@settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.one_of(
        st.text(QUERY_ALPHABET, max_size=60),
        st.lists(QUERY_PARTS, max_size=12).map("".join),
        st.text(QUERY_ALPHABET, min_size=400, max_size=700),
    )
)
def test_generated_queries_never_break_the_page(client, archive, text):
    response = client.get(reverse("articles:search"), {"q": text}, follow=True)
    assert response.status_code == 200
    page = html(response)
    assert 'class="results__count"' in page
    assert "query-explanation" in page or not text.strip()
