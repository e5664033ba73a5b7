import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article, EntityKind
from tests.factories import (
    ArticleFactory,
    EntityFactory,
    MentionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
# Every public page reads the archive's state first, for its validators
# (articles/caching.py): one query more than the page's own.
STATE = 1


def html_of(response):
    return response.content.decode()


def text_of(response):
    """The page without its tags, so highlighted words read as plain text."""
    return re.sub(r"<[^>]+>", "", html_of(response))


def assert_shows(html, *parts):
    """Every one of `parts` is on the page."""
    missing = [part for part in parts if part not in html]
    assert not missing, f"not on the page: {missing}"


def titles_in_order(response, titles):
    """The given titles, in the order the page shows them."""
    text = text_of(response)
    return sorted(titles, key=text.index)


def make_full_article(**overrides):
    """One article with every field set and an entity of each kind."""
    fields = {
        "title": "Volcano erupts near fishing town",
        "body": (
            "Ash fell on the fishing town of Portvik on Tuesday.\n\n"
            "Residents were told to stay indoors, the coastguard said."
        ),
        "captions": "Ash cloud over Portvik harbour.\n\nA coastguard boat at sea.",
        "dateline": "PORTVIK",
        "byline": "By Ingrid Sol",
        "credits": "Reporting by Ingrid Sol; editing by Tom Reyes",
        "published": datetime.date(2024, 3, 5),
        "url": "https://example.com/volcano",
        "source": SourceFactory(name="North Wire"),
    }
    article = ArticleFactory(**(fields | overrides))
    for name, kind, count in [
        ("Ingrid Sol", EntityKind.PERSON, 1),
        ("Coastguard Agency", EntityKind.ORGANISATION, 2),
        ("Portvik", EntityKind.PLACE, 3),
        ("Icelanders", EntityKind.GROUP, 1),
    ]:
        MentionFactory(
            article=article, entity=EntityFactory(name=name, kind=kind), count=count
        )
    return article


# --- Home ------------------------------------------------------------------


def test_home_shows_latest_articles_sources_and_most_mentioned_entities(client):
    article = make_full_article()
    response = client.get(reverse("articles:home"))
    html = html_of(response)
    assert response.status_code == 200
    assert_shows(
        html,
        article.title,
        "Ash fell on the fishing town",
        "North Wire",
        "Portvik",
        "Places",
        'name="q"',
    )


def test_home_shows_only_the_ten_latest_articles(client):
    for day in range(1, 13):
        ArticleFactory(
            title=f"Story of day {day:02d}", published=datetime.date(2024, 1, day)
        )
    html = html_of(client.get(reverse("articles:home")))
    assert "Story of day 12" in html
    assert "Story of day 03" in html
    assert "Story of day 02" not in html


def test_home_of_empty_archive_explains_how_to_import(client):
    html = html_of(client.get(reverse("articles:home")))
    assert "The archive is empty" in html
    assert "python manage.py import_seeds PATH" in html


@pytest.mark.parametrize("articles", [3, 30])
def test_home_query_count_is_fixed(client, django_assert_num_queries, articles):
    for n in range(articles):
        MentionFactory(article=ArticleFactory(source=SourceFactory(name=f"S{n % 4}")))
    with django_assert_num_queries(3 + STATE):  # latest, sources, entities
        response = client.get(reverse("articles:home"))
    assert response.status_code == 200


# --- Article page ----------------------------------------------------------


def test_article_page_shows_every_part_of_the_article(client):
    article = make_full_article()
    response = client.get(article.get_absolute_url())
    html = html_of(response)
    assert response.status_code == 200
    assert_shows(
        html,
        "<h1>Volcano erupts near fishing town</h1>",
        "<p>Ash fell on the fishing town of Portvik on Tuesday.</p>",
        "<p>Residents were told to stay indoors, the coastguard said.</p>",
        "<figcaption>Ash cloud over Portvik harbour.</figcaption>",
        "<figcaption>A coastguard boat at sea.</figcaption>",
        "PORTVIK",
        "By Ingrid Sol",
        "Reporting by Ingrid Sol; editing by Tom Reyes",
        "5 March 2024",
        f'href="{article.source.get_absolute_url()}"',
        'href="https://example.com/volcano"',
    )


def test_article_page_groups_entities_by_kind_with_mention_counts(client):
    article = make_full_article()
    html = html_of(client.get(article.get_absolute_url()))
    headings = ["People", "Organisations", "Places", "Nationalities and groups"]
    assert titles_in_order(client.get(article.get_absolute_url()), headings) == headings
    assert re.search(
        r'href="/entities/portvik/">Portvik</a>\s*<span class="count">3', html
    )


def test_article_without_date_says_date_unknown(client):
    article = ArticleFactory(published=None)
    assert "date unknown" in html_of(client.get(article.get_absolute_url()))


def test_article_page_does_not_link_non_web_urls(client):
    article = ArticleFactory(url="javascript:alert(1)")
    html = html_of(client.get(article.get_absolute_url()))
    assert "javascript:" not in html
    assert "Read the original" not in html


def test_article_with_wrong_slug_redirects_permanently_to_canonical_url(client):
    article = ArticleFactory(title="Harbour reopens")
    response = client.get(reverse("articles:detail", args=[article.pk, "old-title"]))
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_short_article_url_redirects_permanently_to_canonical_url(client):
    article = ArticleFactory(title="Harbour reopens")
    response = client.get(reverse("articles:detail-short", args=[article.pk]))
    assert response.status_code == 301
    assert response["Location"] == f"/articles/{article.pk}/harbour-reopens/"


@pytest.mark.parametrize(
    "url",
    [
        "/articles/999999/any-slug/",
        "/articles/999999/",
        "/entities/no-such-entity/",
        "/sources/no-such-source/",
        "/no/such/page/",
    ],
)
def test_unknown_objects_give_the_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in html_of(response)


@pytest.mark.parametrize("articles", [3, 30])
def test_article_page_query_count_is_fixed(client, django_assert_num_queries, articles):
    article = make_full_article()
    for _ in range(articles):
        MentionFactory(article=article)
    # article with source, mentions with entities, and one statement that
    # counts how common each entity is and finds the articles sharing them
    with django_assert_num_queries(3 + STATE):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("others", [2, 20])
@pytest.mark.parametrize(
    "params, queries",
    [
        ({}, 3),  # the same: the related articles come with their ranking
        ({"highlight": "entities"}, 4),  # and the entities' other names
    ],
)
def test_article_page_with_related_articles_has_fixed_query_count(
    client, django_assert_num_queries, others, params, queries
):
    article = make_full_article()
    entity = EntityFactory(name="Portvik harbour")
    MentionFactory(article=article, entity=entity)
    for _ in range(others):
        MentionFactory(entity=entity)
    with django_assert_num_queries(queries + STATE):
        response = client.get(article.get_absolute_url(), params)
    assert response.status_code == 200


# --- Search page -----------------------------------------------------------


def search(client, **params):
    return client.get(reverse("articles:search"), params)


@pytest.mark.parametrize(
    ("stories", "query", "read", "shown", "hidden"),
    [
        (
            {
                "Volcano erupts": "Ash everywhere.",
                "Volcano quiet": "No ash.",
                "Ferry strike": "Boats idle.",
            },
            "volcano",
            html_of,
            ["2 stories match", "Showing articles with volcano."],
            ["Ferry strike"],
        ),
        (
            {"Ferry strike": "Boats idle."},
            "zeppelin",
            html_of,
            ["No articles match"],
            [],
        ),
        (
            {"Volcano erupts": "The volcano sent ash over the town."},
            "volcano",
            html_of,
            ["<mark>Volcano</mark> erupts", "<mark>volcano</mark> sent ash"],
            [],
        ),
        (
            {
                "New ferry terminal": "Opened today.",
                "Ferry company buys terminal": "A deal.",
            },
            '"ferry terminal"',
            html_of,
            ["1 story matches", "the phrase"],
            ["Ferry company buys terminal"],
        ),
        (
            {
                "Volcano erupts": "Ash.",
                "Tsunami warning": "Waves.",
                "Ferry strike": "Boats.",
            },
            "volcano OR tsunami",
            html_of,
            ["2 stories match"],
            ["Ferry strike"],
        ),
        (
            {"Volcano in Iceland": "Ash.", "Volcano in Japan": "Ash."},
            "volcano -iceland",
            text_of,
            ["1 story matches", "Volcano in Japan"],
            ["Volcano in Iceland"],
        ),
        (
            {"Defectors reach Seoul": "They travelled far.", "Ferry strike": "Boats."},
            "defect*",
            text_of,
            ["1 story matches", "Defectors reach Seoul"],
            [],
        ),
    ],
    ids=[
        "finds_articles_by_word_and_says_how_many",
        "with_no_hits_says_no_articles_match",
        "highlights_hits_in_headline_and_snippet",
        "finds_a_phrase_only_when_words_are_adjacent",
        "with_or_finds_either_word",
        "with_minus_excludes_a_word",
        "with_star_matches_word_prefixes",
    ],
)
def test_search(client, stories, query, read, shown, hidden):
    """Each story is {title: body}; `read` is how the page is read: as HTML, or
    as text where a hit's <mark> would split what is looked for."""
    for title, body in stories.items():
        ArticleFactory(title=title, body=body)
    page = read(search(client, q=query))
    for words in shown:
        assert words in page
    for words in hidden:
        assert words not in page


def test_search_ranks_a_headline_hit_above_a_body_only_hit(client):
    body_only = ArticleFactory(
        title="Weekly council meeting",
        body="Among other things the volcano was discussed.",
        published=datetime.date(2024, 5, 1),
    )
    headline = ArticleFactory(
        title="Volcano erupts",
        body="Ash fell on the town.",
        published=datetime.date(2020, 1, 1),
    )
    response = search(client, q="volcano")
    article_links = re.findall(r'<a href="(/articles/\d+/[^"]+)">', html_of(response))
    assert article_links[:2] == [
        headline.get_absolute_url(),
        body_only.get_absolute_url(),
    ]


def test_search_explains_ignored_words_and_repairs(client):
    ArticleFactory(title="Volcano erupts")
    html = html_of(search(client, q='the volcano "unclosed'))
    assert "‘the’ is too common and was ignored." in html
    assert "An unmatched &#x27;&quot;&#x27; was ignored." in html


def test_search_of_only_common_words_explains_that_nothing_was_left(client):
    ArticleFactory(title="The story")
    html = html_of(search(client, q="the"))
    assert "nothing left to search for" in html
    assert "No articles match" in html


def test_blank_search_lists_all_articles_newest_first(client):
    ArticleFactory(title="Older story", published=datetime.date(2020, 1, 1))
    ArticleFactory(title="Newer story", published=datetime.date(2024, 1, 1))
    response = search(client, q="  ")
    assert "2 stories" in html_of(response)
    assert titles_in_order(response, ["Older story", "Newer story"]) == [
        "Newer story",
        "Older story",
    ]


def test_articles_page_lists_articles_with_the_filter_form(client):
    ArticleFactory(title="Harbour news", source=SourceFactory(name="Coast Wire"))
    html = html_of(client.get(reverse("articles:list")))
    assert "<h1>Articles</h1>" in html
    assert "Harbour news" in html
    assert '<option value="coast-wire">Coast Wire</option>' in html


def test_search_filters_by_source_together_with_query(client):
    wanted = SourceFactory(name="Coast Wire")
    ArticleFactory(title="Volcano from coast", source=wanted)
    ArticleFactory(title="Volcano from inland", source=SourceFactory(name="Inland"))
    ArticleFactory(title="Ferry from coast", source=wanted)
    html = html_of(search(client, q="volcano", source="coast-wire"))
    assert "1 story matches" in html
    assert "from inland" not in html
    assert "Ferry from coast" not in html


def test_search_filters_by_entity_together_with_query(client):
    place = EntityFactory(name="Portvik")
    MentionFactory(entity=place, article=ArticleFactory(title="Volcano near Portvik"))
    ArticleFactory(title="Volcano elsewhere")
    MentionFactory(entity=place, article=ArticleFactory(title="Ferry to Portvik"))
    html = html_of(search(client, q="volcano", entity="portvik"))
    assert "1 story matches" in html
    assert "Volcano elsewhere" not in html
    assert "Only articles mentioning" in html
    assert '<input type="hidden" name="entity" value="portvik"' in html


def test_search_filters_by_date_range_together_with_query(client):
    for year in (2019, 2021, 2023):
        ArticleFactory(title=f"Volcano {year}", published=datetime.date(year, 6, 1))
    ArticleFactory(title="Ferry 2021", published=datetime.date(2021, 6, 1))
    response = search(
        client, q="volcano", published_after="2020-01-01", published_before="2022-01-01"
    )
    assert "1 story matches" in text_of(response)
    assert "Volcano 2021" in text_of(response)
    assert 'value="2020-01-01"' in html_of(response)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["Volcano 2023", "Volcano 2021", "Volcano 2019"]),
        ("oldest", ["Volcano 2019", "Volcano 2021", "Volcano 2023"]),
    ],
)
def test_search_sorts_by_date_when_asked(client, sort, expected):
    for year in (2021, 2019, 2023):
        ArticleFactory(title=f"Volcano {year}", published=datetime.date(year, 6, 1))
    response = search(client, q="volcano", sort=sort)
    assert titles_in_order(response, expected) == expected


