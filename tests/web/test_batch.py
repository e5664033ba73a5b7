"""/batch/: many names or queries at once, each counted in stories as its
search page counts them, with its first and last date; pasted or uploaded,
sorted, as CSV; its limits, its time budget, CSRF and caching."""

import csv
import datetime
import io
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import batch
from articles.models import Story
from articles.search import get_search_backend
from articles.withdrawal import withdraw
from tests.factories import ArticleFactory, SourceFactory
from tests.search import HOSTILE_QUERIES
from tests.security import SCRIPT

pytestmark = pytest.mark.django_db

URL = "/batch/"


def run(client, *lines, headers=None, **params):
    """POST the lines, one per line, with `params` beside them."""
    return client.post(URL, {"lines": "\n".join(lines), **params}, headers=headers)


def rows_of(response) -> list[dict]:
    """The results table's rows, as the page shows them, in its order."""
    assert response.status_code == 200, response.content[:1000]
    found = []
    for row in re.findall(
        r"<tr[^>]*>\s*<td class=\"num\">.*?</tr>", html(response), re.S
    ):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        found.append(
            {
                "line": int(cells[0]),
                "query": unescape(re.sub(r"<[^>]+>", "", cells[1])),
                "link": unescape(re.search(r'href="([^"]+)"', cells[1]).group(1)),
                "stories": re.sub(r"<[^>]+>", "", cells[2]).strip(),
                "first": re.sub(r"<[^>]+>", "", cells[3]),
                "last": re.sub(r"<[^>]+>", "", cells[4]),
                "notes": unescape(cells[5].strip()),
            }
        )
    return found


def csv_of(response) -> list[dict]:
    assert response.status_code == 200, response.content[:1000]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def html(response):
    return response.content.decode()


def words(response):
    return " ".join(html(response).split())


def search_count(client, link):
    """The story count the search page at `link` shows."""
    response = client.get(link, follow=True)
    assert response.status_code == 200
    return response.context["page"].paginator.count


def story(title, published=None, wire="North Wire", **fields):
    """An article of `wire` with `title`, published on the ISO date given."""
    return ArticleFactory(
        title=title,
        body=f"{title}: the whole story.",
        source=SourceFactory(name=wire),
        published=datetime.date.fromisoformat(published) if published else None,
        **fields,
    )


@pytest.fixture
def archive():
    """Stories of two wires, one of them in two versions, one undated, one
    withdrawn (the earliest harbour article, so that it would show)."""
    strike = Story.objects.create()
    master = story("Harbour master named", "2023-12-01")
    made = {
        "strike": story("Harbour ferry strike", "2024-01-05", story=strike),
        "update": story("UPDATE 1-Harbour ferry strike", "2024-01-06", story=strike),
        "dredging": story("Harbour dredging begins", "2024-02-02", "South Wire"),
        "fares": story("Ferry fares rise", "2024-02-10"),
        "kim": story("Kim Jong Un visits the port", "2024-03-03", "South Wire"),
        "un": story("Kim said Jong plan went to the UN", "2024-03-04"),
        "timetable": story("Harbour timetable", "2024-04-01"),
        "notice": story("Harbour notice", wire="South Wire"),
    }
    withdraw([master], "A legal complaint.")
    get_search_backend().refresh_vocabulary()
    return made


# --- counts and dates ---


LINES = [
    "harbour",
    "ferry",
    "strike",
    '"ferry strike"',
    "harbour -ferry",
    "dredg*",
    "title:harbour",
    "source:south harbour",
    "from:2024-02 harbour",
    "harbour OR fares",
    "source:north",
    "master",
    "the",
    "zeppelin",
]


def test_each_line_counts_the_stories_its_search_page_counts(client, archive):
    rows = rows_of(run(client, *LINES))
    assert [row["query"] for row in rows] == LINES
    for row in rows:
        assert int(row["stories"]) == search_count(client, row["link"]), row
    stories = {row["query"]: int(row["stories"]) for row in rows}
    # Two versions of one story count once; withdrawn articles nowhere.
    assert stories["strike"] == 1
    assert stories["harbour"] == 4
    assert stories["master"] == 0
    assert stories["source:north"] == 4
    assert stories["the"] == stories["zeppelin"] == 0


def test_the_filters_for_every_line_apply_to_each_and_to_its_link(client, archive):
    params = {"source": "north-wire", "published_after": "2024-01-06"}
    rows = rows_of(run(client, "harbour", "ferry", **params))
    assert [int(row["stories"]) for row in rows] == [2, 2]
    for row in rows:
        assert "source=north-wire" in row["link"]
        assert "published_after=2024-01-06" in row["link"]
        assert int(row["stories"]) == search_count(client, row["link"])


