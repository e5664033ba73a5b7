"""One entity per real thing across the archive: automatic merges, what an
editor sees of them, and undoing them."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command

from articles.entities.curation import merge_entities, undo_merge
from articles.entities.merging import merge_automatically, planned_merges
from articles.models import Entity, EntityKind, EntityMerge, Mention
from tests.factories import ArticleFactory, EntityFactory, MentionFactory

pytestmark = pytest.mark.django_db


def entity(name, kind=EntityKind.PERSON, articles=1, count=1, beside=()):
    """An entity named in `articles` articles of its own, each of which also
    names the entities `beside`."""
    found = EntityFactory(name=name, kind=kind)
    for _ in range(articles):
        article = ArticleFactory()
        MentionFactory(article=article, entity=found, count=count)
        for other in beside:
            MentionFactory(article=article, entity=other)
    return found


def named(name, kind=EntityKind.ORGANISATION):
    return Entity.objects.get_or_create(name=name, kind=kind)[0]


def who():
    """The company the WHO's chief keeps in the news."""
    return [named("World Health Organization"), named("Gavi")]


def names_merged():
    return {(m.other.name, m.survivor.name) for m in planned_merges()}


def test_a_lone_surname_in_another_story_joins_the_person_named_in_full():
    full = entity("Tedros Adhanom Ghebreyesus", articles=3, beside=who())
    entity("Tedros", articles=2, beside=who())
    merged = merge_automatically()
    assert [(m.other.name, m.survivor.name) for m in merged] == [
        ("Tedros", "Tedros Adhanom Ghebreyesus")
    ]
    full.refresh_from_db()
    assert full.article_count == 5
    assert not Entity.objects.filter(name="Tedros").exists()
    # Later stories that say "Tedros" link to him through the alias.
    assert Entity.objects.named("Tedros").get() == full
    record = EntityMerge.objects.get()
    assert record.automatic and record.reason == "short form of a person's name"


def test_different_people_who_share_a_surname_are_not_merged():
    entity("Kim Jong Un")
    entity("Kim Yo Jong")
    entity("Kim Do-hyung")
    entity("Kim")
    entity("Lee Jae-myung")
    entity("Lee Min-hee")
    entity("Lee")
    assert names_merged() == set()


def test_other_names_plurals_and_company_short_forms_are_merged():
    entity("United States", EntityKind.PLACE, articles=4)
    entity("U.S.", EntityKind.PLACE, articles=2)
    entity("Kenyan", EntityKind.GROUP)
    entity("Kenyans", EntityKind.GROUP)
    chips = [named("Vardenian Chip Council"), named("Kestrel Foundries")]
    entity("Samsung Electronics Co", EntityKind.ORGANISATION, beside=chips)
    entity("Samsung", EntityKind.ORGANISATION, beside=chips)
    entity("Reading", EntityKind.PLACE)  # a one-word place is left alone
    assert names_merged() == {
        ("U.S.", "United States"),
        ("Kenyans", "Kenyan"),
        ("Samsung", "Samsung Electronics Co"),
    }


def test_a_lone_first_name_in_other_company_is_another_person():
    film = [named("Cinema Guild"), named("Le Figaro")]
    entity("Audrey Tautou", beside=film)
    entity("Audrey", beside=[named("Labour Party"), named("Le Figaro")])
    entity("Luton v Hinckley", beside=film)  # a fixture taken for a person
    entity("Luton", beside=film)
    entity("Rapper Eminem", beside=film)  # a job taken for a first name
    entity("Eminem", beside=film)
    entity("Glaxo and Ligand Pharmaceuticals Inc", EntityKind.ORGANISATION)
    entity("Glaxo", EntityKind.ORGANISATION)
    assert names_merged() == set()


def test_an_undone_merge_is_separate_again_and_is_not_made_again():
    full = entity("Tedros Adhanom Ghebreyesus", articles=2, beside=who())
    short = entity("Tedros", articles=1, beside=who())
    shared = ArticleFactory()  # an article that names both
    MentionFactory(article=shared, entity=full, count=2)
    MentionFactory(article=shared, entity=short, count=1)
    slug = short.slug
    merge_automatically()
    record = EntityMerge.objects.get(name="Tedros")
    restored = undo_merge(record)
    assert (restored.name, restored.kind, restored.slug) == ("Tedros", "person", slug)
    assert restored.article_count == 2
    full.refresh_from_db()
    assert full.article_count == 3
    assert Mention.objects.get(article=shared, entity=full).count == 2
    assert Mention.objects.get(article=shared, entity=restored).count == 1
    assert Entity.objects.named("Tedros").get() == restored
    assert names_merged() == set()
    with pytest.raises(ValueError):
        undo_merge(record)


