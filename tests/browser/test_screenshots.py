"""The screenshots in README.md, taken from the live pages.

`make screenshots` writes them to docs/screenshots/ (NEWSROOM_SCREENSHOTS);
otherwise they go to a temporary folder and only prove the pages render.
"""

import pytest
from django.contrib.auth.models import User

from articles.models import Article, Entity, SavedSearch
from articles.readers.searches import newest_article_id
from tests.browser.archive import run_batch
from tests.factories import ArticleFactory, MentionFactory

pytestmark = pytest.mark.browser

SHOTS = [
    # (name, page, width, colour scheme)
    ("home", "home", 1280, "light"),
    ("search", "search", 1280, "light"),
    ("article", "article", 1280, "light"),
    ("entity", "entity", 1280, "dark"),
    ("search-phone-dark", "search", 375, "dark"),
    ("article-phone", "article", 375, "light"),
]


def test_screenshots_of_the_main_pages(archive, open_reader, tmp_path):
    article = Article.objects.get(source__name="Kyodo News")
    pages = {
        "home": "/",
        "search": "/search/?q=harbour&published_after=2021-01-01",
        "article": article.get_absolute_url(),
        "entity": Entity.objects.get(name="Busan").get_absolute_url(),
    }
    readers = {}
    for name, page, width, scheme in SHOTS:
        if (width, scheme) not in readers:
            height = 800 if width > 600 else 760
            readers[width, scheme] = open_reader(
                width=width, height=height, color_scheme=scheme
            )
        reader = readers[width, scheme]
        reader.open(pages[page])
        path = reader.screenshot(name, tmp_path)
        assert path.stat().st_size > 10_000
        assert not reader.problems


def test_screenshot_of_a_batch_search(archive, open_reader, tmp_path):
    # README, "For researchers": a batch, sorted by its stories.
    reader = open_reader(width=1280, height=1100)
    lines = ["harbour", "ferry terminal", '"night market"', "source:bbc harbour"]
    page = run_batch(reader, [*lines, "entity:Busan", "dredging OR pilots", "zeppelin"])
    page.get_by_role("button", name="Stories").click()
    page.wait_for_selector("th[aria-sort=descending]")
    path = reader.screenshot("batch", tmp_path, full_page=True)
    assert path.stat().st_size > 10_000
    assert not reader.problems


def test_screenshots_of_a_readers_saved_searches(archive, open_reader, tmp_path):
    # README, "For researchers": the saved searches, some with new stories,
    # and one search's settings with its private feed.
    amina = User.objects.create_user("amina", "amina@example.org", "harbour-42")
    # Saved before the two stories below came in, as the save page does.
    mark = newest_article_id()
    made = {
        name: SavedSearch.objects.create(
            reader=amina,
            name=name,
            params=params,
            alerts=alerts,
            seen_up_to=mark,
            mailed_up_to=mark,
        )
        for name, params, alerts in [
            ("Harbour news", "q=harbour", True),
            ("Busan port", "q=port&entity=busan", True),
            ("Ferries at the BBC", "q=ferry&source=bbc-news", False),
        ]
    }
    for number, title in enumerate(
        ["Harbour pilots agree a new rota", "Busan port adds a night shift"]
    ):
        MentionFactory(
            article=ArticleFactory(
                title=title,
                body=f"{title} at the harbour of Busan.\n\nPort workers welcomed it.",
                import_key=f"screenshots/{number}.txt",
            ),
            entity=Entity.objects.get(name="Busan"),
        )
    reader = open_reader(width=1280, height=640)
    reader.context.add_cookies(
        [{"name": "sessionid", "value": session_of(amina), "url": reader.base_url}]
    )
    reader.open("/account/searches/")
    path = reader.screenshot("saved-searches", tmp_path)
    assert path.stat().st_size > 10_000
    reader.open(f"/account/searches/{made['Harbour news'].pk}/edit/")
    path = reader.screenshot("saved-search", tmp_path, full_page=True)
    assert path.stat().st_size > 10_000
    assert not reader.problems


def session_of(user) -> str:
    """A signed-in session of `user`, as the session cookie's value."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value
