"""Readers' accounts and saved searches: signing in and up, saving a search,
what is new in it, renaming, deleting, its private feed; and that no reader
ever reaches another's."""

import re
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from articles.models import SavedSearch, Story
from articles.withdrawal import withdraw
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db

PASSWORD = "harbour-lights-9"


def make_reader(username="amina", email="amina@example.org"):
    return get_user_model().objects.create_user(username, email, PASSWORD)


@pytest.fixture
def reader():
    return make_reader()


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


def ferry(title="Ferry operator adds night crossings", **fields):
    return ArticleFactory(
        title=title, body=f"{title}.\n\nThe ferry runs nightly.", **fields
    )


def page(response):
    return lxml_html.fromstring(response.content.decode())


def save(client, name, **params):
    url = reverse("readers:save")
    return client.post(url, {"name": name, "alerts": "on", **params})


def new_counts(client) -> dict[str, str]:
    """The list page's "New stories" column by search name, as shown."""
    rows = page(client.get(reverse("readers:searches"))).cssselect(
        ".saved-table tbody tr"
    )
    return {
        row.cssselect("th a")[0].text_content(): row.cssselect("td")[0].text_content()
        for row in rows
    }


# --- Signing in, out and up ---------------------------------------------------


def test_a_reader_signs_in_and_out(client, reader):
    response = client.post(
        reverse("readers:login"), {"username": "amina", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("readers:searches")
    listing = client.get(reverse("readers:searches"))
    assert "Sign out" in listing.content.decode()
    assert "no-store" in listing["Cache-Control"]
    out = client.post(reverse("readers:logout"))
    assert out.status_code == 302
    assert client.get(reverse("readers:searches")).status_code == 302


def test_a_wrong_password_says_so_and_repeated_failures_are_throttled(
    client, reader, settings
):
    settings.NEWSROOM_LOGIN_FAILURE_LIMIT = 3
    url = reverse("readers:login")
    for _ in range(3):
        response = client.post(url, {"username": "amina", "password": "wrong"})
        assert response.status_code == 200
        assert "enter a correct username and password" in response.content.decode()
    refused = client.post(url, {"username": "amina", "password": PASSWORD})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


def test_pages_of_ones_own_ask_to_sign_in_first(client):
    for name in ("readers:searches", "readers:save", "readers:password-change"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("readers:login") + "?next=")


def test_sign_up_is_closed_unless_the_archive_opens_it(client, settings):
    settings.NEWSROOM_SIGNUP = False
    assert client.get(reverse("readers:signup")).status_code == 404
    login_page = client.get(reverse("readers:login")).content.decode()
    assert "created by the archive’s staff" in login_page


def test_open_sign_up_makes_a_reader_and_signs_them_in(client, settings):
    settings.NEWSROOM_SIGNUP = True
    assert (
        reverse("readers:signup")
        in client.get(reverse("readers:login")).content.decode()
    )
    response = client.post(
        reverse("readers:signup"),
        {
            "username": "tomas",
            "email": "tomas@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="tomas")
    assert user.email == "tomas@example.org" and not user.is_staff
    assert client.get(reverse("readers:searches")).status_code == 200


def test_sign_up_refuses_an_address_already_in_use(client, settings, reader):
    settings.NEWSROOM_SIGNUP = True
    response = client.post(
        reverse("readers:signup"),
        {
            "username": "other",
            "email": "AMINA@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "already uses that address" in response.content.decode()


def test_a_forgotten_password_is_reset_by_e_mail(client, reader):
    response = client.post(reverse("readers:password-reset"), {"email": reader.email})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [reader.email]
    link = re.search(r"https?://\S+", message.body).group(0)
    path = urlsplit(link).path
    form = client.get(path, follow=True)
    assert form.status_code == 200
    set_password = form.redirect_chain[-1][0] if form.redirect_chain else path
    done = client.post(
        set_password,
        {"new_password1": "new-tide-tables-4", "new_password2": "new-tide-tables-4"},
    )
    assert done.status_code == 302
    fresh = Client()
    assert fresh.login(username="amina", password="new-tide-tables-4")
    # The link works once.
    again = client.get(path, follow=True)
    assert "has been used already or has expired" in again.content.decode()


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client):
    response = client.post(
        reverse("readers:password-reset"), {"email": "nobody@example.org"}
    )
    assert response.status_code == 302
    assert mail.outbox == []


# --- Saving, listing, opening --------------------------------------------------


def test_the_search_page_links_to_saving_it_with_its_query_and_filters(client):
    source = SourceFactory(name="Harbour Wire")
    ferry(source=source)
    response = client.get(
        reverse("articles:search"), {"q": "ferry", "source": source.slug, "page": "1"}
    )
    [link] = page(response).cssselect(".save-link a")
    params = parse_qs(urlsplit(link.get("href")).query)
    assert params == {"q": ["ferry"], "source": [source.slug]}


def test_saving_a_search_keeps_its_query_and_filters_not_its_page_or_format(
    signed_in, reader
):
    source = SourceFactory(name="Harbour Wire")
    form = signed_in.get(
        reverse("readers:save"),
        {"q": "ferry", "source": source.slug, "format": "csv", "page": "3"},
    )
    assert form.status_code == 200
    assert page(form).cssselect("#id_name")[0].get("value") == "ferry"
    response = save(
        signed_in, "Ferries", q="ferry", source=source.slug, page="3", sort="oldest"
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(reader=reader)
    assert parse_qs(saved.params) == {"q": ["ferry"], "source": [source.slug]}
    assert saved.alerts


def test_a_search_with_nothing_in_it_or_unknown_filters_is_not_saved(signed_in):
    assert signed_in.get(reverse("readers:save")).status_code == 400
    response = signed_in.get(
        reverse("readers:save"), {"q": "ferry", "source": "no-such-wire"}
    )
    assert response.status_code == 400
    assert "There is no source with that name." in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_a_very_long_query_is_saved_as_the_search_page_reads_it(signed_in):
    response = save(signed_in, "Long", q="ferry " * 2000)
    assert response.status_code == 302
    saved = SavedSearch.objects.get()
    assert len(parse_qs(saved.params)["q"][0]) <= 500


def test_names_are_one_per_reader_and_trimmed(signed_in, reader):
    assert save(signed_in, "  Ferries  ", q="ferry").status_code == 302
    again = save(signed_in, "ferries", q="harbour")
    assert again.status_code == 400
    assert "already have a saved search of that name" in again.content.decode()
    other = make_reader("ben", "ben@example.org")
    client = Client()
    client.force_login(other)
    assert save(client, "Ferries", q="ferry").status_code == 302
    assert SavedSearch.objects.get(reader=reader).name == "Ferries"


def test_new_stories_are_counted_from_when_the_reader_last_opened_the_search(signed_in):
    ferry()
    save(signed_in, "Ferries", q="ferry")
    assert new_counts(signed_in) == {"Ferries": "none"}
    first = ferry("Night ferry crossings extended to Sunday")
    ArticleFactory(title="Airport adds flights", body="Planes only.")
    assert new_counts(signed_in) == {"Ferries": "1 new"}
    # A story in several versions is one story.
    fares = Story.objects.create()
    ferry("Ferry fares frozen for winter", story=fares)
    ferry("Ferry fares frozen for winter (CORRECTED)", story=fares)
    assert new_counts(signed_in) == {"Ferries": "2 new"}
    # A withdrawn article is not new: readers cannot see it.
    withdraw([first], reason="withdrawn by the agency")
    assert new_counts(signed_in) == {"Ferries": "1 new"}
    saved = SavedSearch.objects.get()
    opened = signed_in.get(reverse("readers:open", args=[saved.pk]))
    assert opened.status_code == 302
    assert opened["Location"] == f"{reverse('articles:search')}?q=ferry"
    assert new_counts(signed_in) == {"Ferries": "none"}


def test_renaming_and_turning_e_mail_off(signed_in):
    save(signed_in, "Ferries", q="ferry")
    saved = SavedSearch.objects.get()
    response = signed_in.post(
        reverse("readers:edit", args=[saved.pk]), {"name": "Night ferries"}
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.name == "Night ferries" and not saved.alerts


def test_deleting_asks_first_then_deletes(signed_in):
    save(signed_in, "Ferries", q="ferry")
    saved = SavedSearch.objects.get()
    url = reverse("readers:delete", args=[saved.pk])
    assert "Delete “Ferries”?" in signed_in.get(url).content.decode()
    assert SavedSearch.objects.exists()
    assert signed_in.post(url).status_code == 302
    assert not SavedSearch.objects.exists()


def test_another_readers_saved_search_is_not_found_and_untouched(signed_in):
    other = make_reader("ben", "ben@example.org")
    theirs = SavedSearch.objects.create(
        reader=other, name="Ben's ferries", params="q=ferry"
    )
    for name in ("readers:open", "readers:edit", "readers:delete"):
        assert signed_in.get(reverse(name, args=[theirs.pk])).status_code == 404
    for name in ("readers:edit", "readers:delete"):
        url = reverse(name, args=[theirs.pk])
        assert (
            signed_in.post(url, {"name": "mine now", "new_feed": "1"}).status_code
            == 404
        )
    theirs.refresh_from_db()
    assert theirs.name == "Ben's ferries"
    listing = signed_in.get(reverse("readers:searches")).content.decode()
    assert "Ben" not in listing


# --- The private feed ------------------------------------------------------------


def test_the_feed_gives_the_searchs_newest_stories_to_a_feed_reader(signed_in):
    save(signed_in, "Ferries", q="ferry")
    saved = SavedSearch.objects.get()
    older = ferry("Ferry timetable for spring", published="2026-03-01")
    newer = ferry("Ferry strike called off", published="2026-05-01")
    ArticleFactory(title="Airport adds flights", body="Planes only.")
    edit = page(signed_in.get(reverse("readers:edit", args=[saved.pk])))
    feed_url = edit.cssselect("#feed-url")[0].get("value")
    response = Client().get(urlsplit(feed_url).path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "private" in response["Cache-Control"]
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.title == "newsroom: Ferries"
    assert [entry.title for entry in feed.entries] == [newer.title, older.title]


def test_a_new_feed_address_revokes_the_old_one(signed_in):
    save(signed_in, "Ferries", q="ferry")
    saved = SavedSearch.objects.get()
    old = reverse("readers:feed", args=[saved.feed_token])
    assert Client().get(old).status_code == 200
    signed_in.post(reverse("readers:edit", args=[saved.pk]), {"new_feed": "1"})
    saved.refresh_from_db()
    assert Client().get(old).status_code == 404
    assert (
        Client().get(reverse("readers:feed", args=[saved.feed_token])).status_code
        == 200
    )


def test_an_unknown_feed_token_is_a_404(client):
    assert client.get(reverse("readers:feed", args=["not-a-token"])).status_code == 404


def test_html_in_a_saved_searchs_name_is_escaped_everywhere(signed_in):
    name = "<script>alert(1)</script>"
    save(signed_in, name, q="ferry")
    saved = SavedSearch.objects.get()
    for url in (reverse("readers:searches"), reverse("readers:edit", args=[saved.pk])):
        body = signed_in.get(url).content.decode()
        assert name not in body
        assert "&lt;script&gt;" in body
    feed = Client().get(reverse("readers:feed", args=[saved.feed_token]))
    assert feedparser.parse(feed.content).feed.title == f"newsroom: {name}"
