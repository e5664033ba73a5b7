"""Versions and copies of one story grouped at import, again from scratch,
and as editors decide. The stories are our own, in wire style."""

import pytest

from articles.models import Article, Story
from articles.stories import grouping
from tests.stories import (
    BODY,
    import_feed,
    import_wire,
    record,
    write,
)

pytestmark = pytest.mark.django_db


def story_of(key):
    return Article.objects.get(import_key=key).story_id


def test_an_alert_its_story_an_update_and_a_correction_are_one_story(tmp_path):
    import_wire(tmp_path, "a", "b", "c", "d", "e")
    assert story_of("a") == story_of("b") == story_of("c") == story_of("d")
    assert story_of("e") != story_of("a")
    story = Story.objects.get(pk=story_of("a"))
    assert story.size == 4
    assert [a.import_key for a in story.versions()] == ["a", "b", "c", "d"]
    corrected = Article.objects.get(import_key="d")
    assert corrected.version == "CORRECTED, UPDATE 1"
    assert corrected.title == "Chile port workers strike, halting exports"
    assert corrected.is_correction


def test_a_copy_from_another_feed_joins_the_story_as_a_copy(tmp_path):
    write(
        tmp_path / "one.jsonl",
        record("r1", "Chile port workers strike", BODY, "2024-01-09T14:40:00"),
    )
    # The same story again from another feed: a file, its own header and
    # line endings, an hour later.
    (tmp_path / "two.txt").write_text(
        "Title: Chile port workers strike\r\nDate: 2024-01-09 15:40\r\n"
        "Source: Reuters\r\n\r\n" + BODY.replace("\n", "\r\n")
    )
    import_feed(tmp_path)
    first, second = Article.objects.order_by("published_at", "pk")
    assert first.story_id == second.story_id
    assert (first.duplicate_of_id, second.duplicate_of_id) == (None, first.pk)


def test_the_same_headline_a_week_later_is_another_story(tmp_path):
    weekly = (
        "The following are the ships expected at the port of Valparaiso this "
        "week, with their berths and times of arrival.\n\n"
    )
    feed = write(
        tmp_path / "weekly.jsonl",
        record(
            "w1",
            "FACTBOX-Port of Valparaiso: the week ahead",
            weekly + "Maule Star, berth 3, Monday. Pacific Wren, berth 5, Tuesday. "
            "Andes Trader, berth 1, Thursday.",
            "2024-01-08T09:00:00",
        ),
        record(
            "w2",
            "FACTBOX-Port of Valparaiso: the week ahead",
            weekly + "Kestrel Bay, berth 2, Monday. Atacama Sun, berth 4, Wednesday. "
            "Ocean Ruby, berth 1, Friday.",
            "2024-01-15T09:00:00",
        ),
    )
    import_feed(feed)
    assert story_of("w1") != story_of("w2")


def test_reimport_changes_nothing_and_regrouping_agrees_with_import(tmp_path):
    import_wire(tmp_path, "a", "b", "e")
    feed = tmp_path / "wire.jsonl"
    before = dict(Article.objects.values_list("import_key", "story_id"))
    again = import_feed(feed)
    assert again.unchanged == 3
    assert dict(Article.objects.values_list("import_key", "story_id")) == before
    counts = grouping.regroup_all()
    assert counts == {"articles": 3, "stories": 2, "with versions": 1, "copies": 0}
    # Story ids are kept where the story's first article keeps its place.
    assert dict(Article.objects.values_list("import_key", "story_id")) == before
    assert Story.objects.count() == 2


def test_an_editors_move_out_survives_regrouping_and_reimport(tmp_path):
    import_wire(tmp_path, "a", "b")
    feed = tmp_path / "wire.jsonl"
    alert = Article.objects.get(import_key="a")
    old = alert.story_id
    new = grouping.place(alert, None)
    assert new.pk != old
    assert Story.objects.get(pk=old).size == 1
    grouping.regroup_all()
    import_feed(feed)
    assert story_of("a") == new.pk
    assert story_of("b") == old
    assert "story" in Article.objects.get(import_key="a").edited_fields


def test_merged_stories_stay_merged(tmp_path):
    import_wire(tmp_path, "b", "e")
    feed = tmp_path / "wire.jsonl"
    survivor = Story.objects.get(pk=story_of("b"))
    other = Story.objects.get(pk=story_of("e"))
    assert grouping.merge_stories(survivor, [other]) == 1
    grouping.regroup_all()
    import_feed(feed)
    assert story_of("b") == story_of("e") == survivor.pk
    assert Story.objects.get(pk=survivor.pk).size == 2
    assert not Story.objects.filter(pk=other.pk).exists()


def test_five_hundred_versions_of_one_story(tmp_path):
    records = [
        record(
            f"v{n}",
            f"UPDATE {n}-Chile port workers strike",
            BODY + f"\n\nThe count of ships waiting rose to {40 + n}.",
            f"2024-01-09T{8 + n // 60:02d}:{n % 60:02d}:00",
        )
        for n in range(500)
    ]
    import_feed(write(tmp_path / "many.jsonl", *records))
    assert Story.objects.count() == 1
    assert Story.objects.get().size == 500
    assert grouping.regroup_all()["stories"] == 1


def test_articles_imported_before_stories_are_grouped_by_the_command(tmp_path):
    import_wire(tmp_path, "a", "b")
    Article.objects.update(story=None)
    Story.objects.all().delete()
    from articles.models import StoryBand, StorySignature

    StorySignature.objects.all().delete()
    StoryBand.objects.all().delete()
    assert grouping.group_ungrouped() == 2
    assert story_of("a") == story_of("b") is not None


def test_a_refile_across_a_weeks_end_joins_its_story_from_another_import(tmp_path):
    # Sent late on a Sunday, refiled early on Monday: two weeks of the index,
    # and two runs of the importer (so the match is found in the database).
    import_wire(tmp_path, b=("Chile port workers strike", BODY, "2024-01-14T23:10:00"))
    import_wire(
        tmp_path,
        f=("REFILE-Chile port workers strike", BODY, "2024-01-15T00:20:00"),
    )
    assert story_of("b") == story_of("f")
    assert Article.objects.get(import_key="f").version == "REFILE"
    assert grouping.regroup_all()["stories"] == 1


def test_the_same_text_long_after_is_not_a_candidate(tmp_path):
    import_wire(tmp_path, b=("Chile port workers strike", BODY, "2024-01-09T14:40:00"))
    import_wire(tmp_path, f=("Chile dock strike", BODY, "2024-02-20T09:00:00"))
    assert story_of("b") != story_of("f")
    later = Article.objects.get(import_key="f")
    new = grouping.Candidate(
        later.pk, grouping.signature(later.title, BODY), later.published_at
    )
    # Its bands are looked for in the weeks around 20 February only.
    assert grouping._candidates_for([new], exclude=[later.pk]) == []
