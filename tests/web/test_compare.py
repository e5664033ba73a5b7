"""/compare/: queries' stories per month or year, counted in the database,
as a chart, a table, CSV and JSON; its limits, its filters and its link from
the search page."""

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.comparison import (
    Comparison,
    Period,
    Series,
    chart_of,
    nice_steps,
    percent,
)
from articles.facets import periods
from articles.models import Story
from articles.search import get_search_backend
from articles.templatetags.compare import marker
from articles.withdrawal import withdraw
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory
from tests.search import HOSTILE_QUERIES

pytestmark = pytest.mark.django_db

STATE = 1  # the archive's state, read for every public page's validators
# What generated queries are made of: the language's operators and fields.
PIECES = ["OR", "NOT", "title:", "source:", "entity:", "from:", "to:", "harbour"]


def compare(client, *queries, headers=None, **params):
    return client.get(
        reverse("articles:compare"), {"q": list(queries), **params}, headers=headers
    )


def as_json(response):
    assert response.status_code == 200, response.content[:500]
    return json.loads(response.content)


def counts(data, number=0):
    """{period: stories} of the query `number` in a JSON comparison."""
    return {p["period"]: p["stories"] for p in data["queries"][number]["points"]}


def shares(data, number=0):
    return {p["period"]: p["share"] for p in data["queries"][number]["points"]}


def svg_of(response):
    """The page's chart, parsed as XML."""
    found = re.search(r'<svg class="compare-chart__svg".*?</svg>', html(response), re.S)
    assert found, "no chart on the page"
    return ET.fromstring(found.group())


def html(response):
    return response.content.decode()


