"""E-mail digests: `send_alerts` mails each reader the stories new to their
saved searches, each story once, through a real SMTP server on loopback; a
run stopped half way (the mail server refusing, the process killed) loses
nothing and sends nothing twice; the unsubscribe link works without signing
in and only as it was sent."""

import re
import signal
import subprocess
import threading
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from articles.models import Digest, SavedSearch, Story
from articles.readers import digests
from articles.readers.locking import only_one
from articles.readers.searches import newest_article_id
from articles.withdrawal import withdraw
from tests.factories import ArticleFactory
from tests.readers.smtp import LoopbackSMTP, html_of, text_of
from tests.support import PYTHON, ROOT, run

pytestmark = pytest.mark.django_db


def reader(username, **fields):
    fields.setdefault("email", f"{username}@example.org")
    return get_user_model().objects.create_user(
        username, password="pw-4-tests", **fields
    )


def saved(owner, name, params, **fields):
    """A saved search made as the save page makes one: nothing before it is new."""
    mark = newest_article_id()
    return SavedSearch.objects.create(
        reader=owner,
        name=name,
        params=params,
        seen_up_to=mark,
        mailed_up_to=mark,
        **fields,
    )


def article(title, **fields):
    return ArticleFactory(title=title, body=f"{title}.\n\nMore to follow.", **fields)


def send(**options) -> str:
    out = StringIO()
    call_command(
        "send_alerts", site_url="https://archive.example", stdout=out, **options
    )
    return out.getvalue()


def links(message) -> list[str]:
    return re.findall(r"https://archive\.example\S+", text_of(message))


def titles(message) -> list[str]:
    page = lxml_html.fromstring(html_of(message))
    return [a.text_content() for a in page.cssselect("li a")]


def test_a_digest_brings_each_new_story_once_under_its_search(smtp):
    amina = reader("amina")
    saved(amina, "Harbour", "q=harbour")
    saved(amina, "Ferries", "q=ferry")
    article("Ferry to the harbour islands resumes")  # matches both searches
    fares = Story.objects.create()
    article("Harbour dues rise", story=fares)
    article("Harbour dues rise, UPDATE 1", story=fares)  # one story, two versions
    article("Airport adds flights")  # matches neither
    assert "1 digest sent (2 stories)" in send()
    [message] = smtp.messages
    assert message["To"] == "amina@example.org"
    assert message["Subject"].strip() == "newsroom: 2 new stories for 2 saved searches"
    assert sorted(titles(message)) == [
        "Ferry to the harbour islands resumes",
        "Harbour dues rise, UPDATE 1",
    ]
    text = text_of(message)
    assert text.index("== Ferries ==") < text.index(
        "Ferry to the harbour islands resumes"
    )
    assert "== Harbour ==" in text
    assert "https://archive.example/search/?q=ferry" in text
    # Each link leads to the article as a reader opens it.
    story_links = [link for link in links(message) if "/articles/" in link]
    client = Client()
    for link in story_links:
        assert client.get(urlsplit(link).path).status_code == 200


def test_re_running_sends_nothing_twice_and_later_stories_come_next_time(smtp):
    amina = reader("amina")
    saved(amina, "Harbour", "q=harbour")
    article("Harbour pilots strike")
    send()
    assert "0 digests sent" in send()
    assert len(smtp.messages) == 1
    later = article("Harbour pilots return")
    send()
    assert len(smtp.messages) == 2
    assert titles(smtp.messages[1]) == [later.title]


def test_a_story_already_mailed_is_not_mailed_again_when_it_gets_a_new_version(smtp):
    amina = reader("amina")
    saved(amina, "Harbour", "q=harbour")
    story = Story.objects.create()
    article("Harbour crane collapses", story=story)
    send()
    article("Harbour crane collapses, UPDATE 2", story=story)
    send()
    assert len(smtp.messages) == 1


def test_only_what_a_reader_could_see_and_only_their_own_searches(smtp):
    amina, ben = reader("amina"), reader("ben")
    saved(amina, "Harbour", "q=harbour")
    saved(ben, "Ferries", "q=ferry")
    gone = article("Harbour report withdrawn")
    withdraw([gone], reason="withdrawn by the agency")
    article("Harbour tugs upgraded")
    article("Ferry timetable changes")
    send()
    [to_amina] = smtp.to("amina@example.org")
    [to_ben] = smtp.to("ben@example.org")
    assert titles(to_amina) == ["Harbour tugs upgraded"]
    assert titles(to_ben) == ["Ferry timetable changes"]


