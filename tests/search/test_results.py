"""SearchResults: matches as ids in order, counted and sliced cheaply."""

import datetime

import pytest
from django.db import connection
from django.db.models import FloatField, Value

from articles.models import Article, ArticleQuerySet
from articles.search import get_search_backend, parse_query
from articles.search import results as results_module
from articles.search.results import SearchResults
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ferries():
    made = [
        ArticleFactory(
            title="Ferry" if n % 2 else "Ferry ferry news",
            body="The ferry sailed at dawn.",
            published=datetime.date(2020, 1, 1 + n),
        )
        for n in range(6)
    ]
    ArticleFactory(title="Harbour", body="Nothing about boats.")
    get_search_backend().refresh_vocabulary()
    return made


def test_slices_are_the_ids_of_the_plain_query_in_its_order(ferries):
    results = get_search_backend().results(Article.objects.all(), parse_query("ferry"))
    expected = list(results.queryset.values_list("pk", flat=True))
    assert results[0:2] + results[2:6] == expected
    assert results[4:100] == expected[4:]
    assert len(results) == results.count() == 6
    assert results.ranks(0, 1)[0][1] == max(a.rank for a in results.queryset)


def test_one_query_serves_the_page_and_the_facets(ferries, monkeypatch):
    monkeypatch.setattr(results_module, "PREFETCH", 5)
    results = SearchResults(Article.objects.newest_first(), ranked=False)
    queries = []
    with connection.execute_wrapper(
        lambda *args: queries.append(1) or args[0](*args[1:])
    ):
        page = results[0:2]
        facets = results[0:5]
        more = results[0:7]  # past what was fetched: read again from the start
    assert page == facets[:2] and more[:5] == facets
    assert len(queries) == 2
    assert results.ranks(0, 1) == [(more[0], None)]


def test_known_leaders_are_used_without_a_query(ferries):
    base = (
        Article.objects.filter(title__startswith="Ferry")
        .annotate(rank=Value(0.0, output_field=FloatField()))
        .order_by("pk")
    )
    leaders = [(ferries[5].pk, 9.0), (ferries[0].pk, 8.0)]
    results = SearchResults(base, top=leaders)
    queries = []
    with connection.execute_wrapper(
        lambda *args: queries.append(1) or args[0](*args[1:])
    ):
        assert results[0:2] == [ferries[5].pk, ferries[0].pk]
    assert queries == []
    # Past the leaders, the plain query answers.
    assert results[0:3] == list(base.values_list("pk", flat=True)[:3])


def test_leaders_found_on_first_use_and_reordering_drops_them(ferries):
    calls = []

    def find(results):
        calls.append(results)
        return [(ferries[3].pk, 1.0)], True  # every match

    every = Article.objects.annotate(rank=Value(0.0, output_field=FloatField()))
    results = SearchResults(every.order_by("pk"), top=find)
    assert results[0:5] == [ferries[3].pk]
    assert results[0:1] == [ferries[3].pk] and len(calls) == 1
    newest = results.reordered(ArticleQuerySet.newest_first)
    assert not newest.ranked
    assert newest[0:1] == [ferries[5].pk]


def test_counting_from_the_index_when_given_the_statement():
    results = SearchResults(Article.objects.none(), count_sql=("SELECT 7, 99", []))
    assert results.count() == 7
    assert results.counted == (7, 99)


def test_only_slices_are_asked_of_it():
    with pytest.raises(TypeError):
        SearchResults(Article.objects.all())[3]
