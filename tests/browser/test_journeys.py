"""What readers and editors do, click by click, in Chromium."""

import json
import re

import pytest
from django.contrib.auth.models import Permission, User

from articles.models import Article
from tests.browser.archive import QUERY
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
