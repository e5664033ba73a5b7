"""check_search_index finds drift between the articles and the full-text index,
rebuild_search_index repairs it: on SQLite (FTS5) and PostgreSQL (tsvector)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from articles.search import parse_query
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def check():
    out = StringIO()
    call_command("check_search_index", stdout=out)
    return out.getvalue()


def check_fails():
    with pytest.raises(CommandError) as failure:
        call_command("check_search_index", stdout=StringIO())
    assert failure.value.returncode != 0
    message = str(failure.value)
    found = re.search(r"([\d,]+) mismatch(es)?\b", message)
    assert found, message
    assert "rebuild_search_index" in message
    return int(found.group(1).replace(",", "")), message


def rebuild():
    if connection.vendor == "postgresql":
        # The test's own writes leave deferred foreign-key checks pending in
        # its transaction, and PostgreSQL refuses the ALTER TABLE of the
        # backend's rebuild while they are; the command alone starts clean.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    return out.getvalue()


def found_ids(search_backend, words):
    from articles.models import Article

    results = search_backend.search(Article.objects.all(), parse_query(words))
    return set(results.values_list("pk", flat=True))


def index_columns(cursor):
    cursor.execute("SELECT name FROM pragma_table_info('articles_search')")
    return [row[0] for row in cursor.fetchall()]


def drop_index_entry(article_id):
    """Remove an article from the database's index behind the triggers' back."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # An external-content FTS5 table forgets a row when told its values.
            columns = index_columns(cursor)
            names = ", ".join(columns)
            cursor.execute(
                f"SELECT {names} FROM articles_search WHERE rowid = %s", [article_id]
            )
            values = list(cursor.fetchone())
            cursor.execute(
                f"INSERT INTO articles_search(articles_search, rowid, {names}) "
                f"VALUES ('delete', %s, {', '.join(['%s'] * len(values))})",
                [article_id, *values],
            )
        else:
            cursor.execute("DELETE FROM articles_search WHERE rowid = %s", [article_id])


def add_ghost_entry(rowid):
    """Index an article that does not exist."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            columns = index_columns(cursor)
            cursor.execute(
                f"INSERT INTO articles_search(rowid, {', '.join(columns)}) "
                f"VALUES (%s, {', '.join(['%s'] * len(columns))})",
                [rowid, *(["phantom"] * len(columns))],
            )
        else:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'articles_search' AND data_type = 'tsvector'"
            )
            (column,) = cursor.fetchone()
            cursor.execute(
                f"INSERT INTO articles_search (rowid, {column}) "
                "VALUES (%s, to_tsvector('simple', 'phantom'))",
                [rowid],
            )


def test_check_passes_on_an_index_in_step_with_the_articles():
    ArticleFactory.create_batch(3)

    assert "in step with all 3 articles" in check()


def test_check_passes_on_an_empty_archive():
    assert "in step with all 0 articles" in check()


def test_check_reports_index_entries_removed_behind_the_triggers_back(
    search_backend,
):
    kept = ArticleFactory(title="Ferry terminal opens in Kobe")
    lost = ArticleFactory.create_batch(2, title="Zanzibar spice harvest doubles")
    for article in lost:
        drop_index_entry(article.pk)

    mismatches, message = check_fails()

    assert mismatches >= 1
    assert "among 3 articles" in message
    if connection.vendor == "postgresql":
        assert mismatches == 2
    assert found_ids(search_backend, "zanzibar") == set()
    assert found_ids(search_backend, "kobe") == {kept.pk}


def test_rebuild_repairs_missing_entries_and_says_how_long_it_took(search_backend):
    articles = ArticleFactory.create_batch(3, title="Zanzibar spice harvest doubles")
    for article in articles[:2]:
        drop_index_entry(article.pk)
    check_fails()

    output = rebuild()

    assert re.search(r"Rebuilt the search index of 3 articles in \d+\.\d s\.", output)
    assert "in step with all 3 articles" in check()
    assert found_ids(search_backend, "zanzibar") == {a.pk for a in articles}


def test_check_reports_an_entry_without_an_article_and_rebuild_removes_it(
    search_backend,
):
    article = ArticleFactory(title="Harbour board backs ferry terminal")
    add_ghost_entry(article.pk + 1000)

    mismatches, _ = check_fails()
    assert mismatches >= 1

    rebuild()
    assert "in step with all 1 articles" in check()
    assert found_ids(search_backend, "phantom") == set()


def test_rebuild_indexes_text_changed_without_save(search_backend):
    # QuerySet.update() sends no signals; whatever keeps the index in step
    # (a trigger or a signal), after a rebuild the new words must be found.
    article = ArticleFactory(title="Quango backs the plan")
    type(article).objects.filter(pk=article.pk).update(title="Zanzibar port reopens")

    rebuild()

    assert "in step with all 1 articles" in check()
    assert found_ids(search_backend, "zanzibar") == {article.pk}
    assert found_ids(search_backend, "quango") == set()