def test_searches_with_alerts_off_and_readers_without_address_get_nothing(smtp):
    saved(reader("amina"), "Harbour", "q=harbour", alerts=False)
    saved(reader("ben", email=""), "Harbour", "q=harbour")
    article("Harbour tugs upgraded")
    output = send()
    assert "1 reader with alerts and no e-mail address" in output
    assert smtp.messages == []


def test_titles_are_escaped_in_the_html_and_plain_in_the_text(smtp):
    saved(reader("amina"), "Harbour", "q=harbour")
    article("Harbour <b>board</b> & unions agree")
    send()
    [message] = smtp.messages
    assert "Harbour &lt;b&gt;board&lt;/b&gt; &amp; unions agree" in html_of(message)
    assert titles(message) == ["Harbour <b>board</b> & unions agree"]
    assert "Harbour <b>board</b> & unions agree" in text_of(message)


def test_a_long_list_says_how_many_more_and_links_to_them_all(smtp, monkeypatch):
    monkeypatch.setattr(digests, "STORIES_PER_SEARCH", 3)
    saved(reader("amina"), "Harbour", "q=harbour")
    for number in range(5):
        article(f"Harbour berth {number} reopens")
    send()
    [message] = smtp.messages
    assert len(titles(message)) == 3
    assert (
        "... and 2 more new stories: https://archive.example/search/?q=harbour"
        in text_of(message)
    )


def test_a_refused_message_is_sent_by_the_next_run_and_no_other_twice(smtp):
    for name in ("amina", "ben", "chen"):
        saved(reader(name), "Harbour", "q=harbour")
    article("Harbour tugs upgraded")
    smtp.refuse = {2}
    with pytest.raises(CommandError, match="2 digests sent .* 1 failed"):
        send()
    assert Digest.objects.filter(sent_at=None).count() == 1
    assert len(smtp.messages) == 2
    send()
    assert sorted(m["To"] for m in smtp.messages) == [
        "amina@example.org",
        "ben@example.org",
        "chen@example.org",
    ]
    assert "0 digests sent" in send()


def test_a_mail_server_that_is_down_loses_nothing(settings):
    saved(reader("amina"), "Harbour", "q=harbour")
    article("Harbour tugs upgraded")
    with LoopbackSMTP() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    # The server has stopped: the port is closed.
    with pytest.raises(CommandError):
        send()
    with LoopbackSMTP() as server:
        settings.EMAIL_PORT = server.port
        send()
        [message] = server.inbox.messages
        assert titles(message) == ["Harbour tugs upgraded"]


def test_one_run_at_a_time(smtp):
    """Another run holds the lock (here a thread, with a connection and a
    file of its own): this one does nothing and says why."""
    held, finished = threading.Event(), threading.Event()

    def other_run():
        try:
            with only_one(digests.LOCK):
                held.set()
                finished.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_run)
    thread.start()
    try:
        assert held.wait(30)
        with pytest.raises(CommandError, match="Another send_alerts"):
            send()
    finally:
        finished.set()
        thread.join()


def test_the_message_id_is_the_same_each_time_a_digest_is_composed(smtp):
    saved(reader("amina"), "Harbour", "q=harbour")
    article("Harbour tugs upgraded")
    send()
    digest = Digest.objects.get()
    first = digests.compose(digest, site_url="https://archive.example")
    again = digests.compose(digest, site_url="https://archive.example")
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"]
    assert smtp.messages[0]["Message-ID"] == first.extra_headers["Message-ID"]


# --- Unsubscribing ----------------------------------------------------------------


def unsubscribe_link(message) -> str:
    [link] = [link for link in links(message) if "/alerts/stop/" in link]
    return urlsplit(link).path


def test_the_unsubscribe_link_asks_then_stops_every_digest_without_signing_in(smtp):
    amina = reader("amina")
    saved(amina, "Harbour", "q=harbour")
    saved(amina, "Ferries", "q=ferry")
    article("Harbour tugs upgraded")
    send()
    [message] = smtp.messages
    path = unsubscribe_link(message)
    assert message["List-Unsubscribe"].strip() == f"<https://archive.example{path}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    client = Client()
    asked = client.get(path)
    assert asked.status_code == 200 and "no-store" in asked["Cache-Control"]
    assert SavedSearch.objects.filter(alerts=True).count() == 2  # a GET stops nothing
    done = client.post(path)
    assert done.status_code == 200
    assert "you will get no more digests" in done.content.decode()
    assert SavedSearch.objects.filter(alerts=True).count() == 0
    article("Harbour tugs return")
    send()
    assert len(smtp.messages) == 1