def test_pagination_links_keep_the_query_and_filters(client):
    source = SourceFactory(name="Coast Wire")
    for _ in range(30):
        ArticleFactory(title="Volcano update", source=source)
    response = search(client, q="volcano", source="coast-wire", sort="newest")
    html = html_of(response)
    assert "30 stories match" in html
    assert 'href="?q=volcano&amp;source=coast-wire&amp;sort=newest&amp;page=2"' in html
    second = search(client, q="volcano", source="coast-wire", sort="newest", page=2)
    assert 'href="?q=volcano&amp;source=coast-wire&amp;sort=newest"' in html_of(second)


def test_search_pages_hold_twenty_articles_and_fold_in_a_short_last_page(client):
    for n in range(24):
        ArticleFactory(title=f"Volcano report {n}")
    html = html_of(search(client, q="volcano"))
    assert html.count('class="article-item"') == 24
    assert 'class="pagination"' not in html


HOSTILE_QUERIES = [
    '"',
    "(",
    ")",
    "OR",
    "NOT",
    "-",
    "*",
    "a:b",
    "'; DROP TABLE articles_article; --",
    "x" * 5000,
    "\x00",
    "ünïcödé",
    '"unclosed phrase',
    "((((a))))",
    "volcano OR",
    "-volcano",
    "NOT NOT NOT",
    '"" "" ""',
    "AND OR NOT",
    "<script>",
    "%",
    "\\",
    "\u202e\u200b",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_render_with_an_explanation(client, query):
    ArticleFactory(title="Volcano erupts")
    response = search(client, q=query)
    html = html_of(response)
    assert response.status_code == 200
    assert 'class="query-explanation"' in html or 'class="field__error"' in html
    assert "<h2 " in html  # the results heading: "No articles match" or a count
    assert Article.objects.count() == 1


def test_query_with_null_character_is_rejected_with_a_message(client):
    ArticleFactory(title="Volcano erupts")
    html = html_of(search(client, q="volcano\x00"))
    assert "Null characters are not allowed." in html


def test_very_long_query_is_cut_and_the_page_says_so(client):
    html = html_of(search(client, q="volcano " * 1000))
    assert "Only the first 500 characters were used." in html


BAD_PARAMS = [
    {"page": "abc"},
    {"page": "99999"},
    {"page": "-1"},
    {"page": "0"},
    {"page": "\x00"},
    {"page": "1e9"},
    {"published_after": "2020-13-45"},
    {"published_before": "yesterday"},
    {"published_after": "99999-01-01"},
    {"published_after": "\x00"},
    {"published_after": "2024-01-01", "published_before": "2020-01-01"},
    {"sort": "random"},
    {"sort": "\x00"},
    {"source": "no-such-source"},
    {"source": "\x00"},
    {"source": "x" * 5000},
    {"entity": "no-such-entity"},
    {"entity": "\x00"},
    {"q": "volcano", "sort": "random", "source": "nope", "page": "abc"},
]


@pytest.mark.parametrize("params", BAD_PARAMS)
@pytest.mark.parametrize("url_name", ["articles:search", "articles:list"])
def test_bad_parameters_never_break_the_listing(client, params, url_name):
    ArticleFactory(title="Volcano erupts")
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    assert "Volcano erupts" in text_of(response)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"published_after": "2020-13-45"}, "Enter a valid date."),
        ({"sort": "random"}, "Select a valid choice."),
        ({"source": "no-such-source"}, "There is no source with that name."),
        ({"entity": "no-such-entity"}, "There is no entity with that name."),
        (
            {"published_after": "2024-01-01", "published_before": "2020-01-01"},
            "The end date is before the start date; dates were ignored.",
        ),
    ],
)
def test_invalid_filter_is_ignored_and_explained(client, params, message):
    ArticleFactory(title="Volcano erupts", published=datetime.date(2022, 1, 1))
    html = html_of(search(client, **params))
    assert message in html
    assert "Some filters could not be used and were ignored" in html
    assert "1 story" in html


