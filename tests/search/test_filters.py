import datetime

import pytest

from articles.filters import ArticleFilter
from articles.models import Article
from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory

pytestmark = pytest.mark.django_db


def run_filter(**data):
    filterset = ArticleFilter(data, queryset=Article.objects.for_listing())
    return filterset, list(filterset.qs)


def titles(articles):
    return [article.title for article in articles]


def test_query_searches_and_keeps_the_parsed_query():
    ArticleFactory(title="Volcano erupts")
    ArticleFactory(title="Ferry strike")
    filterset, articles = run_filter(q="the volcano")
    assert titles(articles) == ["Volcano erupts"]
    assert filterset.parsed_query.describe() == "volcano"
    assert filterset.parsed_query.ignored == ["the"]


def test_without_query_nothing_is_parsed_and_everything_is_listed():
    ArticleFactory.create_batch(3)
    filterset, articles = run_filter()
    assert filterset.parsed_query is None
    assert len(articles) == 3


def test_query_with_nothing_searchable_matches_nothing():
    ArticleFactory(title="The story")
    filterset, articles = run_filter(q='"(')
    assert articles == []
    assert not filterset.parsed_query


def test_results_are_annotated_with_rank():
    ArticleFactory(title="Volcano erupts")
    _, articles = run_filter(q="volcano")
    assert isinstance(articles[0].rank, float)


def test_source_is_chosen_by_slug():
    ArticleFactory(title="Coast story", source=SourceFactory(name="Coast Wire"))
    ArticleFactory(title="Inland story", source=SourceFactory(name="Inland Wire"))
    _, articles = run_filter(source="coast-wire")
    assert titles(articles) == ["Coast story"]


def test_entity_is_chosen_by_slug():
    portvik = EntityFactory(name="Portvik")
    MentionFactory(entity=portvik, article=ArticleFactory(title="In Portvik"))
    MentionFactory(article=ArticleFactory(title="Elsewhere"))
    filterset, articles = run_filter(entity="portvik")
    assert titles(articles) == ["In Portvik"]
    assert filterset.form.cleaned_data["entity"] == portvik


def test_entity_is_a_hidden_field_not_a_list_of_every_entity():
    EntityFactory.create_batch(3)
    filterset, _ = run_filter(entity="port-city-1")
    html = str(filterset.form["entity"])
    assert 'type="hidden"' in html
    assert "<select" not in html
    assert "<option" not in html


def test_dates_bound_the_publication_date_inclusively():
    for day in (1, 10, 20):
        ArticleFactory(title=f"Day {day}", published=datetime.date(2024, 1, day))
    ArticleFactory(title="Undated", published=None)
    _, articles = run_filter(
        published_after="2024-01-10", published_before="2024-01-20"
    )
    assert titles(articles) == ["Day 20", "Day 10"]


def test_date_inputs_are_html_date_pickers_with_iso_values():
    filterset, _ = run_filter(published_after="2024-01-10")
    html = str(filterset.form["published_after"])
    assert 'type="date"' in html
    assert 'value="2024-01-10"' in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["2023", "2021", "Undated"]),
        ("oldest", ["2021", "2023", "Undated"]),
        ("relevance", ["2023", "2021", "Undated"]),  # no query: newest first
        ("", ["2023", "2021", "Undated"]),
    ],
)
def test_sort_orders_by_date_and_undated_articles_come_last(sort, expected):
    ArticleFactory(title="2021", published=datetime.date(2021, 1, 1))
    ArticleFactory(title="Undated", published=None)
    ArticleFactory(title="2023", published=datetime.date(2023, 1, 1))
    _, articles = run_filter(sort=sort)
    assert titles(articles) == expected


def test_relevance_with_a_query_keeps_the_best_match_first():
    ArticleFactory(
        title="Council meeting",
        body="The volcano came up.",
        published=datetime.date(2024, 1, 1),
    )
    ArticleFactory(
        title="Volcano erupts", body="Ash fell.", published=datetime.date(2020, 1, 1)
    )
    _, articles = run_filter(q="volcano", sort="relevance")
    assert titles(articles) == ["Volcano erupts", "Council meeting"]
    _, articles = run_filter(q="volcano", sort="newest")
    assert titles(articles) == ["Council meeting", "Volcano erupts"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("source", "no-such-source"),
        ("entity", "no-such-entity"),
        ("published_after", "2024-02-30"),
        ("published_before", "soon"),
        ("sort", "random"),
        ("q", "volcano\x00"),
    ],
)
def test_invalid_values_are_reported_and_left_out(field, value):
    ArticleFactory(title="Volcano erupts")
    filterset, articles = run_filter(**{field: value})
    assert not filterset.is_valid()
    assert field in filterset.errors
    assert titles(articles) == ["Volcano erupts"]


def test_reversed_date_range_is_reported_and_both_dates_are_left_out():
    ArticleFactory(title="Volcano erupts", published=datetime.date(2022, 1, 1))
    filterset, articles = run_filter(
        published_after="2024-01-01", published_before="2020-01-01"
    )
    assert filterset.form.non_field_errors() == [
        "The end date is before the start date; dates were ignored."
    ]
    assert titles(articles) == ["Volcano erupts"]


def test_filters_combine():
    coast = SourceFactory(name="Coast Wire")
    portvik = EntityFactory(name="Portvik")
    wanted = ArticleFactory(
        title="Volcano near Portvik", source=coast, published=datetime.date(2024, 5, 1)
    )
    MentionFactory(article=wanted, entity=portvik)
    for article in [
        ArticleFactory(title="Volcano far away", source=coast),
        ArticleFactory(title="Volcano inland", published=datetime.date(2024, 5, 1)),
        ArticleFactory(
            title="Volcano long ago", source=coast, published=datetime.date(1999, 1, 1)
        ),
        ArticleFactory(title="Ferry to Portvik", source=coast),
    ]:
        MentionFactory(article=article, entity=portvik)
    _, articles = run_filter(
        q="volcano",
        source="coast-wire",
        entity="portvik",
        published_after="2024-01-01",
        sort="oldest",
    )
    assert articles == [wanted]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("volcano", {"Volcano erupts", "Volcano near inland town"}),
        ("volcano source:coast", {"Volcano erupts"}),
        ("source:inland", {"Ferry strike", "Volcano near inland town"}),
        ("the", set()),
        ("", {"Volcano erupts", "Ferry strike", "Volcano near inland town"}),
    ],
)
def test_matching_gives_the_articles_a_query_matches_unranked(text, expected):
    coast, inland = SourceFactory(name="Coast Wire"), SourceFactory(name="Inland Wire")
    ArticleFactory(title="Volcano erupts", body="Ash fell.", source=coast)
    ArticleFactory(title="Ferry strike", body="Crews stopped.", source=inland)
    ArticleFactory(title="Volcano near inland town", body="Ash.", source=inland)
    filterset = ArticleFilter({})
    filterset.form.is_valid()
    reading, found = filterset.matching(Article.objects.all(), text)
    assert set(titles(found)) == expected
    assert "rank" not in found.query.annotations
    assert (reading.query.text if reading.query is not None else "") == text