def test_first_and_last_dates_of_the_dated_stories(client, archive):
    rows = rows_of(run(client, "harbour", "notice", "zeppelin"))
    # Not the withdrawn master of 2023, nor the undated notice.
    assert (rows[0]["first"], rows[0]["last"]) == ("5 Jan 2024", "1 Apr 2024")
    assert 'datetime="2024-01-05"' in html(run(client, "harbour"))
    assert (rows[1]["stories"], rows[1]["first"], rows[1]["last"]) == ("1", "–", "–")
    assert (rows[2]["stories"], rows[2]["first"]) == ("0", "–")


def test_one_counting_statement_per_line(client, archive):
    with CaptureQueriesContext(connection) as captured:
        assert len(rows_of(run(client, "harbour", "ferry", "strike"))) == 3
    counting = [q for q in captured if "COUNT(DISTINCT COALESCE" in q["sql"]]
    assert len(counting) == 3
    assert all("MIN(" in q["sql"] and "MAX(" in q["sql"] for q in counting)


def test_names_can_be_searched_as_phrases(client, archive):
    loose = rows_of(run(client, "Kim Jong Un"))
    assert loose[0]["stories"] == "2"
    exact = rows_of(run(client, "Kim Jong Un", 'say "hello"', phrases="on"))
    assert exact[0]["stories"] == "1"
    assert "q=%22Kim+Jong+Un%22" in exact[0]["link"]
    assert int(exact[0]["stories"]) == search_count(client, exact[0]["link"])
    assert exact[1]["query"] == 'say "hello"'  # as typed; searched as one phrase


def test_blank_and_repeated_lines_are_skipped_and_said(client, archive):
    response = run(client, "harbour", "", "  ", "ferry", "HARBOUR", " harbour ", "x")
    rows = rows_of(response)
    assert [(row["line"], row["query"]) for row in rows] == [
        (1, "harbour"),
        (4, "ferry"),
        (7, "x"),
    ]
    page = words(response)
    assert "2 blank lines skipped." in page
    assert "Skipped as repeated: line 5 (as line 1) and line 6 (as line 1)." in page
    assert "3 lines searched" in page


# --- sorting ---


def test_sorting_by_each_column_and_back(client, archive):
    lines = ["fares", "harbour", "zeppelin", "strike", "notice"]

    def order(sort):
        return [row["query"] for row in rows_of(run(client, *lines, sort=sort))]

    assert order("line") == lines
    assert order("-line") == lines[::-1]
    # Most first; ties in line order.
    assert order("-count") == ["harbour", "fares", "strike", "notice", "zeppelin"]
    assert order("count") == ["zeppelin", "fares", "strike", "notice", "harbour"]
    # Lines with no dated story last, whichever the direction.
    assert order("first") == ["harbour", "strike", "fares", "zeppelin", "notice"]
    assert order("-last") == ["harbour", "fares", "strike", "zeppelin", "notice"]
    assert order("last") == ["strike", "fares", "harbour", "zeppelin", "notice"]


def test_the_headings_are_buttons_that_sort_and_say_how(client, archive):
    page = html(run(client, "harbour", "ferry", sort="-count"))
    heading = re.search(
        r'<th scope="col" class="num" aria-sort="descending">(.*?)</th>', page, re.S
    )
    assert 'name="sort" value="count"' in heading.group(1)  # again: the other way
    assert page.count("aria-sort=") == 1
    assert 'form="batch-form" name="sort" value="line"' in page
    assert 'form="batch-form" name="sort" value="first"' in page
    assert 'form="batch-form" name="sort" value="-last"' in page
    # The order asked for rides along with the form, for the CSV too.
    assert '<input type="hidden" name="sorted" value="-count">' in page
    rows = csv_of(run(client, "ferry", "harbour", sorted="-count", format="csv"))
    assert [row["query"] for row in rows] == ["harbour", "ferry"]


def test_an_unknown_sort_or_format_is_a_400(client, archive):
    assert run(client, "harbour", sort="size").status_code == 400
    response = run(client, "harbour", format="xlsx")
    assert response.status_code == 400
    assert b"format=html|csv" in response.content


# --- CSV ---


def test_csv_has_a_row_per_line(client, archive):
    response = run(client, "harbour", "-ferry harbour", "master", format="csv")
    assert (
        'attachment; filename="newsroom-batch.csv"' == response["Content-Disposition"]
    )
    rows = csv_of(response)
    assert list(rows[0]) == batch.CSV_COLUMNS
    assert rows[0] == {
        "line": "1",
        "query": "harbour",
        "stories": "4",
        "first": "2024-01-05",
        "last": "2024-04-01",
        "status": "done",
        "notes": "",
        "search": "http://testserver/search/?q=harbour",
    }
    # A query starting like a formula is kept from spreadsheets' formulas.
    assert rows[1]["query"] == "'-ferry harbour"
    assert rows[2]["stories"] == "0"