def test_invalid_filter_leaves_the_valid_filters_in_force(client):
    ArticleFactory(title="Volcano old", published=datetime.date(2010, 1, 1))
    ArticleFactory(title="Volcano new", published=datetime.date(2024, 1, 1))
    text = text_of(
        search(client, q="volcano", published_after="2020-01-01", source="nope")
    )
    assert "1 story matches" in text
    assert "Volcano new" in text
    assert "Volcano old" not in text


def test_page_past_the_end_shows_the_last_page(client):
    for n in range(45):
        ArticleFactory(title=f"Story {n:02d}", published=datetime.date(2000 + n, 1, 1))
    html = html_of(search(client, page="99999"))
    assert "Story 00" in html  # oldest, so on the last page
    assert "Story 44" not in html


# Count, the ranked ids of the page (and of the facets), the page's articles,
# source choices for the form, four facet queries (sources and dates
# together, entities, places and their countries, subjects), whether each word is in
# the archive at all. PostgreSQL adds an estimate of the matches with the
# archive's size, the best candidates (between two settings of the planner),
# the word counts of the candidates (see search/postgres.py; how many articles
# hold each word is cached), a savepoint with a statement timeout around the
# facets (four statements inside a transaction, as in tests; two when
# serving), and has the page's ids from the candidates. Showing one result per
# story reads the stories of the ids in one more statement, and counts the
# stories from those when they are all the matches: no count of its own.
SEARCH_QUERIES = {"sqlite": 9, "postgresql": 18}


