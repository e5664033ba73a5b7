"""Layout: phones, wide screens, both colour schemes, paper, and no JavaScript."""

import re

import pytest

from articles.models import Article, Entity, Source
from tests.browser.support import expect

pytestmark = pytest.mark.browser

# Characters a line that still read comfortably; typography books say 45-75.
LONGEST_LINE = 80

CHARACTERS_PER_LINE = """(selector) =>
[...document.querySelectorAll(selector)].map((el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
  return el.textContent.trim().length / Math.max(lines.size, 1);
})"""

LUMINANCE = """(property) => {
  const [r, g, b] = getComputedStyle(document.body)[property]
    .match(/[\\d.]+/g).slice(0, 3).map(Number)
    .map((c) => c / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""


def every_page():
    article = Article.objects.filter(source__name="Kyodo News").get()
    return [
        "/",
        "/search/?q=harbour",
        "/search/?q=zeppelin",
        "/search/?q=harbour&published_after=2021-01-01&page=2",
        "/articles/",
        article.get_absolute_url(),
        article.get_absolute_url() + "?highlight=entities",
        "/entities/",
        Entity.objects.get(name="Valparaíso").get_absolute_url(),
        "/sources/",
        Source.objects.get(name="Associated Press").get_absolute_url(),
        "/search/help/",
        "/compare/?q=harbour&q=ferry&q=terminal&q=dredging&q=pilots&by=month",
        "/batch/",
        "/no-such-page/",
    ]


def test_nothing_scrolls_sideways_on_a_375_pixel_phone(archive, open_reader):
    reader = open_reader(width=375)
    for path in every_page():
        page = reader.page
        response = page.goto(reader.base_url + path)
        assert response.status in (200, 404), path
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - "
            "document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"


def test_lines_stay_readable_on_a_wide_screen(archive, open_reader):
    reader = open_reader(width=1920, height=1080)
    page = reader.open(
        Article.objects.get(source__name="Kyodo News").get_absolute_url()
    )
    body = page.evaluate(CHARACTERS_PER_LINE, ".article__body p")
    assert body and max(body) <= LONGEST_LINE, body
    page = reader.open("/search/?q=harbour")
    summaries = page.evaluate(CHARACTERS_PER_LINE, ".article-item__summary")
    assert summaries and max(summaries) <= LONGEST_LINE + 15, summaries


@pytest.mark.parametrize(
    "color_scheme, background, text",
    [("light", (0.9, 1.0), (0.0, 0.05)), ("dark", (0.0, 0.02), (0.7, 1.0))],
)
def test_the_colour_scheme_follows_the_readers_setting(
    archive, open_reader, color_scheme, background, text
):
    reader = open_reader(color_scheme=color_scheme)
    for path in ["/", "/search/?q=harbour", "/search/help/"]:
        page = reader.open(path)
        assert (
            background[0]
            <= page.evaluate(LUMINANCE, "backgroundColor")
            <= background[1]
        )
        assert text[0] <= page.evaluate(LUMINANCE, "color") <= text[1]


def test_an_article_prints_as_the_story_alone(archive, open_reader, tmp_path):
    reader = open_reader(color_scheme="dark")
    article = archive[0]
    page = reader.open(article.get_absolute_url())
    page.emulate_media(media="print")
    for hidden in [".site-header", ".site-footer", ".article-entities", ".skip-link"]:
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".article__body")).to_be_visible()
    # Black on white on paper, even for a reader in the dark scheme.
    assert page.evaluate(LUMINANCE, "color") == 0
    assert page.evaluate(LUMINANCE, "backgroundColor") == 1
    original = page.locator(".article__footer a[href^='http']")
    after = original.evaluate("(a) => getComputedStyle(a, '::after').content")
    assert article.url in after
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
    page.screenshot(path=str(tmp_path / "article-print.png"), full_page=True)


def test_every_page_works_without_javascript(archive, open_reader):
    reader = open_reader(javascript=False)
    page = reader.open("/")
    assert page.locator("script[src]").count() == 0
    page.get_by_role("searchbox", name="Search articles").fill("harbour")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text(f"{len(archive)} stories")
    page.get_by_label("Sort by").select_option(label="Oldest first")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile("sort=oldest"))
    page.get_by_role("link", name="Next").click()
    expect(page.locator(".pagination [aria-current=page]")).to_have_text("2")
    dates = page.locator(".article-item time").evaluate_all(
        "(times) => times.map((t) => t.getAttribute('datetime'))"
    )
    assert len(dates) == 20 and dates == sorted(dates)
    page.get_by_label("Source").select_option(label="BBC News")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("status")).to_contain_text("16 stories")
    page.locator(".article-item__title a").first.click()
    expect(page.locator("h1")).to_have_count(1)
    page.locator(".article-entities .count-list a").first.click()
    expect(page.locator(".eyebrow")).to_be_visible()
    page.get_by_role("link", name="Entities", exact=True).click()
    page.get_by_role("link", name="People").click()
    expect(page.locator("h1")).to_have_text("Entities")
