"""The search backends' contract, run against whichever database the suite is on.

CI runs the whole suite once on SQLite and once on PostgreSQL, so every test
here checks both backends.
"""

import pytest
from django.db import connection

from articles.models import Article
from articles.search import get_search_backend, parse_query
from articles.search.marks import MARK_END, MARK_START
from tests.factories import ArticleFactory
from tests.search import HOSTILE_QUERIES


def titles(queryset):
    return [a.title for a in queryset]


def search(text, queryset=None):
    backend = get_search_backend()
    return backend.search(queryset or Article.objects.all(), parse_query(text))


# --- the backend on the database -------------------------------------------------


@pytest.fixture
def archive(db):
    stories = {
        "headline": (
            "Ferry operator expands routes",
            "A company announced plans on Monday.\n\nPassengers welcomed it.",
        ),
        "body": (
            "Port business quarterly results",
            "The ferry operator reported higher revenue.\n\nShares rose.",
        ),
        "phrase": (
            "Defectors reach Seoul",
            "Fourteen people from North Korea arrived in South Korea.",
        ),
        "words": (
            "Korean food festival",
            "Chefs from the north of Italy met cooks from South Korea.",
        ),
        "escape": (
            "Markup in wire copy",
            "The feed contained <script>alert('ferry')</script> in the middle.",
        ),
    }
    return {
        key: ArticleFactory(title=title, body=body)
        for key, (title, body) in stories.items()
    }


@pytest.mark.django_db
class TestSearchBackend:
    def test_headline_hit_ranks_above_body_hit(self, archive):
        found = titles(search("ferry operator"))
        assert found.index("Ferry operator expands routes") < found.index(
            "Port business quarterly results"
        )

    def test_phrase_matches_words_in_order_only(self, archive):
        assert titles(search('"north korea"')) == ["Defectors reach Seoul"]
        assert set(titles(search("north korea"))) == {
            "Defectors reach Seoul",
            "Korean food festival",
        }

    def test_or_matches_either(self, archive):
        assert set(titles(search("chefs OR fourteen"))) == {
            "Defectors reach Seoul",
            "Korean food festival",
        }

    def test_exclusion_removes_articles(self, archive):
        assert titles(search("korea -italy")) == ["Defectors reach Seoul"]

    def test_prefix_matches_word_starts(self, archive):
        assert "Defectors reach Seoul" in titles(search("defect*"))

    def test_stemming_matches_other_forms(self, archive):
        assert "Ferry operator expands routes" in titles(search("expanding"))

    def test_empty_query_matches_nothing(self, archive):
        assert titles(search("")) == []
        assert titles(search("the")) == []

    def test_search_composes_with_other_filters(self, archive):
        seoul = archive["phrase"]
        queryset = Article.objects.filter(source=seoul.source)
        assert titles(search("korea", queryset)) == ["Defectors reach Seoul"]

    def test_results_carry_a_rank(self, archive):
        ranks = [a.rank for a in search("ferry")]
        assert ranks == sorted(ranks, reverse=True)

    def test_count_agrees_with_results(self, archive):
        results = search("korea OR ferry")
        assert results.count() == len(list(results)) == 5

    @pytest.mark.parametrize("text", HOSTILE_QUERIES)
    def test_hostile_query_never_raises(self, archive, text):
        list(search(text))
        list(get_search_backend().matches(Article.objects.all(), parse_query(text)))

    @pytest.mark.parametrize(
        "text", ["ferry", '"north korea"', "korea -seoul", "defect*", "the", ""]
    )
    def test_matches_are_the_searchs_articles_unranked(self, archive, text):
        backend = get_search_backend()
        seoul = archive["phrase"]
        for queryset in (Article.objects.all(), Article.objects.exclude(pk=seoul.pk)):
            found = backend.matches(queryset, parse_query(text))
            assert set(titles(found)) == set(titles(search(text, queryset)))
            assert "rank" not in found.query.annotations

    def test_highlight_marks_hits_and_leaves_text_raw_for_escaping(self, archive):
        backend = get_search_backend()
        parsed = parse_query("ferry")
        article = archive["escape"]
        highlights = backend.highlight([article], parsed)
        snippet = highlights[article.pk].snippet
        assert f"{MARK_START}ferry{MARK_END}" in snippet
        assert "script" in snippet and "alert(" in snippet  # escaped by `marked`

    def test_highlight_marks_the_title(self, archive):
        article = archive["headline"]
        highlights = get_search_backend().highlight([article], parse_query("ferry"))
        assert highlights[article.pk].title.startswith(f"{MARK_START}Ferry{MARK_END}")

    def test_index_follows_saves_and_deletes(self, archive):
        article = archive["words"]
        article.title = "Renamed pasta fair"
        article.save()
        assert titles(search("pasta")) == ["Renamed pasta fair"]
        article.delete()
        assert titles(search("pasta")) == []

    def test_bulk_update_drift_is_found_and_rebuild_repairs_it(self, archive):
        backend = get_search_backend()
        Article.objects.filter(pk=archive["words"].pk).update(title="Pasta fair")
        assert backend.count_mismatches() == 1
        assert titles(search("pasta")) == []
        backend.rebuild()
        assert backend.count_mismatches() == 0
        assert titles(search("pasta")) == ["Pasta fair"]

    def test_index_is_in_step_and_rebuild_keeps_it_so(self, archive):
        backend = get_search_backend()
        assert backend.count_mismatches() == 0
        backend.rebuild()
        assert backend.count_mismatches() == 0
        assert titles(search('"north korea"')) == ["Defectors reach Seoul"]

    @pytest.mark.skipif(
        connection.vendor != "sqlite", reason="FTS5's settings are SQLite's"
    )
    def test_rebuild_builds_with_large_pending_terms_then_puts_the_default_back(
        self, archive
    ):
        """The rebuild gathers 64 MiB of terms per segment; everyday writes
        keep FTS5's 1 MiB, so an import's memory stays as it was."""
        from articles.search.backends.sqlite import DEFAULT_HASH_SIZE

        get_search_backend().rebuild()
        with connection.cursor() as cursor:
            cursor.execute("SELECT v FROM articles_search_config WHERE k = 'hashsize'")
            assert cursor.fetchone() == (DEFAULT_HASH_SIZE,)
            cursor.execute(
                "INSERT INTO articles_search(articles_search, rank) "
                "VALUES ('integrity-check', 1)"
            )
        assert titles(search('"north korea"')) == ["Defectors reach Seoul"]

    def test_backend_matches_the_database(self):
        assert get_search_backend().vendor == connection.vendor


