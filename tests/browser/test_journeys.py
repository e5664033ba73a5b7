"""What readers and editors do, click by click, in Chromium."""

import csv
import json
import re

import pytest
from django.contrib.auth.models import Permission, User

from articles.models import Article
from tests.browser.archive import QUERY, run_batch
from tests.browser.support import expect

pytestmark = pytest.mark.browser


def count_of(page):
    """The number in the announced result count: "39 stories match" -> 39."""
    text = page.locator("[role=status]").inner_text()
    return int(re.search(r"[\d,]+", text).group().replace(",", ""))


def test_reader_searches_narrows_pages_and_follows_links(archive, reader):
    page = reader.open("/")
    page.get_by_role("searchbox", name="Search articles").fill(QUERY)
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=harbour*")
    everything = count_of(page)
    assert everything == len(archive)

    # Narrow with the form's filters: nothing published before 2021.
    page.get_by_label("From").fill("2021-01-01")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**published_after=2021-01-01*")
    since_2021 = Article.objects.filter(published__year__gte=2021).count()
    assert count_of(page) == since_2021 < everything

    # Page forward; the pagination says which page this is.
    pages = page.get_by_role("navigation", name="Pages")
    pages.get_by_role("link", name="Next").click()
    page.wait_for_url("**page=2*")
    assert pages.locator("[aria-current=page]").inner_text() == "2"
    assert page.get_by_label("From").input_value() == "2021-01-01"
    results_url = page.url

    # Open an article.
    first = page.locator(".article-item__title a").first
    headline = first.inner_text()
    first.click()
    assert page.get_by_role("heading", level=1).inner_text() == headline
    article_url = page.url

    # Follow an entity link, then a source link from the entity's page.
    entities = page.get_by_role("complementary").filter(has_text="In this article")
    place = entities.locator(".count-list").get_by_role("link").first
    place_name = place.inner_text()
    place.click()
    page.wait_for_url("**/entities/**")
    assert page.get_by_role("heading", level=1).inner_text() == place_name
    source = page.locator(".article-item .meta a").first
    source_name = source.inner_text()
    source.click()
    page.wait_for_url("**/sources/**")
    assert page.get_by_role("heading", level=1).inner_text() == source_name

    # And come back the way we came.
    page.go_back()
    assert page.get_by_role("heading", level=1).inner_text() == place_name
    page.go_back()
    assert page.url == article_url
    page.go_back()
    assert page.url == results_url
    assert pages.locator("[aria-current=page]").inner_text() == "2"

    # A facet narrows the same results to one source.
    facets = page.get_by_role("complementary", name="Narrow these results")
    facet = facets.locator(".facet", has_text="Source").get_by_role("link").first
    facet_name = facet.inner_text()
    facet_count = int(facet.locator("xpath=..").locator(".facet__count").inner_text())
    facet.click()
    page.wait_for_url("**source=*")
    assert count_of(page) == facet_count
    assert facets.locator(".chip-remove", has_text=facet_name).count() == 1

    assert not reader.problems
    assert not reader.csp_violations()


def test_editor_corrects_a_headline_and_date_and_readers_see_it(archive, reader):
    article = archive[0]
    editor = User.objects.create_user("editor", password="harbour-lights-42")
    editor.is_staff = True
    editor.save()
    editor.user_permissions.set(
        Permission.objects.filter(
            codename__in=[
                "view_article",
                "change_article",
                "view_source",
                "view_entity",
                "view_mention",
            ]
        )
    )

    page = reader.open("/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("harbour-lights-42")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Articles", exact=True).click()
    page.get_by_role("textbox").first.fill(article.title)
    page.keyboard.press("Enter")
    page.get_by_role("link", name=article.title).click()

    page.get_by_label("Title").fill("Harbour board reverses its decision")
    page.get_by_label("Published").fill("2024-12-31")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)

    page = reader.open(article.get_absolute_url())
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Harbour board reverses its decision"
    assert page.locator("article time").get_attribute("datetime") == "2024-12-31"
    assert page.locator("article time").inner_text() == "31 December 2024"
    data = json.loads(page.locator("script[type='application/ld+json']").inner_text())
    assert data["headline"] == "Harbour board reverses its decision"
    assert data["datePublished"] == "2024-12-31"
    assert "dateModified" in data
    assert not reader.problems


