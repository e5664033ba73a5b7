"""axe-core on every kind of page, in both colour schemes, and in small archives."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.browser.archive import BATCH_LINES, main_pages, run_batch
from tests.browser.support import expect

pytestmark = pytest.mark.browser


def reader_pages():
    """{name: path} of the pages readers see, in an archive with articles."""
    return main_pages(Article.objects.filter(published__isnull=False).first())


def axe_report(reader, pages):
    """{page: serious or critical violations}; prints every violation found."""
    found = {}
    for name, path in pages.items():
        reader.open(path)
        everything = reader.axe(impacts=("minor", "moderate", "serious", "critical"))
        print(f"axe {name}: {[(v['id'], v['impact']) for v in everything] or 'none'}")
        serious = [v for v in everything if v["impact"] in ("serious", "critical")]
        if serious:
            found[name] = serious
    return found


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_any_page(archive, open_reader, color_scheme):
    # Colour contrast is among axe's rules, so this checks both colour schemes.
    reader = open_reader(color_scheme=color_scheme)
    assert axe_report(reader, reader_pages()) == {}
    assert not reader.problems

    # The control: faint text and an image without a text alternative are seen.
    reader.page.evaluate(
        """(color) => {
          const faint = document.createElement("p");
          faint.textContent = "Faint words";
          faint.style.color = color;
          const image = document.createElement("img");
          image.src = "/static/favicon.svg";
          document.querySelector("main").append(faint, image);
        }""",
        "#aaaaaa" if color_scheme == "light" else "#444444",
    )
    assert {v["id"] for v in reader.axe()} >= {"color-contrast", "image-alt"}


def test_axe_finds_nothing_serious_on_a_phone(archive, open_reader):
    reader = open_reader(width=375, color_scheme="dark")
    assert axe_report(reader, reader_pages()) == {}


def test_the_result_count_is_announced_and_the_current_page_marked(archive, reader):
    page = reader.open("/search/?q=harbour&page=2")
    status = page.get_by_role("status")
    expect(status).to_contain_text(f"{len(archive)} stories match")
    expect(status.get_by_role("heading", level=2)).to_have_count(1)
    current = page.get_by_role("navigation", name="Pages").locator("[aria-current]")
    expect(current).to_have_attribute("aria-current", "page")
    expect(current).to_have_text("2")
    # The title, which a screen reader reads first, has the count as well.
    assert f"({len(archive)} stories, page 2)" in page.title()


def test_an_empty_archive_says_how_to_import_articles(
    transactional_db, open_reader, tmp_path
):
    for width in (1280, 375):
        reader = open_reader(width=width)
        for path in ["/", "/articles/", "/sources/"]:
            page = reader.open(path)
            expect(page.locator("main")).to_contain_text("import_seeds")
            assert page.locator(".facets, .timeline, .pagination").count() == 0
            assert scrolls_sideways(page) is False
            assert reader.axe() == [], path
            name = path.strip("/") or "home"
            page.screenshot(path=str(tmp_path / f"empty-{name}-{width}.png"))
        assert not reader.problems


def test_an_archive_of_one_article_looks_intentional(
    transactional_db, open_reader, tmp_path
):
    call_command("import_seeds", stdout=StringIO())
    article = Article.objects.get()
    reader = open_reader()
    page = reader.open("/")
    expect(page.locator(".notice")).to_contain_text("holds 1 article so far")
    expect(page.locator(".notice")).to_contain_text("import_seeds")
    page.screenshot(path=str(tmp_path / "one-article-home.png"), full_page=True)
    for path in ["/", "/articles/", article.get_absolute_url(), "/search/?q=korea"]:
        page = reader.open(path)
        assert reader.axe() == [], path
        # A chart of one undated article would be empty: there is none.
        assert page.locator(".timeline rect").count() == 0
        assert page.locator(".pagination").count() == 0
    page = reader.open("/articles/")
    facets = page.get_by_role("complementary", name="Narrow these results")
    expect(facets.locator(".facet__count").first).to_have_text("1")
    page.screenshot(path=str(tmp_path / "one-article-search.png"), full_page=True)
    assert not reader.problems


def scrolls_sideways(page):
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


# --- Batch search: its results and its errors are POSTed, not opened ---


@pytest.mark.parametrize(
    "width, color_scheme", [(1280, "light"), (1280, "dark"), (375, "dark")]
)
def test_axe_finds_nothing_serious_on_a_batch_search(
    archive, open_reader, width, color_scheme
):
    reader = open_reader(width=width, color_scheme=color_scheme)
    page = run_batch(reader, [*BATCH_LINES, "<b>harbour</b> -ferry", '"unclosed'])
    expect(page.locator(".batch-table tbody tr")).to_have_count(5)
    assert reader.axe() == []
    assert scrolls_sideways(page) is False
    assert not reader.problems
    # Refused (a 400, which the console reports), saying why, as accessibly.
    page = run_batch(reader, ["harbour", "x" * 600])
    expect(page.locator(".notice--error")).to_contain_text("Line 2 is 600 characters")
    assert reader.axe() == []
    assert [problem for problem in reader.problems if "400" not in problem] == []
