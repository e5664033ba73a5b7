"""A provider withdraws a story (pubStatus canceled, and the like): its
versions stay in the archive for editors and vanish from everything readers
see; an editor can withdraw or restore one, and that decision stands. A
feed's own guid decides which articles are versions of one story."""

import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from lxml import html

from articles.ingest.importer import import_paths
from articles.models import Article, Entity, Mention, SearchText
from tests.ingest.test_formats import NEWSML_1, g2_item, ninjs_2, write, write_json

pytestmark = pytest.mark.django_db

GUID = "urn:newsml:example.org:20261207:harbour"
FIRST = (
    "The Kobe harbour board approved a new ferry terminal on Tuesday, ending a "
    "two-year dispute with residents of Nagata Ward over noise.",
    "Mayor Hiroshi Tanabe said the terminal would open in 2027.",
)


def send(tmp_path, name, **options):
    """Import one NewsML-G2 item of the harbour story, as its own file."""
    path = write(tmp_path / name / "item.xml", g2_item(**options))
    return import_paths(paths=[path])


@pytest.fixture
def withdrawn(tmp_path):
    """The harbour story sent, then canceled by its provider."""
    send(tmp_path, "v1", paragraphs=FIRST)
    result = send(tmp_path, "v2", version=2, status="canceled")
    assert (result.withdrawn, result.created, result.failed) == (1, 0, 0)
    return Article.objects.get(guid=GUID)


def test_a_canceled_version_withdraws_the_story_and_keeps_it(withdrawn):
    assert withdrawn.is_withdrawn
    assert withdrawn.withdrawn_reason == "withdrawn by its provider (status canceled)"
    assert withdrawn.body.startswith("The Kobe harbour board")  # never deleted
    assert not SearchText.objects.filter(article=withdrawn).exists()
    assert not Mention.objects.filter(article=withdrawn).exists()
    kept = {name for _, name, _ in withdrawn.withdrawn_mentions}
    assert "Hiroshi Tanabe" in kept


def test_readers_see_only_a_notice_on_its_page(client, withdrawn):
    response = client.get(withdrawn.get_absolute_url())
    assert response.status_code == 410
    page = html.fromstring(response.content)
    assert page.findtext(".//h1") == withdrawn.title
    notice = page.xpath("string(//*[@role='note'])")
    assert "was withdrawn by its provider (status canceled) on" in notice
    assert "ending a two-year dispute" not in response.content.decode()
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    for output in ("ninjs", "newsml"):
        got = client.get(withdrawn.get_absolute_url(), {"format": output})
        assert got.status_code == 410
        assert b"two-year dispute" not in got.content


def test_editors_still_read_it_with_the_notice(admin_client, withdrawn):
    response = admin_client.get(withdrawn.get_absolute_url())
    assert response.status_code == 200
    page = html.fromstring(response.content)
    assert "ending a two-year dispute" in page.text_content()
    assert "Withdrawn on" in page.xpath("string(//*[@role='note'])")


def test_no_list_search_feed_or_entity_page_shows_it(tmp_path, client, withdrawn):
    other = g2_item(
        guid="urn:newsml:example.org:20261207:rail",
        headline="Rail fares to rise in March",
        paragraphs=("Rail fares in Kobe will rise by 3 percent in March.",),
    )
    import_paths(paths=[write(tmp_path / "rail" / "item.xml", other)])
    url = withdrawn.get_absolute_url()
    rail = Article.objects.get(title__startswith="Rail").get_absolute_url()
    slug = withdrawn.source.slug
    pages = [
        reverse("articles:home"),
        reverse("articles:search"),
        reverse("articles:search") + "?q=Kobe",
        reverse("articles:source", kwargs={"slug": slug}),
        reverse("articles:feed"),
        reverse("articles:source-feed", kwargs={"slug": slug}),
        "/sitemap-articles.xml",
    ]
    for address in pages:
        response = client.get(address)
        assert response.status_code == 200, address
        assert url not in response.content.decode(), address
        assert rail in response.content.decode(), address
    search = client.get(reverse("articles:search"), {"q": "harbour"})
    assert search.context["page"].paginator.count == 0
    browse = client.get(reverse("articles:search"))
    assert browse.context["page"].paginator.count == 1
    source = client.get(
        reverse("articles:source", kwargs={"slug": withdrawn.source.slug})
    )
    assert source.context["page"].paginator.count == 1
    assert not Entity.objects.filter(name="Hiroshi Tanabe", article_count__gt=0)
    feed = ET.fromstring(client.get(reverse("articles:feed")).content)
    links = [e.get("href") for e in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert not any(url in (link or "") for link in links)


def test_the_notice_read_again_changes_nothing(tmp_path, withdrawn):
    again = send(tmp_path, "v2", version=2, status="canceled")
    assert (again.withdrawn, again.unchanged, again.skipped) == (0, 1, 0)
    assert Article.objects.withdrawn().count() == 1


def test_a_notice_for_a_story_never_received_is_reported(tmp_path):
    result = send(tmp_path, "v9", version=9, status="canceled")
    assert (result.withdrawn, result.skipped, result.failed) == (0, 1, 0)
    assert "holds no version of" in result.skips[0] and GUID in result.skips[0]


def test_a_version_sent_after_the_notice_is_shown(tmp_path, withdrawn):
    result = send(tmp_path, "v3", version=3, paragraphs=FIRST[:1])
    assert result.created == 1
    newest = Article.objects.get(import_key=f"{GUID}#3")
    assert not newest.is_withdrawn
    assert newest.story_id == withdrawn.story_id


def test_a_dry_run_counts_what_it_would_withdraw(tmp_path):
    send(tmp_path, "v1", paragraphs=FIRST)
    path = write(tmp_path / "v2" / "item.xml", g2_item(version=2, status="canceled"))
    result = import_paths(paths=[path], dry_run=True)
    assert result.withdrawn == 1
    assert not Article.objects.withdrawn().exists()


@pytest.mark.parametrize("form", ["ninjs", "newsml1"])
def test_ninjs_and_newsml_1_notices_withdraw_too(tmp_path, form):
    if form == "ninjs":
        write_json(tmp_path / "v1" / "item.json", ninjs_2())
        write_json(
            tmp_path / "v2" / "item.json", ninjs_2(version="2", pubstatus="canceled")
        )
    else:
        write(tmp_path / "v1" / "item.xml", NEWSML_1)
        canceled = NEWSML_1.replace(">1</RevisionId>", ">2</RevisionId>").replace(
            '"Usable"', '"Canceled"'
        )
        write(tmp_path / "v2" / "item.xml", canceled)
    assert import_paths(paths=[tmp_path / "v1"]).created == 1
    result = import_paths(paths=[tmp_path / "v2"])
    assert (result.withdrawn, result.failed) == (1, 0), result.skips
    assert Article.objects.get().is_withdrawn


def post_action(client, action, article):
    return client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [article.pk]},
        follow=True,
    )