def day(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def archive():
    """Eight stories over four months of 2024, from two wires:

    Jan: the ferry strike (two versions, one story; harbour, ferry), markets
    Feb: harbour dredging, ferry fares, election
    Mar: weather (and a harbour story, withdrawn)
    Apr: harbour ferry timetable
    no date: a harbour notice
    """
    north = SourceFactory(name="North Wire")
    south = SourceFactory(name="South Wire")
    strike = Story.objects.create()
    made = {}
    for key, title, body, source, published, story in [
        (
            "strike",
            "Harbour ferry strike",
            "Ferry crews strike.",
            north,
            "2024-01-05",
            strike,
        ),
        (
            "strike2",
            "UPDATE 1-Harbour ferry strike",
            "Ferry crews strike on.",
            north,
            "2024-01-06",
            strike,
        ),
        ("markets", "Markets rally", "Shares rose.", south, "2024-01-20", None),
        (
            "dredging",
            "Harbour dredging begins",
            "Dredgers arrived.",
            south,
            "2024-02-02",
            None,
        ),
        ("fares", "Ferry fares rise", "Tickets cost more.", north, "2024-02-10", None),
        (
            "election",
            "Election results",
            "Votes were counted.",
            north,
            "2024-02-28",
            None,
        ),
        ("weather", "Storm warning", "Winds will rise.", south, "2024-03-03", None),
        ("master", "Harbour master named", "A new master.", north, "2024-03-09", None),
        (
            "timetable",
            "Harbour ferry timetable",
            "New sailings.",
            north,
            "2024-04-01",
            None,
        ),
        ("notice", "Harbour notice", "An undated notice.", south, None, None),
    ]:
        made[key] = ArticleFactory(
            title=title,
            body=body,
            source=source,
            published=day(published) if published else None,
            story=story,
        )
    withdraw([made["master"]], "A legal complaint.")
    get_search_backend().refresh_vocabulary()
    return made


# --- counts and shares ---


def test_stories_and_shares_per_month(client, archive):
    data = as_json(compare(client, "harbour", "ferry", format="json"))
    assert data["by"] == "month"
    assert [p["period"] for p in data["periods"]] == [
        "2024-01",
        "2024-02",
        "2024-03",
        "2024-04",
    ]
    # Every story of each month, withdrawn ones left out.
    assert [p["stories"] for p in data["periods"]] == [2, 3, 1, 1]
    assert counts(data, 0) == {"2024-01": 1, "2024-02": 1, "2024-03": 0, "2024-04": 1}
    assert shares(data, 0) == {
        "2024-01": 50.0,
        "2024-02": 33.3333,
        "2024-03": 0.0,
        "2024-04": 100.0,
    }
    assert counts(data, 1) == {"2024-01": 1, "2024-02": 1, "2024-03": 0, "2024-04": 1}
    assert [q["query"] for q in data["queries"]] == ["harbour", "ferry"]


def test_the_versions_of_one_story_count_once(client, archive):
    data = as_json(compare(client, "strike", format="json"))
    assert counts(data)["2024-01"] == 1
    assert data["queries"][0]["stories"] == 1
    # Two articles match; the search page says one story, as this does.
    page = html(client.get(reverse("articles:search"), {"q": "strike"}))
    assert "1 story match" in page


def test_withdrawn_articles_count_nowhere(client, archive):
    data = as_json(compare(client, "master", format="json"))
    assert counts(data) == {"2024-01": 0, "2024-02": 0, "2024-03": 0, "2024-04": 0}
    assert data["periods"][2]["stories"] == 1  # the weather alone
    assert data["stories"] == 8


def test_undated_stories_are_counted_apart_and_said(client, archive):
    data = as_json(compare(client, "harbour", format="json"))
    assert data["undated_stories"] == 1
    assert data["queries"][0]["undated_stories"] == 1
    assert data["queries"][0]["stories"] == 4  # three dated, one not
    page = " ".join(html(compare(client, "harbour")).split())
    assert "4 stories, 1 of them without a date" in page
    assert "1 of the 8 stories has no date and is left out" in page


@pytest.mark.django_db
def test_an_archive_without_dates_says_there_is_nothing_to_chart(client):
    ArticleFactory(title="Harbour notice", body="Closed.", published=None)
    ArticleFactory(title="Ferry notice", body="Cancelled.", published=None)
    page = " ".join(html(compare(client, "harbour")).split())
    assert "No story has a date (2 in all), so there is nothing to count" in page
    assert '<figure class="compare-chart">' not in page
    assert "1 story, 1 of them without a date" in page
    data = as_json(compare(client, "harbour", format="json"))
    assert data["periods"] == [] and data["queries"][0]["undated_stories"] == 1
    assert compare(client, "harbour", format="csv").content.decode().count("\n") == 1
    page = html(compare(client, "harbour", published_after="2024-01-01"))
    assert "No story matches these filters." in page


def test_a_query_of_filters_alone_counts_all_their_stories(client, archive):
    data = as_json(compare(client, "source:south", format="json"))
    assert counts(data) == {"2024-01": 1, "2024-02": 1, "2024-03": 1, "2024-04": 0}


def test_by_year_and_the_default_for_a_long_span(client, archive):
    data = as_json(compare(client, "harbour", by="year", format="json"))
    assert data["by"] == "year"
    assert counts(data) == {"2024": 3}
    assert data["periods"][0]["stories"] == 7
    ArticleFactory(title="Harbour history", published=datetime.date(2018, 6, 1))
    data = as_json(compare(client, "harbour", format="json"))
    assert data["by"] == "year"  # over 48 months
    assert [p["period"] for p in data["periods"]] == [str(y) for y in range(2018, 2025)]
    assert counts(data)["2018"] == 1 and counts(data)["2019"] == 0


def test_by_month_over_too_long_a_span_is_by_year_with_a_note(client, archive):
    ArticleFactory(title="Harbour history", published=datetime.date(2010, 6, 1))
    data = as_json(compare(client, "harbour", by="month", format="json"))
    assert data["by"] == "year"
    assert "Narrow the dates to count by month." in data["notes"][0]
    page = html(compare(client, "harbour", by="month"))
    assert "too many to count by month" in page


def test_a_story_sent_over_two_months_counts_in_each(client, archive):
    strike = archive["strike2"]
    strike.published = datetime.date(2024, 2, 1)
    strike.save()
    data = as_json(compare(client, "strike", format="json"))
    assert counts(data) == {"2024-01": 1, "2024-02": 1, "2024-03": 0, "2024-04": 0}
    assert data["queries"][0]["stories"] == 1


# --- the form's filters apply to every query and to all stories ---


def test_filters_apply_to_every_query_and_to_all_stories(client, archive):
    data = as_json(
        compare(client, "harbour", "ferry", source="north-wire", format="json")
    )
    assert data["filters"] == {"source": "north-wire"}
    # North Wire: the strike (Jan), fares and election (Feb), timetable (Apr).
    assert [(p["period"], p["stories"]) for p in data["periods"]] == [
        ("2024-01", 1),
        ("2024-02", 2),
        ("2024-03", 0),
        ("2024-04", 1),
    ]
    assert counts(data, 0) == {"2024-01": 1, "2024-02": 0, "2024-03": 0, "2024-04": 1}
    assert shares(data, 0)["2024-03"] is None  # no story that month at all
    assert counts(data, 1) == {"2024-01": 1, "2024-02": 1, "2024-03": 0, "2024-04": 1}


def test_dates_narrow_the_periods_and_their_links(client, archive):
    data = as_json(
        compare(
            client,
            "harbour",
            published_after="2024-02-05",
            published_before="2024-03-31",
            format="json",
        )
    )
    assert [p["period"] for p in data["periods"]] == ["2024-02", "2024-03"]
    assert [p["stories"] for p in data["periods"]] == [2, 1]  # from 5 February
    search = data["queries"][0]["points"][0]["search"]
    assert "published_after=2024-02-05" in search
    assert "published_before=2024-02-29" in search


def test_an_entity_filter_applies_to_every_query(client, archive):
    port = EntityFactory(name="Portvik")
    for key in ("strike", "dredging", "weather"):
        MentionFactory(article=archive[key], entity=port)
    data = as_json(compare(client, "harbour", entity=port.slug, format="json"))
    assert [p["stories"] for p in data["periods"]] == [1, 1, 1]
    assert counts(data) == {"2024-01": 1, "2024-02": 1, "2024-03": 0}
    assert f"entity={port.slug}" in data["queries"][0]["points"][0]["search"]


# --- the page: chart, legend, table ---


def test_the_chart_has_a_line_per_query_and_a_link_per_point(client, archive):
    response = compare(client, "harbour", "ferry")
    assert response.status_code == 200
    svg = svg_of(response)
    groups = svg.findall("g")
    assert [g.get("class") for g in groups] == [
        "compare-series--1",
        "compare-series--2",
    ]
    for group in groups:
        line = group.find("path[@class='compare-chart__line']")
        assert line.get("d").startswith("M") and line.get("d").count("L") == 3
        links = group.findall("a")
        assert len(links) == 4  # a point a month
        for link in links:
            assert link.get("href").startswith("/search/?q=")
            assert link.find("title").text
            assert link.find("*[@class='compare-chart__marker']") is not None
    # Axes with their labels: shares up to 100%, the months, what is shown.
    labels = [t.text for t in svg.iter("text")]
    assert "100%" in labels and "0%" in labels
    assert "Jan 2024" in labels and "Apr 2024" in labels
    assert "Share of all stories" in labels and "Month" in labels


def test_each_point_leads_to_the_search_for_its_period(client, archive):
    svg = svg_of(compare(client, "harbour"))
    link = svg.find("g/a")
    assert link.find("title").text == "harbour, Jan 2024: 1 story, 50.0% of 2"
    href = link.get("href")
    assert "published_after=2024-01-01" in href
    assert "published_before=2024-01-31" in href
    found = as_json(client.get(href + "&format=json"))
    assert found["count"] == 1
    assert {a["story"] for a in found["results"]} == {archive["strike"].story_id}


def test_counts_can_be_charted_instead_of_shares(client, archive):
    svg = svg_of(compare(client, "harbour", show="count"))
    labels = [t.text for t in svg.iter("text")]
    assert "Stories" in labels and "1" in labels and "%" not in "".join(labels)


def test_the_table_has_the_counts_shares_and_links(client, archive):
    page = html(compare(client, "harbour", "ferry"))
    assert '<caption id="compare-table-caption">' in page
    assert '<th scope="colgroup" colspan="2"' in page
    assert '<th scope="row">Feb 2024</th>' in page
    row = re.search(r'<tr><th scope="row">Feb 2024</th>.*?</tr>', page).group()
    assert '>1</a></td><td class="num">33.3%</td>' in row
    assert row.endswith('<td class="num">3</td></tr>')
    assert '<th scope="row">No date</th>' in page


def test_colours_are_not_the_only_difference_between_lines(client, archive):
    svg = svg_of(compare(client, "harbour", "ferry", "strike", "fares", "dredging"))
    assert len(svg.findall("g")) == 5
    # Each line's marker has a shape of its own (drawn at one spot to compare).
    assert len({str(marker(number, 10, 10, 4)) for number in range(1, 6)}) == 5
    assert {ET.fromstring(str(marker(n, 10, 10, 4))).tag for n in range(1, 6)} == {
        "circle",
        "rect",
        "path",
    }
    # And dashes of its own.
    css = (Path(__file__).parents[2] / "static" / "css" / "newsroom.css").read_text()
    dashes = re.findall(
        r"\.compare-series--\d \{ --series: [^;]+; --dash: ([^;]+);", css
    )
    assert len(set(dashes)) == 5


def test_html_in_a_query_is_escaped_everywhere(client, archive):
    query = '<script>alert("x")</script> harbour'
    response = compare(client, query)
    page = html(response)
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    svg = svg_of(response)  # still well-formed
    assert '<script>alert("x")</script> harbour' in svg.find("g/a/title").text
    data = as_json(compare(client, query, format="json"))
    assert data["queries"][0]["query"] == query


def test_the_form_keeps_the_queries_and_filters(client, archive):
    page = html(
        compare(
            client, "harbour", "ferry", source="north-wire", by="year", show="count"
        )
    )
    assert 'name="q" value="harbour"' in page and 'name="q" value="ferry"' in page
    assert page.count('id="compare-q') == 5
    assert '<option value="north-wire" selected>' in page
    assert '<option value="year" selected>' in page
    assert '<option value="count" selected>' in page


def test_the_page_without_queries_is_the_form(client, archive):
    response = compare(client)
    assert response.status_code == 200
    page = html(response)
    assert page.count('id="compare-q') == 5 and "compare-chart" not in page


# --- exports ---


def test_csv_has_a_row_per_query_and_period(client, archive):
    response = compare(client, "harbour", "-ferry harbour", format="csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 8
    first = rows[0]
    assert first["query"] == "harbour" and first["period"] == "2024-01"
    assert (first["start"], first["end"]) == ("2024-01-01", "2024-01-31")
    assert (first["stories"], first["all_stories"], first["share"]) == (
        "1",
        "2",
        "50.0",
    )
    assert first["search"].startswith("http://testserver/search/?q=harbour")
    # A query starting like a formula is kept from spreadsheets' formulas.
    assert rows[4]["query"] == "'-ferry harbour"
    assert [r["stories"] for r in rows[4:]] == ["0", "1", "0", "0"]


def test_json_has_the_periods_and_how_each_query_was_read(client, archive):
    data = as_json(compare(client, '"ferry strike"', format="json"))
    assert data["periods"][0] == {
        "period": "2024-01",
        "label": "Jan 2024",
        "start": "2024-01-01",
        "end": "2024-01-31",
        "stories": 2,
    }
    assert data["queries"][0]["reading"] == 'the phrase "ferry strike"'
    assert data["queries"][0]["points"][0]["search"].startswith("http://testserver/")


# --- bad input: a clear 400, never a 500 ---


def test_more_than_five_queries_is_refused(client, archive):
    response = compare(client, *"abcdef")
    assert response.status_code == 400
    assert "Up to 5 queries can be compared at a time; 6 were given." in html(response)
    response = compare(client, *"abcdef", format="json")
    assert response.status_code == 400
    assert "6 were given" in json.loads(response.content)["errors"][0]
    assert compare(client, *"abcde", "", " ", format="json").status_code == 200


def test_an_overlong_query_is_refused(client, archive):
    response = compare(client, "harbour", "x" * 10_000)
    assert response.status_code == 400
    assert "Query 2 is 10,000 characters long; a query may be 500 at most." in html(
        response
    )
    assert compare(client, "x" * 10_000, format="csv").status_code == 400
    assert compare(client, "harbour " * 62, format="json").status_code == 200


@pytest.mark.parametrize(
    "params, message",
    [
        ({"format": "xml"}, "Unknown format; use one of: html, csv, json."),
        ({"by": "week"}, "Count by month or year (by=month|year)."),
        ({"show": "pie"}, "Chart a share or a count (show=share|count)."),
        ({"source": "nowhere"}, "There is no source with that name."),
        ({"published_after": "2024-13-45"}, "Enter a valid date."),
        (
            {"published_after": "2024-05-01", "published_before": "2024-01-01"},
            "The end date is before the start date.",
        ),
    ],
)
def test_bad_parameters_are_refused_saying_why(client, archive, params, message):
    response = compare(client, "harbour", **params)
    assert response.status_code == 400
    assert message in html(response)


def test_exports_need_a_query(client, archive):
    response = compare(client, format="json")
    assert response.status_code == 400
    assert json.loads(response.content) == {
        "errors": ["Give at least one query to compare: ?q=..."]
    }


@pytest.mark.parametrize(
    "query",
    [
        *HOSTILE_QUERIES,
        "from:abc",
        "to:2024-13",
        "source:nowhere",
        "entity:",
        "the",
        "<b>harbour</b>",
    ],
)
def test_malformed_queries_never_fail(client, archive, query):
    expected = 400 if len(query.strip()) > 500 else 200
    for output in ("html", "json", "csv"):
        response = compare(client, query, "harbour", format=output)
        assert response.status_code == expected, (query, output)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.one_of(st.sampled_from(PIECES), st.text('"()-*:_ 0x\x01é東', max_size=8)),
        max_size=10,
    ).map("".join)
)
def test_generated_queries_never_break_the_page(client, archive, text):
    response = compare(client, text, "harbour", format="json")
    assert response.status_code == 200, text