# --- files ---


def test_a_text_file_is_read_a_line_at_a_time(client, archive):
    upload = SimpleUploadedFile(
        "names.txt", "\ufeffharbour\r\nferry, fares\r\n\r\nstrike\r\n".encode()
    )
    response = client.post(URL, {"file": upload, "lines": "ignored"})
    rows = rows_of(response)
    assert [(row["line"], row["query"]) for row in rows] == [
        (1, "harbour"),
        (2, "ferry, fares"),
        (4, "strike"),
    ]
    # The box shows what was read, to sort or run again without the file.
    assert "harbour\nferry, fares\n\nstrike</textarea>" in html(response)


def test_a_csv_file_is_read_by_its_first_column(client, archive):
    text = 'name;country\n"Kim Jong Un";KP\n"ferry\nstrike";x\nharbour;NL\n'
    upload = SimpleUploadedFile("names.csv", text.encode(), content_type="text/csv")
    rows = rows_of(client.post(URL, {"file": upload, "header": "on"}))
    assert [row["query"] for row in rows] == ["Kim Jong Un", "ferry strike", "harbour"]
    assert [row["line"] for row in rows] == [1, 2, 3]
    comma = SimpleUploadedFile("names.csv", b'"Jong, Kim",2\nfares,1\n')
    rows = rows_of(client.post(URL, {"file": comma}))
    assert [row["query"] for row in rows] == ["Jong, Kim", "fares"]


def test_a_file_that_is_not_utf8_is_refused_saying_why(client, archive):
    upload = SimpleUploadedFile("names.txt", "Zürich\nMünchen\n".encode("latin-1"))
    response = client.post(URL, {"file": upload})
    assert response.status_code == 400
    assert "The file names.txt is not UTF-8 text (its byte 2, 0xfc" in words(response)
    utf16 = SimpleUploadedFile("names.txt", "harbour\n".encode("utf-16-le"))
    response = client.post(URL, {"file": utf16})
    assert response.status_code == 400
    assert "or it is UTF-16" in words(response)
    empty = SimpleUploadedFile("names.txt", b"")
    assert client.post(URL, {"file": empty}).status_code == 400


