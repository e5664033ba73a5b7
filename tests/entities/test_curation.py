"""One entity per real thing: aliases, merging, hiding, re-extraction, pages."""

import datetime
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from articles import corrections
from articles.entities.curation import (
    add_alias,
    merge_entities,
    resolve_entities,
    set_mentions,
)
from articles.entities.extraction import ExtractedEntity
from articles.models import (
    Article,
    Entity,
    EntityAlias,
    EntityKind,
    Mention,
    normalize_name,
)
from tests.factories import ArticleFactory, EntityFactory, MentionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_entity_changelist")


def found(name, kind="place", count=1):
    return ExtractedEntity(name=name, kind=kind, count=count)


def test_dotted_and_plain_abbreviations_share_a_key():
    assert normalize_name("U.S.") == normalize_name("US") == "us"
    assert normalize_name("The U.N.'s") == "un"


def test_names_resolve_through_aliases():
    usa = EntityFactory(name="United States")
    add_alias(usa, "U.S.")
    article = ArticleFactory()

    set_mentions([(article, [found("U.S.", count=2), found("United States")])])

    mention = Mention.objects.get(article=article)
    assert mention.entity == usa
    assert mention.count == 3


def test_merge_moves_mentions_adds_aliases_and_redirects(client):
    survivor = EntityFactory(name="North Korea")
    other = EntityFactory(name="DPRK")
    both = ArticleFactory()
    only_other = ArticleFactory()
    MentionFactory(article=both, entity=survivor, count=2)
    MentionFactory(article=both, entity=other, count=1)
    MentionFactory(article=only_other, entity=other, count=4)
    old_url = other.get_absolute_url()

    merge_entities(survivor, [other])

    assert not Entity.objects.filter(pk=other.pk).exists()
    assert Mention.objects.get(article=both).count == 3
    assert Mention.objects.get(article=only_other).entity == survivor
    assert [a.name for a in survivor.aliases.all()] == ["DPRK"]
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == survivor.get_absolute_url()


def test_later_imports_link_merged_names_to_the_survivor():
    survivor = EntityFactory(name="North Korea")
    merge_entities(survivor, [EntityFactory(name="DPRK")])
    article = ArticleFactory()
    set_mentions([(article, [found("DPRK")])])
    assert Mention.objects.get(article=article).entity == survivor


def test_admin_merge_asks_which_entity_remains_then_merges_and_logs(admin_client):
    keep = EntityFactory(name="Kenji Morita", kind=EntityKind.PERSON)
    drop = EntityFactory(name="Morita", kind=EntityKind.PERSON)
    MentionFactory(entity=drop)
    data = {"action": "merge_entities", "_selected_action": [keep.pk, drop.pk]}

    page = admin_client.post(CHANGELIST, data)
    assert page.status_code == 200
    assert "Choose the one that remains" in page.content.decode()

    done = admin_client.post(
        CHANGELIST, {**data, "survivor": keep.pk, "confirm": "yes"}
    )
    assert done.status_code == 302
    assert list(Entity.objects.values_list("name", flat=True)) == ["Kenji Morita"]
    assert Mention.objects.get().entity == keep
    messages = LogEntry.objects.values_list("change_message", flat=True)
    assert "Merged Morita into this entity." in messages