def test_a_query_with_nothing_to_search_for_says_so(client, archive):
    data = as_json(compare(client, "the", format="json"))
    assert data["queries"][0]["stories"] == 0
    assert "nothing left to search for" in " ".join(data["queries"][0]["notes"])


# --- caching, statements, the search page's link ---


def test_validators_and_304_as_on_other_pages(
    client, archive, django_assert_num_queries
):
    response = compare(client, "harbour", "ferry")
    assert response["ETag"] and "public" in response["Cache-Control"]
    with django_assert_num_queries(STATE):
        again = compare(
            client, "harbour", "ferry", headers={"If-None-Match": response["ETag"]}
        )
    assert again.status_code == 304
    assert not compare(client, "x" * 600).has_header("ETag")


def test_one_statement_per_query_and_all_stories_once_per_state(
    client, archive, django_assert_num_queries
):
    # The span and all the stories per month, then a statement per query.
    with django_assert_num_queries(STATE + 2 + 3):
        compare(client, "harbour", "ferry", "strike", format="json")
    with django_assert_num_queries(STATE + 3):
        compare(client, "harbour", "ferry", "strike", format="json")
    # The page itself needs the sources for its form, once.
    with django_assert_num_queries(STATE + 2 + 1):
        compare(client, "harbour", "ferry")