def test_an_editors_merge_is_recorded_and_can_be_undone_too():
    survivor = entity("Seoul Metro", EntityKind.ORGANISATION)
    other = entity("Seoul Metropolitan Subway", EntityKind.ORGANISATION)
    merge_entities(survivor, [other])
    record = EntityMerge.objects.get()
    assert not record.automatic and record.name == "Seoul Metropolitan Subway"
    assert undo_merge(record).article_count == 1


def test_the_admin_lists_merges_and_undoes_them_with_history(admin_client):
    entity("Tedros Adhanom Ghebreyesus", beside=who())
    entity("Tedros", beside=who())
    merge_automatically()
    record = EntityMerge.objects.get()
    listing = admin_client.get(
        "/admin/articles/entitymerge/", {"automatic__exact": 1, "undone": "no"}
    )
    assert listing.status_code == 200
    assert "short form of a person" in listing.content.decode()
    survivor_page = admin_client.get(
        f"/admin/articles/entity/{record.survivor_id}/change/"
    )
    assert "Entities merged into this one" in survivor_page.content.decode()
    assert "automatically: short form" in survivor_page.content.decode()
    done = admin_client.post(
        "/admin/articles/entitymerge/",
        {"action": "undo_merges", "_selected_action": [record.pk]},
        follow=True,
    )
    assert "Undid 1 merge" in done.content.decode()
    assert Entity.objects.filter(name="Tedros").exists()
    assert LogEntry.objects.filter(object_repr__contains="Tedros").count() >= 2


def test_the_command_lists_and_makes_the_merges(capsys):
    entity("Tedros Adhanom Ghebreyesus", beside=who())
    entity("Tedros", beside=who())
    call_command("merge_entities", "--dry-run")
    assert "1 entities would merge" in capsys.readouterr().out
    assert Entity.objects.filter(name="Tedros").exists()
    call_command("merge_entities")
    assert "1 entities merged" in capsys.readouterr().out
    assert not Entity.objects.filter(name="Tedros").exists()


MEASLES_STORIES = {
    "one.txt": (
        "WHO chief warns of measles\n\nGENEVA, March 3 (Reuters) - Tedros "
        "Adhanom Ghebreyesus, head of the World Health Organization, said on "
        "Monday that measles cases were rising in Europe and that UNICEF would "
        "help pay for vaccines.\n"
    ),
    "two.txt": (
        "Measles vaccine drive to begin, Tedros says\n\nBUCHAREST, March 4 "
        "(Reuters) - A vaccination drive against measles will begin in Romania "
        "next month with money from UNICEF, World Health Organization head Tedros "
        "told reporters on Tuesday.\n"
    ),
}


def test_an_import_merges_a_short_form_named_in_another_story(tmp_path):
    from articles.ingest.importer import import_paths

    for name, text in MEASLES_STORIES.items():
        (tmp_path / name).write_text(text)
    result = import_paths(paths=[tmp_path])
    people = set(
        Entity.objects.filter(kind=EntityKind.PERSON).values_list("name", flat=True)
    )
    assert people == {"Tedros Adhanom Ghebreyesus"}
    assert result.merged == 1
    assert Entity.objects.get(name="Tedros Adhanom Ghebreyesus").article_count == 2
    assert not Entity.objects.filter(merges_checked=False).exists()


def test_an_import_stopped_before_merging_is_merged_by_the_next_one(
    tmp_path, monkeypatch
):
    """An import killed after writing its articles, before its merges, leaves
    its entities unchecked; the next import checks them, though it has nothing
    new to write."""
    from articles.ingest import importer

    for name, text in MEASLES_STORIES.items():
        (tmp_path / name).write_text(text)
    with monkeypatch.context() as patched:
        patched.setattr(importer, "merge_unchecked", lambda: [])
        importer.import_paths(paths=[tmp_path])
    assert Entity.objects.filter(name="Tedros").exists()
    again = importer.import_paths(paths=[tmp_path])
    assert (again.created, again.unchanged, again.merged) == (0, 2, 1)
    assert not Entity.objects.filter(name="Tedros").exists()
    assert not Entity.objects.filter(merges_checked=False).exists()


def test_a_merge_pass_that_fails_half_way_makes_no_merge(monkeypatch):
    from articles.entities import merging

    entity("Tedros Adhanom Ghebreyesus", beside=who())
    entity("Tedros", beside=who())
    entity("Kenyan", kind=EntityKind.GROUP, articles=2)
    entity("Kenyans", kind=EntityKind.GROUP)
    made = []

    def fails_second(survivor, others, **kwargs):
        if made:
            raise RuntimeError("the database went away")
        made.append(merge_entities(survivor, others, **kwargs))

    monkeypatch.setattr(merging, "merge_entities", fails_second)
    with pytest.raises(RuntimeError):
        merging.merge_unchecked()
    assert made and not EntityMerge.objects.exists()
    assert Entity.objects.filter(name__in=["Tedros", "Kenyans"]).count() == 2
    assert Entity.objects.filter(merges_checked=False).count() == Entity.objects.count()
