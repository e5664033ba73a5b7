"""Editors move a version out of its story and merge stories in the admin;
the history says who did what, and regrouping keeps it."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from articles.models import Article, Story, StoryBand, StorySignature
from articles.models.archive import moment_of
from articles.stories import grouping
from articles.stories.matching import week_of
from tests.factories import admin_change_data
from tests.stories import BODY, import_wire
from tests.web.test_admin import post_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def wire(tmp_path):
    return import_wire(tmp_path, "a", "b", "e")


def test_an_editor_moves_a_version_out_of_its_story(admin_client, wire):
    alert, story = wire["a"], wire["a"].story_id
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "move_out_of_their_stories", "_selected_action": [alert.pk]},
        follow=True,
    )
    assert "Moved 1 article out of its story." in response.content.decode()
    alert.refresh_from_db()
    assert alert.story_id != story
    assert Story.objects.get(pk=story).size == 1
    entry = LogEntry.objects.get(object_id=str(alert.pk))
    assert f"Moved out of story {story}" in entry.get_change_message()
    grouping.regroup_all()
    alert.refresh_from_db()
    assert alert.story_id != Article.objects.get(import_key="b").story_id


def test_an_editor_merges_stories(admin_client, wire):
    strike, quake = wire["b"].story_id, wire["e"].story_id
    response = admin_client.post(
        reverse("admin:articles_story_changelist"),
        {"action": "merge_stories", "_selected_action": [strike, quake]},
        follow=True,
    )
    assert "Merged 2 stories into story" in response.content.decode()
    survivor = min(strike, quake)
    assert set(Article.objects.values_list("story_id", flat=True)) == {survivor}
    assert Story.objects.get().size == 3
    history = admin_client.get(
        reverse("admin:articles_story_history", args=[survivor])
    ).content.decode()
    assert "Merged stories" in history


def test_the_story_page_lists_its_versions(admin_client, wire):
    response = admin_client.get(
        reverse("admin:articles_story_change", args=[wire["a"].story_id])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chile port workers strike, halting exports" in page
    assert page.count('class="field-title"') == 2


def test_an_editor_puts_an_article_in_another_story(admin_client, wire):
    quake, strike = wire["e"], wire["b"].story_id
    url = reverse("admin:articles_article_change", args=[quake.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(
        {
            "story": strike,
            "duplicate_of": "",
            "published_at_0": "2024-01-09",
            "published_at_1": "15:00:00",
            "mentions-TOTAL_FORMS": 0,
            "mentions-INITIAL_FORMS": 0,
            "mentions-MIN_NUM_FORMS": 0,
            "mentions-MAX_NUM_FORMS": 1000,
        }
    )
    data.pop("published_at", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    quake.refresh_from_db()
    assert quake.story_id == strike
    assert "story" in quake.edited_fields
    assert Story.objects.get(pk=strike).size == 3
    grouping.regroup_all()
    quake.refresh_from_db()
    assert quake.story_id == strike


def test_the_story_list_reads_its_headlines_in_one_query(
    admin_client, wire, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ArticleFactory

    url = reverse("admin:articles_story_changelist")
    with CaptureQueriesContext(connection) as few:
        page = admin_client.get(url).content.decode()
    assert "Chile port workers strike, halting exports" in page
    assert "Quake shakes northern Chile" in page
    for number in range(5):
        ArticleFactory(title=f"Harbour story {number}", story=Story.objects.create())
    with django_assert_num_queries(len(few)):
        page = admin_client.get(url).content.decode()
    assert "Harbour story 4" in page


def test_an_editors_correction_of_text_or_date_is_what_versions_meet(
    admin_client, wire
):

    alert = wire["a"]
    data = admin_change_data(
        alert, title="Chile dockers strike at Valparaiso", body=BODY
    )
    post_change(admin_client, alert, data)
    signed = StorySignature.objects.get(article=alert)
    assert signed.headline == "chile dockers strike at valparaiso"
    assert signed.minhash == grouping.signature(alert.title, alert.body).to_bytes()
    weeks = set(StoryBand.objects.filter(article=alert).values_list("week", flat=True))
    assert weeks == {week_of(moment_of(alert.published_at, alert.published))}