def test_an_editor_restores_it_and_the_notice_does_not_undo_that(
    tmp_path, admin_client, client, withdrawn
):
    changelist = admin_client.get(
        reverse("admin:articles_article_changelist"), {"withdrawn": "yes"}
    )
    assert [a.pk for a in changelist.context["cl"].result_list] == [withdrawn.pk]
    response = post_action(admin_client, "restore_articles", withdrawn)
    assert "Restored 1 article" in response.content.decode()
    withdrawn.refresh_from_db()
    assert not withdrawn.is_withdrawn
    assert client.get(withdrawn.get_absolute_url()).status_code == 200
    found = client.get(reverse("articles:search"), {"q": "harbour"})
    assert found.context["page"].paginator.count == 1
    assert Mention.objects.filter(
        article=withdrawn, entity__name="Hiroshi Tanabe"
    ).exists()
    entry = LogEntry.objects.get(object_id=str(withdrawn.pk))
    assert "Restored" in entry.get_change_message()
    again = send(tmp_path, "v2", version=2, status="canceled")
    assert again.withdrawn == 0
    withdrawn.refresh_from_db()
    assert not withdrawn.is_withdrawn


def test_an_editor_withdraws_an_article(tmp_path, admin_client, client):
    send(tmp_path, "v1", paragraphs=FIRST)
    article = Article.objects.get()
    response = post_action(admin_client, "withdraw_articles", article)
    assert "Withdrew 1 article" in response.content.decode()
    article.refresh_from_db()
    assert article.is_withdrawn
    assert article.withdrawn_reason == "withdrawn by an editor"
    assert LogEntry.objects.get(object_id=str(article.pk)).user.username == "admin"
    assert client.get(article.get_absolute_url()).status_code == 410
    change = admin_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    )
    assert "Readers see only its headline" in change.content.decode()
    # Re-importing the story's file leaves it withdrawn.
    send(tmp_path, "v1", paragraphs=FIRST)
    article.refresh_from_db()
    assert article.is_withdrawn


def test_the_guid_decides_a_version_however_much_its_text_changed(tmp_path):
    send(tmp_path, "v1", paragraphs=FIRST)
    send(
        tmp_path,
        "v2",
        version=2,
        headline="Ferry terminal vote overturned by court",
        paragraphs=(
            "A district court on Friday annulled the vote that approved the "
            "terminal, siding with residents who said the board broke its rules.",
        ),
    )
    first, second = Article.objects.order_by("import_key")
    assert first.story_id == second.story_id
    assert first.story.size == 2


def test_extraction_and_the_search_index_leave_it_out(withdrawn):
    call_command("extract_entities", "--all", stdout=StringIO(), stderr=StringIO())
    assert not Mention.objects.filter(article=withdrawn).exists()
    withdrawn.refresh_from_db()
    assert "Hiroshi Tanabe" in {name for _, name, _ in withdrawn.withdrawn_mentions}
    call_command("rebuild_search_index", stdout=StringIO())
    assert not SearchText.objects.filter(article=withdrawn).exists()
    out = StringIO()
    call_command("check_search_index", stdout=out)
    assert "in step" in out.getvalue()