@pytest.mark.parametrize("articles", [3, 30])
def test_search_query_count_is_fixed(client, django_assert_num_queries, articles):
    for _ in range(articles):
        MentionFactory(article=ArticleFactory(title="Volcano erupts"))
    with django_assert_num_queries(SEARCH_QUERIES[connection.vendor] + STATE):
        response = search(client, q="volcano")
    assert response.status_code == 200


@pytest.mark.parametrize("articles", [3, 30])
def test_filtered_search_query_count_is_fixed(
    client, django_assert_num_queries, articles
):
    source = SourceFactory(name="Coast Wire")
    entity = EntityFactory(name="Portvik")
    for _ in range(articles):
        MentionFactory(
            entity=entity, article=ArticleFactory(title="Volcano", source=source)
        )
    # plus one lookup each to validate the source and the entity
    with django_assert_num_queries(SEARCH_QUERIES[connection.vendor] + 2 + STATE):
        response = search(client, q="volcano", source="coast-wire", entity="portvik")
    assert f"{articles} stories match" in html_of(response)


# --- Entities --------------------------------------------------------------


def test_entity_page_lists_articles_mentioning_it_newest_first(client):
    place = EntityFactory(name="Portvik", kind=EntityKind.PLACE)
    for year in (2020, 2023):
        MentionFactory(
            entity=place,
            article=ArticleFactory(
                title=f"Portvik in {year}", published=datetime.date(year, 1, 1)
            ),
        )
    ArticleFactory(title="Somewhere else")
    response = client.get(place.get_absolute_url())
    html = html_of(response)
    assert "<h1>Portvik</h1>" in html
    assert "Place" in html
    assert "Mentioned in 2 stories." in html
    assert "Somewhere else" not in html
    assert titles_in_order(response, ["Portvik in 2020", "Portvik in 2023"]) == [
        "Portvik in 2023",
        "Portvik in 2020",
    ]
    assert 'href="/search/?entity=portvik"' in html