def test_an_oversize_file_is_refused(client, archive):
    big = SimpleUploadedFile(
        "names.txt", b"harbour\n" * (batch.MAX_FILE_BYTES // 8 + 1)
    )
    response = client.post(URL, {"file": big})
    assert response.status_code == 413
    assert "a file may be 1.0 MB at most" in words(response)


def test_an_oversize_request_is_refused_before_its_body_is_read(client, archive):
    body = b"x" * (batch.MAX_REQUEST_BYTES + 1)
    response = client.post(URL, body, content_type="application/octet-stream")
    assert response.status_code == 413
    assert "This batch is 2.5 MB; a batch may be 2.5 MB at most" in words(response)


def test_a_content_length_that_is_no_number_is_a_400(client, archive):
    response = client.post(
        URL, b"lines=harbour", content_type="text/plain", CONTENT_LENGTH="many"
    )
    assert response.status_code == 400


# --- limits and bad input: a clear 4xx, never a 500 ---


def test_up_to_500_lines_run_and_501_are_refused(client, archive):
    lines = [f"harbour{n}" for n in range(500)]
    assert len(rows_of(run(client, *lines))) == 500
    response = run(client, *lines, "one more")
    assert response.status_code == 400
    assert "This batch has 501 lines to search" in words(response)
    assert "a batch takes 500 at most" in words(response)
    assert "<tbody>" not in html(response)


def test_5000_lines_are_refused_saying_how_many(client, archive):
    response = run(client, *(f"name {n}" for n in range(5000)))
    assert response.status_code == 400
    assert "This batch has 5,000 lines to search" in words(response)


def test_a_line_of_10000_characters_is_refused(client, archive):
    response = run(client, "harbour", "x" * 10_000)
    assert response.status_code == 400
    assert "Line 2 is 10,000 characters long; a line may be 500 at most" in words(
        response
    )
    assert len(rows_of(run(client, "harbour " * 62))) == 1


def test_a_nul_character_is_refused(client, archive):
    response = run(client, "harbour", "a\x00b")
    assert response.status_code == 400
    assert "NUL character" in words(response)


def test_nothing_to_search_is_refused(client, archive):
    response = run(client, "", "  ")
    assert response.status_code == 400
    assert "Give at least one name or query" in words(response)


def test_bad_filters_are_refused_saying_each_why(client, archive):
    response = run(client, "harbour", source="nowhere", published_after="2024-13-45")
    assert response.status_code == 400
    assert "Source: There is no source with that name." in words(response)
    assert "From: Enter a valid date." in words(response)
    reversed_dates = run(
        client, "harbour", published_after="2024-05-01", published_before="2024-01-01"
    )
    assert reversed_dates.status_code == 400
    assert "The end date is before the start date." in words(reversed_dates)


def test_malformed_lines_never_fail_and_say_so_on_their_row(client, archive):
    lines = [
        q
        for q in [
            *HOSTILE_QUERIES,
            "from:abc",
            "to:2024-13",
            "source:nowhere",
            "entity:",
        ]
        if "\x00" not in q and len(q) <= batch.MAX_LINE_LENGTH
    ]
    response = run(client, *lines)
    rows = rows_of(response)
    assert len(rows) == len(
        {" ".join(q.split()).casefold() for q in lines if q.strip()}
    )
    notes = {row["query"]: row["notes"] for row in rows}
    assert "unmatched" in notes['"unclosed phrase']
    assert "No source matches" in notes["source:nowhere"]
    assert "is not a date" in notes["from:abc"]


def test_html_in_a_line_is_escaped(client, archive):
    page = html(run(client, SCRIPT, f"harbour {SCRIPT}"))
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- the time budget ---


SLOW = {
    "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
    "WHERE x < 1000000000) SELECT count(*) FROM c",
    "postgresql": "SELECT pg_sleep(10)",
}


@pytest.fixture
def a_slow_line(monkeypatch):
    """The line "slow" runs a statement that takes seconds before its count."""
    counted = batch.count_line

    def count_line(line, filterset, base):
        if line.text == "slow":
            with connection.cursor() as cursor:
                cursor.execute(SLOW[connection.vendor])
        counted(line, filterset, base)

    monkeypatch.setattr(batch, "count_line", count_line)


def test_a_line_over_its_budget_is_not_finished_and_the_rest_go_on(
    client, archive, a_slow_line, settings
):
    settings.NEWSROOM_BATCH_LINE_BUDGET_MS = 200
    response = run(client, "harbour", "slow", "ferry")
    rows = rows_of(response)
    assert [row["stories"] for row in rows] == ["4", "not finished", "2"]
    assert "Not finished: it took longer than its 0.2 seconds." in rows[1]["notes"]
    assert "1 could not be finished: line 2" in words(response)
    rows = csv_of(run(client, "harbour", "slow", format="csv"))
    assert [(row["status"], row["stories"]) for row in rows] == [
        ("done", "4"),
        ("not finished", ""),
    ]


def test_lines_past_the_batch_budget_are_not_run(client, archive, settings):
    settings.NEWSROOM_BATCH_BUDGET_MS = 0
    response = run(client, "harbour", "ferry")
    rows = rows_of(response)
    assert [row["stories"] for row in rows] == ["not run", "not run"]
    assert "the batch’s 0 seconds ran out" in rows[0]["notes"]
    assert "2 could not be finished: lines 1 and 2" in words(response)


# --- CSRF, caching, what one reader sees of another's ---


def test_a_post_needs_the_forms_csrf_token(archive):
    reader = Client(enforce_csrf_checks=True)
    assert reader.post(URL, {"lines": "harbour"}).status_code == 403
    form = reader.get(URL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html(form))
    response = reader.post(
        URL, {"lines": "harbour", "csrfmiddlewaretoken": token.group(1)}
    )
    assert response.status_code == 200
    assert rows_of(response)[0]["stories"] == "4"


GZIP = {"accept-encoding": "gzip"}


def test_no_page_of_it_is_kept_by_a_shared_cache_or_compressed(client, archive):
    for response in [
        client.get(URL, headers=GZIP),
        run(client, "harbour", headers=GZIP),
        run(client, "harbour", format="csv", headers=GZIP),
        run(client, "x" * 10_000, headers=GZIP),
    ]:
        control = response["Cache-Control"]
        assert "private" in control and "no-store" in control, control
        assert "public" not in control
        assert not response.has_header("ETag")
        assert not response.has_header("Content-Encoding")
    # A conditional GET is never answered from what a cache kept.
    again = client.get(URL, HTTP_IF_MODIFIED_SINCE="Thu, 01 Jan 2099 00:00:00 GMT")
    assert again.status_code == 200


def test_one_readers_batch_is_never_shown_to_another(archive):
    first, second = Client(), Client()
    assert run(first, "harbour", "secret-name-of-mine").status_code == 200
    for response in [second.get(URL), run(second, "ferry")]:
        assert b"secret-name-of-mine" not in response.content
        assert b"harbour</a>" not in response.content


def test_other_methods_are_refused(client):
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405


# --- where it is found ---


def test_the_form_and_its_link_from_the_search_help(client, archive):
    page = html(client.get(URL))
    assert 'enctype="multipart/form-data"' in page
    assert 'method="post"' in page
    assert "Up to 500 lines" in page
    assert URL in html(client.get(reverse("articles:search-help")))