@pytest.mark.django_db
@pytest.mark.parametrize("matches", [5, 40])
def test_pages_follow_the_full_ranking_also_through_shortcuts(matches, monkeypatch):
    # A page's ids come from shortcuts (SQLite ranks in the index alone and
    # dates only its best rows; PostgreSQL rescored candidates from a pool of
    # the newest matches, here made tiny); they must give the order of the
    # plain ranking query, ties broken by date, then id.
    import datetime

    from articles.search import results as results_module
    from articles.search.backends import postgres, sqlite

    real_top = sqlite._top
    monkeypatch.setattr(results_module, "PREFETCH", 4)
    monkeypatch.setattr(sqlite, "PREFETCH", 4)
    monkeypatch.setattr(sqlite, "TOP_ROWS", 7)
    monkeypatch.setattr(postgres, "POOL", 3)
    monkeypatch.setattr(postgres, "SPARSE_POOL", 1)
    for n in range(matches):
        ArticleFactory(
            title="Ferry" if n % 3 else "Ferry ferry news",
            body="The ferry sailed. " * (1 + n % 4),
            published=datetime.date(2000 + n % 7, 1, 1) if n % 5 else None,
        )
    ArticleFactory(title="Harbour", body="Nothing to see.")
    get_search_backend().refresh_vocabulary()
    used = []
    monkeypatch.setattr(sqlite, "_top", lambda *a: used.append(1) or real_top(*a))
    query = parse_query("ferry")
    results = get_search_backend().results(Article.objects.all(), query)
    # Not counted first, for SQLite's shortcut.
    paged = [pk for start in range(0, matches, 3) for pk in results[start : start + 3]]
    everything = list(results.queryset.values_list("pk", flat=True))
    assert len(everything) == results.count() == matches
    # PostgreSQL: the rescored candidates lead, in BM25 order, and the rest
    # follow by ts_rank, in the plain query as in the pages.
    assert paged == everything
    assert used or connection.vendor != "sqlite"


def test_idf_of_a_word_counted_after_the_archive_grew_is_the_floor():
    # While an import commits, the archive's size and a word's matches are
    # read in different snapshots: more matches than articles must not fail.
    from articles.search.backends import postgres

    postgres._hits[(-1, "'grew'")] = 12
    try:
        assert postgres._idf(None, "'grew'", rows=10, version=-1) == 1e-6
        assert postgres._idf(None, "'grew'", rows=100, version=-1) > 1
    finally:
        del postgres._hits[(-1, "'grew'")]