def test_reader_compares_two_queries_and_follows_a_point(archive, open_reader):
    # Without JavaScript: the form, the chart and its links are plain HTML.
    reader = open_reader(javascript=False)
    page = reader.open(f"/search/?q={QUERY}")
    page.get_by_role("link", name="Compare with…").click()
    page.wait_for_url(f"**/compare/?q={QUERY}")
    expect(page.get_by_label("Query 1")).to_have_value(QUERY)
    page.get_by_label("Query 2").fill("ferry")
    page.get_by_label("Chart").select_option(label="Number of stories")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**q=ferry*")

    chart = page.locator("svg.compare-chart__svg")
    expect(chart.locator("g")).to_have_count(2)
    expect(page.locator(".compare-legend li")).to_have_count(2)
    expect(page.locator(".compare-legend")).to_contain_text(f"{len(archive)} stories")
    # A ferry story's year: its point says how many, and leads to them.
    points = chart.locator("g").nth(1).locator("a")
    titles = points.locator("title").all_text_contents()
    found = next(i for i, t in enumerate(titles) if not re.search(r": 0 stories", t))
    stories = int(re.search(r": (\d+) stor", titles[found]).group(1))
    year = re.search(r", (\d{4}):", titles[found]).group(1)
    points.nth(found).click()
    page.wait_for_url(f"**published_after={year}-01-01*")
    assert f"published_before={year}-12-31" in page.url
    expect(page.get_by_role("searchbox", name="Search articles")).to_have_value("ferry")
    assert count_of(page) == stories
    # And the table says the same, beside the share of all that year's stories.
    page.go_back()
    row = page.locator("tbody tr", has=page.locator(f"th:text-is('{year}')"))
    expect(row.locator("td").nth(2)).to_have_text(str(stories))
    assert not reader.problems


# --- Batch search ---


def test_reader_runs_a_batch_sorts_it_downloads_it_and_follows_a_line(
    archive, open_reader
):
    # Without JavaScript: the form, the sorting and the CSV are plain HTML.
    reader = open_reader(javascript=False)
    page = reader.open("/search/help/")
    page.get_by_role("main").get_by_role("link", name="Batch search").click()
    page.wait_for_url("**/batch/")
    page = run_batch(reader, ["ferry", QUERY, "zeppelin"])
    expect(page.get_by_role("heading", name="3 lines searched")).to_be_visible()
    rows = page.locator(".batch-table tbody tr")
    expect(rows.locator("th")).to_have_text(["ferry", QUERY, "zeppelin"])

    # Most stories first, said by the column's heading.
    page.get_by_role("button", name="Stories").click()
    header = page.get_by_role("columnheader", name="Stories")
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(rows.locator("th")).to_have_text([QUERY, "ferry", "zeppelin"])
    expect(rows.first.locator("td").nth(1)).to_have_text(str(len(archive)))
    expect(rows.last.locator("td").nth(1)).to_have_text("0")

    # The same rows, in the same order, as CSV.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download these results as CSV").click()
    assert download.value.suggested_filename == "newsroom-batch.csv"
    with open(download.value.path(), encoding="utf-8") as file:
        table = list(csv.DictReader(file))
    assert [(r["query"], r["stories"]) for r in table][0] == (QUERY, str(len(archive)))
    assert [r["query"] for r in table] == [QUERY, "ferry", "zeppelin"]

    # A line's link is its search, with as many stories.
    rows.first.get_by_role("link", name=QUERY).click()
    page.wait_for_url(f"**/search/?q={QUERY}")
    assert count_of(page) == len(archive)
    assert not reader.problems


def test_the_footer_leads_to_the_researchers_pages(archive, reader):
    for name, address in [
        ("Compare queries", "**/compare/"),
        ("Batch search", "**/batch/"),
        ("API", "**/api/docs/"),
    ]:
        page = reader.open("/")
        page.get_by_role("contentinfo").get_by_role("link", name=name).click()
        page.wait_for_url(address)