def test_the_search_page_links_to_a_comparison_of_its_query(client, archive):
    page = html(
        client.get(
            reverse("articles:search"),
            {"q": "harbour", "source": "north-wire", "sort": "oldest", "page": "1"},
        )
    )
    assert (
        '<a href="/compare/?q=harbour&amp;source=north-wire">Compare with…</a>' in page
    )
    form = html(client.get("/compare/?q=harbour&source=north-wire"))
    assert 'name="q" value="harbour"' in form


# --- the chart's scale ---


def test_scale_steps_are_round_numbers():
    assert nice_steps(7, whole=True) == [0, 2, 4, 6, 8]
    assert nice_steps(1, whole=True) == [0, 1]
    assert nice_steps(0, whole=True) == [0, 1]
    assert nice_steps(33.3, whole=False) == [0, 10, 20, 30, 40]
    assert nice_steps(1.2, whole=False) == [0, 0.25, 0.5, 0.75, 1.0, 1.25]
    assert nice_steps(100, whole=False) == [0, 20, 40, 60, 80, 100]


def test_percentages_read_plainly():
    assert percent(50.0) == "50.0%"
    assert percent(100 / 3) == "33.3%"
    assert percent(0.04) == "<0.1%"
    assert percent(0) == "0.0%"
    assert percent(None) == "–"


def test_periods_are_named_at_round_steps():
    _, starts, labels = periods(day("2006-10-01"), day("2013-11-30"), "month")
    found = [
        Period(f"{start:%Y-%m}", label, start, start, 10)
        for start, label in zip(starts, labels, strict=False)
    ]
    series = Series("oil", None, [1] * len(found), ["/"] * len(found), 0, 1)
    chart = chart_of(Comparison("month", found, [series], 0, 1), "share")
    assert [label for _, label, _ in chart.x_ticks] == [
        f"Jan {year}" for year in range(2007, 2014)
    ]
    # A narrow screen names every other one.
    assert [minor for _, _, minor in chart.x_ticks][:3] == [False, True, False]
