import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, EntityKind, Mention, Source
from tests.factories import (
    ArticleFactory,
    EntityFactory,
    MentionFactory,
    SourceFactory,
    admin_change_data,
)

pytestmark = pytest.mark.django_db

ARTICLES_URL = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def post_change(client, article, data):
    response = client.post(change_url(article), data)
    if response.status_code != 302:
        adminform = response.context["adminform"]
        inline_errors = [
            f.formset.errors for f in response.context["inline_admin_formsets"]
        ]
        pytest.fail(f"form rejected: {adminform.form.errors} {inline_errors}")
    article.refresh_from_db()
    return response


def listed_titles(response):
    return [article.title for article in response.context["cl"].result_list]


# --- Changelists ------------------------------------------------------------


def test_article_changelist_shows_title_source_and_entity_count(admin_client):
    article = ArticleFactory(
        title="Ferry terminal opens in Kobe",
        source=SourceFactory(name="Kyodo"),
        published=datetime.date(2024, 3, 5),
    )
    MentionFactory.create_batch(3, article=article)

    response = admin_client.get(ARTICLES_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Ferry terminal opens in Kobe" in content
    assert "Kyodo" in content
    assert '<td class="field-entity_count">3</td>' in content


def test_article_changelist_sorts_by_entity_count(admin_client):
    few = ArticleFactory(title="Few entities")
    many = ArticleFactory(title="Many entities")
    MentionFactory(article=few)
    MentionFactory.create_batch(4, article=many)
    ArticleFactory(title="No entities")

    # Column 4 of list_display is the entity count; "-" sorts descending.
    response = admin_client.get(ARTICLES_URL, {"o": "-4"})

    assert listed_titles(response) == ["Many entities", "Few entities", "No entities"]


def test_source_changelist_shows_article_counts(admin_client):
    kyodo = SourceFactory(name="Kyodo")
    ArticleFactory.create_batch(2, source=kyodo)
    SourceFactory(name="Reuters")

    response = admin_client.get(reverse("admin:articles_source_changelist"))

    assert response.status_code == 200
    counts = {s.name: s.article_count for s in response.context["cl"].result_list}
    assert counts == {"Kyodo": 2, "Reuters": 0}
    assert "kyodo" in response.content.decode()


def test_entity_changelist_shows_kind_and_article_counts(admin_client):
    tokyo = EntityFactory(name="Tokyo", kind=EntityKind.PLACE)
    MentionFactory.create_batch(3, entity=tokyo)
    EntityFactory(name="Bank of Japan", kind=EntityKind.ORGANISATION)

    response = admin_client.get(reverse("admin:articles_entity_changelist"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Tokyo" in content and "Bank of Japan" in content
    assert "Organisation" in content
    counts = {e.name: e.article_count for e in response.context["cl"].result_list}
    assert counts == {"Tokyo": 3, "Bank of Japan": 0}


def test_article_search_finds_by_title(admin_client):
    ArticleFactory(title="Typhoon closes Osaka airport")
    ArticleFactory(title="Election results in Hokkaido")

    response = admin_client.get(ARTICLES_URL, {"q": "typhoon"})

    assert listed_titles(response) == ["Typhoon closes Osaka airport"]


def test_article_search_finds_by_import_key(admin_client):
    ArticleFactory(title="Wanted", import_key="kyodo/2024/0042.txt")
    ArticleFactory(title="Other", import_key="kyodo/2024/0043.txt")

    response = admin_client.get(ARTICLES_URL, {"q": "0042"})

    assert listed_titles(response) == ["Wanted"]


def test_article_filter_by_source_lists_only_that_sources_articles(admin_client):
    kyodo = SourceFactory(name="Kyodo")
    ArticleFactory(title="From Kyodo", source=kyodo)
    ArticleFactory(title="From Reuters", source=SourceFactory(name="Reuters"))

    response = admin_client.get(ARTICLES_URL, {"source__id__exact": kyodo.pk})

    assert listed_titles(response) == ["From Kyodo"]


def test_article_changelist_query_count_does_not_grow_with_articles(
    admin_client, django_assert_max_num_queries
):
    def add_articles(n):
        for article in ArticleFactory.create_batch(
            n, published=datetime.date(2024, 1, 2)
        ):
            MentionFactory.create_batch(2, article=article)

    add_articles(2)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(ARTICLES_URL)
    add_articles(20)

    with django_assert_max_num_queries(len(few)):
        response = admin_client.get(ARTICLES_URL)
    assert len(response.context["cl"].result_list) == 22


def test_html_in_article_title_is_escaped_on_changelist(admin_client):
    ArticleFactory(title="<script>alert('x')</script> Budget passes")

    response = admin_client.get(ARTICLES_URL)

    content = response.content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert" in content


# --- Article change page ----------------------------------------------------


def test_article_change_page_shows_fields_and_mentions_inline(admin_client):
    article = ArticleFactory(title="Central bank holds rates", byline="By Aiko Sato")
    MentionFactory(article=article, entity=EntityFactory(name="Bank of Japan"), count=4)

    response = admin_client.get(change_url(article))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Central bank holds rates" in content
    assert "By Aiko Sato" in content
    assert 'name="mentions-TOTAL_FORMS"' in content
    assert "Bank of Japan" in content
    assert article.import_key in content


def test_editing_title_and_published_records_them_as_corrections(admin_client):
    article = ArticleFactory(
        title="Minister resgins", published=datetime.date(2024, 5, 1)
    )

    post_change(
        admin_client,
        article,
        admin_change_data(article, title="Minister resigns", published="2024-05-02"),
    )

    assert article.title == "Minister resigns"
    assert article.published == datetime.date(2024, 5, 2)
    assert article.edited_fields == ["published", "title"]


def test_saving_an_unchanged_article_records_no_corrections(admin_client):
    article = ArticleFactory(
        published=datetime.date(2024, 5, 1), url="https://example.com/a"
    )
    MentionFactory(article=article)

    post_change(admin_client, article, admin_change_data(article))

    assert article.edited_fields == []


def test_a_new_correction_keeps_earlier_ones_sorted_and_unique(admin_client):
    article = ArticleFactory(byline="By A. Writer", edited_fields=["title", "entities"])

    post_change(
        admin_client,
        article,
        admin_change_data(article, title="Retitled again", byline="By A. N. Writer"),
    )

    assert article.edited_fields == ["byline", "entities", "title"]


def test_editing_the_body_is_recorded_as_a_correction(admin_client):
    article = ArticleFactory()

    post_change(admin_client, article, admin_change_data(article, body="Rewritten."))

    assert article.body == "Rewritten."
    assert article.edited_fields == ["body"]


def test_deleting_a_mention_records_entities(admin_client):
    article = ArticleFactory()
    kept, dropped = MentionFactory.create_batch(2, article=article)
    data = admin_change_data(article)
    index = [m.pk for m in article.mentions.all()].index(dropped.pk)
    data[f"mentions-{index}-DELETE"] = "on"

    post_change(admin_client, article, data)

    assert list(article.mentions.all()) == [kept]
    assert article.edited_fields == ["entities"]


def test_adding_a_mention_records_entities(admin_client):
    article = ArticleFactory()
    entity = EntityFactory()
    data = admin_change_data(article)
    data.update(
        {
            "mentions-TOTAL_FORMS": 1,
            "mentions-0-article": article.pk,
            "mentions-0-entity": entity.pk,
            "mentions-0-count": 2,
        }
    )

    post_change(admin_client, article, data)

    assert Mention.objects.get(article=article).entity == entity
    assert article.edited_fields == ["entities"]


def test_changing_a_mention_count_and_title_records_both(admin_client):
    article = ArticleFactory(title="Old title")
    mention = MentionFactory(article=article, count=1)
    data = admin_change_data(article, title="New title")
    data["mentions-0-count"] = 5

    post_change(admin_client, article, data)

    mention.refresh_from_db()
    assert mention.count == 5
    assert article.edited_fields == ["entities", "title"]


def test_import_metadata_is_not_in_the_form(admin_client):
    article = ArticleFactory()

    response = admin_client.get(change_url(article))

    form_fields = set(response.context["adminform"].form.fields)
    readonly = {
        "source_file",
        "import_key",
        "content_hash",
        "imported_at",
        "updated_at",
    }
    assert not form_fields & (readonly | {"credits", "edited_fields"})
    assert {"title", "published", "source", "body"} <= form_fields


def test_posting_import_metadata_does_not_change_it(admin_client):
    article = ArticleFactory(import_key="kyodo/0001.txt", credits="Desk: T. Ito")
    original_hash = article.content_hash

    post_change(
        admin_client,
        article,
        admin_change_data(
            article,
            import_key="forged.txt",
            content_hash="0" * 64,
            credits="Forged",
            edited_fields='["title"]',
        ),
    )

    assert article.import_key == "kyodo/0001.txt"
    assert article.content_hash == original_hash
    assert article.credits == "Desk: T. Ito"
    assert article.edited_fields == []


def test_articles_cannot_be_added_by_hand(admin_client):
    response = admin_client.get(reverse("admin:articles_article_add"))

    assert response.status_code == 403


# --- Actions ----------------------------------------------------------------


def test_clear_protection_action_empties_edited_fields_of_selected_articles(
    admin_client,
):
    selected = ArticleFactory(edited_fields=["entities", "title"])
    untouched = ArticleFactory(edited_fields=["byline"])

    response = admin_client.post(
        ARTICLES_URL,
        {"action": "allow_reimport_to_overwrite", "_selected_action": [selected.pk]},
        follow=True,
    )

    selected.refresh_from_db()
    untouched.refresh_from_db()
    assert selected.edited_fields == []
    assert untouched.edited_fields == ["byline"]
    assert "Removed re-import protection from 1 article." in response.content.decode()


def test_delete_selected_action_deletes_articles_and_their_mentions(admin_client):
    article = ArticleFactory()
    MentionFactory(article=article)

    admin_client.post(
        ARTICLES_URL,
        {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
    )

    assert not Article.objects.exists()
    assert not Mention.objects.exists()


# --- Sources and entities -----------------------------------------------------


def test_adding_a_source_saves_name_and_slug(admin_client):
    response = admin_client.post(
        reverse("admin:articles_source_add"), {"name": "Kyodo News", "slug": "kyodo"}
    )

    assert response.status_code == 302
    assert Source.objects.get(slug="kyodo").name == "Kyodo News"


def test_entity_change_page_shows_article_count_and_public_link(admin_client):
    entity = EntityFactory(name="Osaka")
    MentionFactory.create_batch(2, entity=entity)

    response = admin_client.get(
        reverse("admin:articles_entity_change", args=[entity.pk])
    )

    assert response.status_code == 200
    assert response.context["original"].article_count == 2
    content = response.content.decode()
    assert f'href="{entity.get_absolute_url()}"' in content
    assert 'name="mentions-TOTAL_FORMS"' not in content


def test_renaming_an_entity_onto_another_shows_an_error_instead_of_crashing(
    admin_client,
):
    EntityFactory(name="Bank of Japan", kind=EntityKind.ORGANISATION)
    other = EntityFactory(name="BOJ", kind=EntityKind.ORGANISATION, slug="boj")

    response = admin_client.post(
        reverse("admin:articles_entity_change", args=[other.pk]),
        {"name": "The Bank of Japan", "kind": EntityKind.ORGANISATION, "slug": "boj"},
    )

    assert response.status_code == 200
    assert "is already an entity of this kind" in response.content.decode()
    other.refresh_from_db()
    assert other.name == "BOJ"


def test_mention_inline_autocomplete_finds_entities_by_name(admin_client):
    EntityFactory(name="Nagoya")
    EntityFactory(name="Sapporo")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "mention",
            "field_name": "entity",
            "term": "nag",
        },
    )

    assert [r["text"] for r in response.json()["results"]] == ["Nagoya"]


# --- Access -----------------------------------------------------------------


def test_anonymous_user_is_redirected_to_login(client):
    article = ArticleFactory()

    response = client.get(change_url(article))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_without_permissions_gets_403_on_article_change_page(client):
    article = ArticleFactory()
    client.force_login(User.objects.create_user("intern", is_staff=True))

    response = client.get(change_url(article))

    assert response.status_code == 403