def test_entity_page_is_paginated(client):
    place = EntityFactory(name="Portvik")
    for n in range(30):
        MentionFactory(entity=place, article=ArticleFactory(title=f"Story {n}"))
    html = html_of(client.get(place.get_absolute_url()))
    assert html.count('class="article-item"') == 20
    assert 'href="?page=2"' in html


@pytest.mark.parametrize("articles", [3, 30])
def test_entity_page_query_count_is_fixed(client, django_assert_num_queries, articles):
    place = EntityFactory(name="Portvik")
    harbour = EntityFactory(name="Portvik harbour")
    for _ in range(articles):
        article = ArticleFactory(published=datetime.date(2024, 1 + articles % 12, 1))
        MentionFactory(entity=place, article=article)
        MentionFactory(entity=harbour, article=article)
    # entity, its aliases, first and last dates, timeline, ids of the page,
    # its articles, the ids of its latest articles, the entities named with
    # them (counted, then named) and their places; the count of articles is
    # the entity's own.
    with django_assert_num_queries(10 + STATE):
        response = client.get(place.get_absolute_url())
    assert response.status_code == 200
    assert f"Mentioned in {articles} stories" in html_of(response)


def test_entity_list_shows_entities_with_article_counts(client):
    place = EntityFactory(name="Portvik", kind=EntityKind.PLACE)
    for _ in range(3):
        MentionFactory(entity=place)
    MentionFactory(entity=EntityFactory(name="Ingrid Sol", kind=EntityKind.PERSON))
    html = html_of(client.get(reverse("articles:entities")))
    assert "2 entities" in html
    assert re.search(
        r"Portvik</a></th>\s*<td>Place</td>\s*<td class=\"num\">3</td>", html
    )
    assert "Ingrid Sol" in html


