"""The API as a program reads it: JSON, cursors, the search page's results,
errors it can act on, and the rate limit."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from rest_framework.authtoken.models import Token

from articles.models import EntityAlias, Story
from articles.withdrawal import withdraw
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory
from tests.security.test_headers import inline_blocks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def generous_rate(settings):
    settings.NEWSROOM_API_RATE = "1000/minute"


def get(client, route, *args, **params):
    return client.get(reverse(f"api:{route}", args=args), params)


def every_page(client, url):
    """The results of every page, following `next` as a client would."""
    found = []
    while url:
        body = client.get(url).json()
        found += body["results"]
        url = body["next"]
    return found


def test_articles_page_through_with_cursors_each_once(client):
    made = [ArticleFactory(title=f"Dredging report {n}") for n in range(7)]
    results = every_page(client, reverse("api:article-list") + "?limit=3")
    assert [r["id"] for r in results] == sorted((a.pk for a in made), reverse=True)


def test_a_cursor_stays_valid_when_articles_are_added(client):
    ArticleFactory.create_batch(4)
    first = get(client, "article-list", limit=2).json()
    newer = ArticleFactory()
    second = client.get(first["next"]).json()
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert newer.pk not in ids and len(set(ids)) == 4


def test_an_article_whole_with_its_entities_and_its_story(client):
    source = SourceFactory(name="Kyodo")
    story = Story.objects.create(size=2)
    first = ArticleFactory(
        source=source,
        story=story,
        title="Ferry service to resume",
        published=datetime.date(2026, 3, 1),
        body="Ferries to Sado will resume.\n\nThe operator said so.",
        captions="Photo shows a ferry. (Kyodo)",
    )
    update = ArticleFactory(
        source=source, story=story, version="UPDATE 1", title="Ferry to resume (update)"
    )
    sado = EntityFactory(name="Sado")
    MentionFactory(article=first, entity=sado, count=2)
    hidden = EntityFactory(name="Hidden Body", hidden=True)
    MentionFactory(article=first, entity=hidden)

    body = get(client, "article-detail", first.pk).json()

    assert body["paragraphs"] == [
        "Ferries to Sado will resume.",
        "The operator said so.",
    ]
    assert body["captions"] == ["Photo shows a ferry. (Kyodo)"]
    assert body["source"] == "Kyodo"
    assert body["published"] == "2026-03-01"
    assert body["story"] == story.pk
    assert [e["name"] for e in body["entities"]] == ["Sado"]
    assert body["entities"][0]["count"] == 2
    assert [v["id"] for v in body["versions"]] == [first.pk, update.pk]
    assert body["page"].endswith(first.get_absolute_url())


def test_a_withdrawn_article_is_gone_from_every_list(client):
    kept = ArticleFactory(title="Volcano erupts near the coast")
    gone = ArticleFactory(title="Volcano erupts in the north")
    withdraw([gone], "canceled")
    assert get(client, "article-detail", gone.pk).status_code == 404
    listed = [r["id"] for r in get(client, "article-list").json()["results"]]
    found = [r["id"] for r in get(client, "search", q="volcano").json()["results"]]
    assert listed == [kept.pk] and found == [kept.pk]


def test_entities_have_their_aliases_and_hidden_ones_are_left_out(client):
    united = EntityFactory(name="United States")
    EntityAlias.objects.create(entity=united, name="U.S.")
    EntityFactory(name="Secret Name", hidden=True)
    body = get(client, "entity-list").json()
    assert [(e["name"], e["aliases"]) for e in body["results"]] == [
        ("United States", ["U.S."])
    ]
    assert get(client, "entity-detail", united.slug).json()["aliases"] == ["U.S."]
    by_alias = get(client, "entity-list", name="u.s.").json()["results"]
    assert [e["slug"] for e in by_alias] == [united.slug]


def test_sources_by_slug(client):
    source = SourceFactory(name="Yonhap")
    ArticleFactory(source=source)
    body = get(client, "source-detail", source.slug).json()
    assert (body["name"], body["article_count"]) == ("Yonhap", 1)


def test_search_gives_the_search_page_s_results_in_its_order(client):
    for n in range(30):
        ArticleFactory(
            title=f"Harbour dredging phase {n}",
            body="The harbour will be dredged." + " Dredging." * (n % 5),
            published=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
        )
    for params in ({"q": "dredging"}, {"q": "dredging", "sort": "oldest"}):
        page = client.get(reverse("articles:search"), {**params, "format": "json"})
        api = get(client, "search", **params).json()
        expected = [r["id"] for r in page.json()["results"]]
        assert [r["id"] for r in api["results"]] == expected
        assert api["count"] == page.json()["count"] == 30
    results = every_page(client, reverse("api:search") + "?q=dredging&limit=7")
    assert len({r["id"] for r in results}) == 30


def test_search_is_one_result_per_story_with_its_versions(client):
    story = Story.objects.create(size=2)
    ArticleFactory(story=story, title="Typhoon nears Okinawa")
    ArticleFactory(
        story=story, title="Typhoon nears Okinawa (update)", version="UPDATE 1"
    )
    body = get(client, "search", q="typhoon").json()
    assert body["count"] == 1
    assert len(body["results"][0]["versions"]) == 2
    assert get(client, "search", q="typhoon", versions="all").json()["count"] == 2


def test_search_filters_as_the_page_does(client):
    kyodo, reuters = SourceFactory(name="Kyodo"), SourceFactory(name="Reuters")
    ArticleFactory(source=kyodo, title="Rice harvest falls")
    ArticleFactory(source=reuters, title="Rice prices rise")
    body = get(client, "search", q="rice", source=kyodo.slug).json()
    assert [r["source"] for r in body["results"]] == ["Kyodo"]
    assert get(client, "search", q="rice source:reuters").json()["count"] == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "x" * 10_000}, "q"),
        ({"q": "rice", "cursor": "not-a-cursor"}, "cursor"),
        ({"q": "rice", "limit": "1000"}, "limit"),
        ({"q": "rice", "source": "no-such-source"}, "source"),
        ({"q": "rice", "published_after": "2026-13-45"}, "published_after"),
    ],
)
def test_bad_search_parameters_are_a_400_that_names_them(client, params, field):
    response = get(client, "search", **params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"story": "-6.6e+245"}, "story"),
        ({"story": "12"}, "story"),
        ({"limit": "0"}, "limit"),
        ({"source": ""}, "source"),
    ],
)
def test_bad_list_parameters_are_a_400_that_names_them(client, params, field):
    response = get(client, "article-list", **params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("query", ['"unclosed', "AND OR", "(((", "title:", "-", "*"])
def test_malformed_queries_never_fail(client, query):
    ArticleFactory(title="Rice harvest")
    response = get(client, "search", q=query)
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_article_text_comes_back_as_written_not_as_html(client):
    article = ArticleFactory(title="<script>alert(1)</script> harbour")
    body = get(client, "article-detail", article.pk)
    assert body["Content-Type"] == "application/json"
    assert body.json()["title"] == "<script>alert(1)</script> harbour"


def test_anonymous_clients_are_limited_with_retry_after(client, settings):
    settings.NEWSROOM_API_RATE = "3/minute"
    codes = [get(client, "source-list").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = get(client, "source-list")
    assert int(limited["Retry-After"]) > 0
    # Another address is another client; a header the client sets itself is not.
    other = client.get(reverse("api:source-list"), REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 200
    spoofed = client.get(
        reverse("api:source-list"), HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert spoofed.status_code == 429


def test_a_staff_token_lifts_the_limit_and_a_reader_s_does_not(client, settings):
    settings.NEWSROOM_API_RATE = "2/minute"
    editor = User.objects.create_user("editor", is_staff=True)
    reader = User.objects.create_user("reader")
    staff = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=editor).key}"}
    other = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=reader).key}"}
    url = reverse("api:source-list")
    assert {client.get(url, **staff).status_code for _ in range(5)} == {200}
    assert [client.get(url, **other).status_code for _ in range(3)] == [200, 200, 429]


def test_a_token_that_is_not_valid_is_a_401(client):
    response = client.get(reverse("api:source-list"), HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401


def test_the_description_is_openapi_3_and_the_reference_shows_all_of_it(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/search/", "/api/articles/", "/api/entities/{slug}/"} <= set(
        schema["paths"]
    )
    response = client.get(reverse("api:docs"))
    page = response.content.decode()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert f"{method.upper()} {path}" in page
            assert f'id="{operation["operationId"]}"' in page
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in page
    for name in schema["components"]["schemas"]:
        assert f'id="object-{name}"' in page
    assert not inline_blocks(page, "script")