def test_renaming_keeps_the_old_name_as_an_alias_and_is_logged(admin_client):
    entity = EntityFactory(name="Burma")
    url = reverse("admin:articles_entity_change", args=[entity.pk])
    data = {
        "name": "Myanmar",
        "kind": entity.kind,
        "slug": entity.slug,
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    entity.refresh_from_db()
    assert entity.name == "Myanmar"
    assert EntityAlias.objects.get(entity=entity).name == "Burma"
    assert LogEntry.objects.filter(object_id=str(entity.pk)).exists()


def test_changing_kind_moves_the_aliases_with_it():
    entity = EntityFactory(name="Georgia", kind=EntityKind.PLACE)
    add_alias(entity, "Sakartvelo")
    entity.kind = EntityKind.ORGANISATION
    entity.save()
    assert EntityAlias.objects.get().kind == EntityKind.ORGANISATION


def test_renaming_onto_another_entitys_alias_is_refused(admin_client):
    usa = EntityFactory(name="United States")
    add_alias(usa, "USA")
    other = EntityFactory(name="America")
    url = reverse("admin:articles_entity_change", args=[other.pk])
    response = admin_client.post(
        url,
        {
            "name": "USA",
            "kind": other.kind,
            "slug": other.slug,
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "is already an entity of this kind" in response.content.decode()


def test_hidden_entities_leave_pages_and_facets(admin_client, client):
    junk = EntityFactory(name="Reuters Staff", kind=EntityKind.PERSON)
    article = ArticleFactory(title="Volcano erupts")
    MentionFactory(article=article, entity=junk)

    admin_client.post(
        CHANGELIST, {"action": "hide_entities", "_selected_action": [junk.pk]}
    )

    junk.refresh_from_db()
    assert junk.hidden
    assert LogEntry.objects.filter(change_message="Hidden.").exists()
    assert client.get(junk.get_absolute_url()).status_code == 404
    assert (
        "Reuters Staff" not in client.get(article.get_absolute_url()).content.decode()
    )
    assert "Reuters Staff" not in client.get(reverse("articles:home")).content.decode()
    search = client.get(reverse("articles:search"), {"q": "volcano"})
    assert "Reuters Staff" not in search.content.decode()


def test_reextraction_keeps_merges_hides_and_editors_removals(seed_dir):
    call_command("import_seeds", str(seed_dir), stdout=StringIO(), stderr=StringIO())
    article = Article.objects.get()
    china = Entity.objects.get(name="China", kind=EntityKind.PLACE)
    beijing = Entity.objects.get(name="Beijing", kind=EntityKind.PLACE)
    merge_entities(china, [beijing])  # an editor's (odd) decision
    tokyo = Entity.objects.get(name="Tokyo")
    tokyo.hidden = True
    tokyo.save()

    out = StringIO()
    call_command("extract_entities", "--all", stdout=out, stderr=StringIO())

    assert "Extracted entities for 1 articles" in out.getvalue()
    assert not Entity.objects.filter(name="Beijing").exists()
    assert Mention.objects.filter(article=article, entity=china).exists()
    assert Entity.objects.get(name="Tokyo").hidden

    article.edited_fields = [corrections.ENTITIES]
    article.save()
    Mention.objects.filter(article=article, entity=china).delete()
    call_command("extract_entities", str(article.pk), stdout=out, stderr=StringIO())
    assert not Mention.objects.filter(article=article, entity=china).exists()


def test_extract_entities_needs_articles_or_all():
    with pytest.raises(Exception, match="--all"):
        call_command("extract_entities", stdout=StringIO())


# --- pages ---


def test_entity_page_shows_aliases_timeline_and_companions(client):
    korea = EntityFactory(name="North Korea")
    add_alias(korea, "DPRK")
    japan = EntityFactory(name="Japan")
    for month in (1, 2, 5):
        article = ArticleFactory(published=datetime.date(2024, month, 3))
        MentionFactory(article=article, entity=korea)
        MentionFactory(article=article, entity=japan)
    page = client.get(korea.get_absolute_url()).content.decode()
    assert "Also written as DPRK." in page
    assert "Mentioned in 3 stories." in page
    assert "<title>Feb 2024: 1 story</title>" in page
    assert f'href="{japan.get_absolute_url()}">Japan</a>' in page


def test_source_page_shows_timeline_and_top_entities(client):
    article = ArticleFactory(published=datetime.date(2023, 4, 1))
    MentionFactory(article=article, entity=EntityFactory(name="Portvik"))
    page = client.get(article.source.get_absolute_url()).content.decode()
    assert "Published in Apr 2023 (1 story)." in page  # one period: a sentence
    assert ">Portvik</a>" in page
    for year in (2021, 2022):
        ArticleFactory(source=article.source, published=datetime.date(year, 4, 1))
    page = client.get(article.source.get_absolute_url()).content.decode()
    assert "<title>Apr 2022: 1 story</title>" in page


def test_related_articles_prefer_rarer_shared_entities(client):
    common = EntityFactory(name="Britain")
    rare = EntityFactory(name="Portvik")
    article = ArticleFactory(title="Ferry strike in Portvik")
    MentionFactory(article=article, entity=common)
    MentionFactory(article=article, entity=rare)
    close = ArticleFactory(title="Portvik ferry talks")
    MentionFactory(article=close, entity=rare)
    far = ArticleFactory(title="Weather in Britain")
    MentionFactory(article=far, entity=common)
    for _ in range(30):
        MentionFactory(entity=common)

    page = client.get(article.get_absolute_url()).content.decode()

    related = page[page.index("Related articles") :]
    assert related.index("Portvik ferry talks") < related.index("Weather in Britain")


def test_mentions_are_highlighted_in_the_text_on_request(client):
    article = ArticleFactory(body="Ash fell on Portvik <b>today</b>.")
    entity = EntityFactory(name="Portvik")
    MentionFactory(article=article, entity=entity)

    plain = client.get(article.get_absolute_url()).content.decode()
    marked = client.get(
        article.get_absolute_url(), {"highlight": "entities"}
    ).content.decode()

    assert "entity-mark" not in plain.split("<aside")[0]
    link = f'<a href="{entity.get_absolute_url()}">Portvik</a>'
    assert f'<mark class="entity-mark entity-mark--place">{link}</mark>' in marked
    assert "&lt;b&gt;today&lt;/b&gt;" in marked


def test_new_entities_are_created_together_each_with_its_own_slug(
    django_assert_max_num_queries,
):
    EntityFactory(name="Portvik", kind=EntityKind.PLACE)  # slug portvik is taken
    names = {
        (EntityKind.ORGANISATION, "portvik"): "Portvik",
        (EntityKind.PERSON, "portvik"): "PORTVIK",
        **{
            (EntityKind.PERSON, f"ingrid sol {n}"): f"Ingrid Sol {n}" for n in range(50)
        },
    }
    # Not a query or more per new name: the 50 go in one insert; only the
    # two whose slug is taken look for a free one.
    with django_assert_max_num_queries(20):
        found = resolve_entities(names)
    assert len(found) == 52
    slugs = [entity.slug for entity in found.values()]
    assert len(set(slugs)) == 52
    assert found[(EntityKind.PERSON, "ingrid sol 7")].slug == "ingrid-sol-7"
    assert {found[(kind, "portvik")].name for kind in ["org", "person"]} == {
        "Portvik",
        "PORTVIK",
    }
    assert resolve_entities(names) == found  # found again, none created


def test_merging_a_popular_entity_takes_a_fixed_number_of_statements(
    django_assert_max_num_queries,
):
    survivor = EntityFactory(name="United States")
    other = EntityFactory(name="U.S.")
    for n in range(40):
        article = ArticleFactory()
        MentionFactory(article=article, entity=other, count=2)
        if n % 2:
            MentionFactory(article=article, entity=survivor, count=1)
    with django_assert_max_num_queries(30):
        assert merge_entities(survivor, [other]) == 20
    survivor.refresh_from_db()
    assert survivor.article_count == 40
    counts = sorted(survivor.mentions.values_list("count", flat=True))
    assert counts == [2] * 20 + [3] * 20