@pytest.mark.parametrize("entities", [3, 30])
def test_entity_list_query_count_is_fixed(client, django_assert_num_queries, entities):
    for _ in range(entities):
        MentionFactory()
    with django_assert_num_queries(2 + STATE):  # count, page of entities
        response = client.get(reverse("articles:entities"), {"kind": "place"})
    assert f"{entities} entities" in html_of(response)


def test_entity_list_filters_by_kind(client):
    MentionFactory(entity=EntityFactory(name="Portvik", kind=EntityKind.PLACE))
    MentionFactory(entity=EntityFactory(name="Ingrid Sol", kind=EntityKind.PERSON))
    html = html_of(client.get(reverse("articles:entities"), {"kind": "place"}))
    assert "Portvik" in html
    assert "Ingrid Sol" not in html
    assert 'href="?kind=place" aria-current="page"' in html


def test_entity_list_filters_by_part_of_a_name(client):
    MentionFactory(entity=EntityFactory(name="Portvik"))
    MentionFactory(entity=EntityFactory(name="Ingrid Sol", kind=EntityKind.PERSON))
    html = html_of(client.get(reverse("articles:entities"), {"name": "vik"}))
    assert "Portvik" in html
    assert "Ingrid Sol" not in html


@pytest.mark.parametrize(
    "params",
    [{"kind": "dragon"}, {"page": "abc"}, {"page": "999"}, {"name": "x" * 500}],
)
def test_entity_list_with_bad_parameters_still_lists_entities(client, params):
    MentionFactory(entity=EntityFactory(name="Portvik"))
    response = client.get(reverse("articles:entities"), params)
    assert response.status_code == 200
    assert "Portvik" in html_of(response)


