"""A reader's saved search, click by click in Chromium: sign in, save a
search, see what is new in it, receive its digest from a real SMTP server
and follow its links, open its private feed, stop the e-mails; and axe on
every page of one's own."""

import re
from io import StringIO
from urllib.parse import urlsplit

import feedparser
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from articles.models import Article, SavedSearch
from tests.browser.archive import QUERY
from tests.browser.support import expect
from tests.factories import ArticleFactory
from tests.readers.smtp import LoopbackSMTP, text_of

pytestmark = pytest.mark.browser

PASSWORD = "harbour-lights-42"


@pytest.fixture
def amina(archive):
    return User.objects.create_user("amina", "amina@example.org", PASSWORD)


@pytest.fixture
def smtp(settings):
    with LoopbackSMTP() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        yield server.inbox


def sign_in(reader, username="amina"):
    page = reader.open("/account/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account/searches/")
    return page


def save_search(page, name):
    page.get_by_role("searchbox", name="Search articles").first.fill(QUERY)
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_url(f"**/search/?q={QUERY}*")
    page.get_by_role("link", name="Save this search").click()
    page.get_by_label("Name").fill(name)
    page.get_by_role("button", name="Save the search").click()
    page.wait_for_url("**/account/searches/")


def new_count(page, name):
    row = page.locator(".saved-table tbody tr").filter(has_text=name)
    return row.locator("td").first.inner_text()


def test_reader_saves_a_search_gets_its_digest_and_opens_its_feed(
    amina, smtp, reader, live_server
):
    page = sign_in(reader)
    expect(page.get_by_text("You have no saved searches yet")).to_be_visible()
    save_search(page, "Harbour news")
    expect(page.locator("[role=status]")).to_contain_text("Saved “Harbour news”")
    assert new_count(page, "Harbour news") == "none"

    # New stories come in: the list counts them.
    fresh = ArticleFactory(
        title="Harbour pilots agree a new rota",
        body="The harbour pilots agreed a new rota.\n\nShips wait less.",
    )
    page.reload()
    assert new_count(page, "Harbour news") == "1 new"

    # The digest arrives, and its links work in the browser.
    out = StringIO()
    call_command("send_alerts", site_url=live_server.url, stdout=out)
    assert "1 digest sent (1 story)" in out.getvalue()
    [message] = smtp.messages
    assert message["Subject"].strip() == "newsroom: 1 new story for “Harbour news”"
    text = text_of(message)
    story = re.search(rf"{re.escape(live_server.url)}/articles/\S+", text).group(0)
    page.goto(story)
    assert page.get_by_role("heading", level=1).inner_text() == fresh.title

    # Opening the search from the list: nothing is new any more.
    page = reader.open("/account/searches/")
    page.get_by_role("link", name="Harbour news", exact=True).click()
    page.wait_for_url(f"**/search/?q={QUERY}")
    page = reader.open("/account/searches/")
    assert new_count(page, "Harbour news") == "none"

    # Its private feed, as a feed reader gets it; then a new address.
    page.get_by_role("link", name="Rename, e-mail, feed of Harbour news").click()
    feed_url = page.get_by_label("Feed address").input_value()
    feed = feedparser.parse(page.request.get(feed_url).body())
    assert feed.feed.title == "newsroom: Harbour news"
    assert feed.entries[0].title == fresh.title
    page.get_by_role("button", name="Give the feed a new address").click()
    expect(page.locator("[role=status]")).to_contain_text("no longer works")
    assert page.request.get(feed_url).status == 404
    assert page.get_by_label("Feed address").input_value() != feed_url

    # Rename it and stop its e-mails from the form.
    page.get_by_label("Name").fill("Harbours")
    page.get_by_label("E-mail me its new stories").uncheck()
    page.get_by_role("button", name="Save the changes").click()
    row = page.locator(".saved-table tbody tr").filter(has_text="Harbours")
    expect(row.locator("td").nth(1)).to_have_text("off")
    assert not reader.problems


def test_the_unsubscribe_link_works_signed_out_in_a_browser(
    amina, smtp, open_reader, live_server
):
    SavedSearch.objects.create(reader=amina, name="Harbour news", params="q=harbour")
    call_command("send_alerts", site_url=live_server.url, stdout=StringIO())
    [message] = smtp.messages
    link = re.search(r"Stop these e-mails: (\S+)", text_of(message)).group(1)
    reader = open_reader(javascript=False)  # signed out, as from a mail program
    page = reader.open(urlsplit(link).path)
    page.get_by_role("button", name="Stop the e-mails").click()
    expect(page.get_by_text("you will get no more digests")).to_be_visible()
    assert not SavedSearch.objects.get().alerts


def test_reader_deletes_a_saved_search(amina, reader):
    SavedSearch.objects.create(reader=amina, name="Ferries", params="q=ferry")
    page = sign_in(reader)
    page.get_by_role("link", name="Delete Ferries").click()
    page.get_by_role("button", name="Delete it").click()
    expect(page.locator("[role=status]")).to_contain_text("Deleted “Ferries”")
    expect(page.get_by_text("You have no saved searches yet")).to_be_visible()


@pytest.mark.parametrize(
    "width, color_scheme", [(1280, "light"), (1280, "dark"), (375, "light")]
)
def test_axe_finds_nothing_serious_on_a_readers_pages(
    amina, open_reader, settings, width, color_scheme
):
    settings.NEWSROOM_SIGNUP = True
    saved = SavedSearch.objects.create(
        reader=amina, name="Harbour news", params="q=harbour&source=reuters"
    )
    ArticleFactory(title="Harbour pilots agree a new rota")
    reader = open_reader(width=width, color_scheme=color_scheme)
    signed_out = {
        "sign in": "/account/login/",
        "sign up": "/account/signup/",
        "password reset": "/account/password/reset/",
    }
    for name, path in signed_out.items():
        reader.open(path)
        assert reader.axe() == [], name
    # A refused sign-in, with its error.
    page = reader.open("/account/login/")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".notice--error")).to_be_visible()
    assert reader.axe() == []
    sign_in(reader)
    own = {
        "saved searches": "/account/searches/",
        "save": f"/account/searches/save/?q={QUERY}",
        "edit": f"/account/searches/{saved.pk}/edit/",
        "delete": f"/account/searches/{saved.pk}/delete/",
        "password change": "/account/password/",
        "search, signed in": f"/search/?q={QUERY}",
    }
    for name, path in own.items():
        reader.open(path)
        assert reader.axe() == [], name
    assert Article.objects.exists()
    assert not reader.problems