def test_one_click_unsubscribe_needs_no_csrf_token(smtp):
    amina = reader("amina")
    saved(amina, "Harbour", "q=harbour")
    path = reverse("readers:unsubscribe", args=[digests.unsubscribe_token(amina.pk)])
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not SavedSearch.objects.get().alerts


def test_a_tampered_or_made_up_unsubscribe_link_is_a_400_and_stops_nothing(smtp):
    amina, ben = reader("amina"), reader("ben")
    saved(amina, "Harbour", "q=harbour")
    saved(ben, "Harbour", "q=harbour")
    token = digests.unsubscribe_token(amina.pk)
    # Ben's id beside the signature made for Amina's.
    payload = token.split(":")[0]
    forged = digests.unsubscribe_token(ben.pk).split(":")[0] + token[len(payload) :]
    assert forged != token
    client = Client()
    for bad in (forged, token[:-3], "1:abc", str(ben.pk)):
        path = reverse("readers:unsubscribe", args=[bad])
        assert client.get(path).status_code == 400
        response = client.post(path)
        assert response.status_code == 400
        assert "not one the archive sent" in response.content.decode()
    assert SavedSearch.objects.filter(alerts=True).count() == 2


# --- Killed half way -----------------------------------------------------------------

MAKE_READERS = """
from django.contrib.auth import get_user_model
from articles.models import Article, SavedSearch
for number in range(5):
    Article.objects.create(
        title=f"Harbour berth {number} reopens",
        body="The harbour berth reopened.\\n\\nShips queued.",
        import_key=f"kill/{number}.txt",
        content_hash=f"kill-{number}",
    )
for name in ["amina", "ben", "chen", "dara", "emil", "fen"]:
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    SavedSearch.objects.create(reader=user, name="Harbour", params="q=harbour")
"""


def test_killed_while_sending_it_loses_nothing_and_duplicates_nothing(
    scratch_databases,
):
    database = scratch_databases("alerts")
    database.manage("migrate", "--verbosity", "0")
    database.manage("shell", "-c", MAKE_READERS)
    with LoopbackSMTP() as server:
        environment = {**database.env, **server.env()}
        server.inbox.hold = 3  # the third message waits, unanswered
        process = _start(environment)
        assert server.inbox.holding.wait(120), "the third message never came"
        process.send_signal(signal.SIGKILL)
        process.wait(30)
        server.inbox.release()
        assert len(server.inbox.messages) == 2
        # Written down and not sent: the one that was being sent.
        assert (
            database.scalar(
                "SELECT COUNT(*) FROM articles_digest WHERE sent_at IS NULL"
            )
            == 1
        )
        again = _run(environment)
        assert again.returncode == 0, again.stdout + again.stderr
        assert "4 digests sent (20 stories)" in again.stdout
        last = _run(environment)
        assert "0 digests sent" in last.stdout
        received = server.inbox.messages
    addresses = sorted(m["To"] for m in received)
    assert addresses == sorted(
        f"{n}@example.org" for n in ["amina", "ben", "chen", "dara", "emil", "fen"]
    )
    for message in received:
        assert sorted(titles(message)) == [
            f"Harbour berth {n} reopens" for n in range(5)
        ]
    assert database.scalar("SELECT COUNT(*) FROM articles_digeststory") == 30


SEND_ALERTS = [
    PYTHON,
    "manage.py",
    "send_alerts",
    "--site-url",
    "https://archive.example",
]


def _start(environment) -> subprocess.Popen:
    return subprocess.Popen(
        SEND_ALERTS,
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _run(environment) -> subprocess.CompletedProcess:
    return run(*SEND_ALERTS, env=environment)


def test_check_deploy_says_when_mail_is_only_written_to_the_console(settings):
    from django.core.checks import run_checks

    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    found = {m.id for m in run_checks(include_deployment_checks=True)}
    assert "newsroom.W003" in found
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    found = {m.id for m in run_checks(include_deployment_checks=True)}
    assert "newsroom.W003" not in found


def test_e_mails_turned_back_on_start_from_then(smtp):
    amina = reader("amina")
    search = saved(amina, "Harbour", "q=harbour", alerts=False)
    article("Harbour tugs upgraded while the e-mails were off")
    client = Client()
    client.force_login(amina)
    edit = reverse("readers:edit", args=[search.pk])
    client.post(edit, {"name": "Harbour", "alerts": "on"})
    later = article("Harbour tugs return")
    send()
    [message] = smtp.messages
    assert titles(message) == [later.title]