# --- Sources ---------------------------------------------------------------


def test_source_list_shows_sources_with_article_counts(client):
    coast = SourceFactory(name="Coast Wire")
    for _ in range(3):
        ArticleFactory(source=coast)
    SourceFactory(name="Empty Wire")
    html = html_of(client.get(reverse("articles:sources")))
    assert re.search(r'Coast Wire</a></th>\s*<td class="num">3</td>', html)
    assert re.search(r'Empty Wire</a></th>\s*<td class="num">0</td>', html)


def test_source_page_shows_count_date_range_and_articles_newest_first(client):
    coast = SourceFactory(name="Coast Wire")
    ArticleFactory(source=coast, title="First", published=datetime.date(2019, 2, 3))
    ArticleFactory(source=coast, title="Last", published=datetime.date(2023, 4, 5))
    ArticleFactory(title="Other source")
    response = client.get(coast.get_absolute_url())
    html = html_of(response)
    assert "<h1>Coast Wire</h1>" in html
    assert "2 stories" in html
    assert "3 February 2019" in html and "5 April 2023" in html
    assert "Other source" not in html
    assert titles_in_order(response, ["First", "Last"]) == ["Last", "First"]


@pytest.mark.parametrize("articles", [3, 30])
def test_source_pages_query_counts_are_fixed(
    client, django_assert_num_queries, articles
):
    coast = SourceFactory(name="Coast Wire")
    for n in range(articles):
        ArticleFactory(source=coast, published=datetime.date(2020 + n % 5, 1, 1))
    with django_assert_num_queries(1 + STATE):  # sources with counts and dates
        client.get(reverse("articles:sources"))
    # source, first and last dates (and undated articles), timeline, ids of
    # the page, its articles, ids of its latest articles, their top entities
    with django_assert_num_queries(7 + STATE):
        response = client.get(coast.get_absolute_url())
    assert f"{articles} stories" in html_of(response)


@pytest.mark.parametrize("page", ["abc", "0", "99999"])
def test_source_page_with_bad_page_number_still_renders(client, page):
    coast = SourceFactory(name="Coast Wire")
    ArticleFactory(source=coast, title="Only story")
    response = client.get(coast.get_absolute_url(), {"page": page})
    assert response.status_code == 200
    assert "Only story" in html_of(response)


# --- Layout ----------------------------------------------------------------


def test_pages_share_the_base_layout(client):
    html = html_of(client.get(reverse("articles:sources")))
    assert_shows(
        html,
        '<html lang="en">',
        'name="viewport"',
        '<a class="skip-link" href="#main">',
        '<main id="main"',
        "css/newsroom.css",
        'action="/search/"',
    )


def test_500_page_renders_without_a_request(client):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html
