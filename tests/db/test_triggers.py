"""The triggers: declared once, installed by migrations, kept through table
rebuilds, checked by `manage.py check` and `check_search_index`."""

import copy
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.db import connection, models
from django.db.backends.sqlite3.schema import (
    DatabaseSchemaEditor as DjangosSQLiteSchemaEditor,
)

from articles.db.checks import Problem, trigger_problems
from articles.db.operations import InstallTriggers, RunVendorSQL
from articles.db.triggers import GROUPS, TRIGGERS, UnsupportedDatabase, declared
from articles.models import Article, Entity, Mention, SearchText, Source
from articles.search import get_search_backend, parse_query
from tests.factories import ArticleFactory, EntityFactory, MentionFactory


def found(text):
    backend = get_search_backend()
    return set(backend.search(Article.objects.all(), parse_query(text)))


@pytest.mark.django_db
def test_a_migrated_database_holds_exactly_the_declared_triggers():
    assert trigger_problems(connection) == []
    names = {t.name for t in declared(connection.vendor)}
    assert len(names) == len(declared(connection.vendor))  # each declared once
    assert {t.group for t in declared(connection.vendor)} <= set(GROUPS)


@pytest.mark.django_db
def test_every_trigger_says_what_it_does_and_where_it_fires():
    for vendor, triggers in TRIGGERS.items():
        for trigger in triggers:
            assert trigger.does and trigger.table.startswith("articles_"), trigger
            assert f"ON {trigger.table}" in " ".join(trigger.sql.split()), trigger
            assert trigger.vendor == vendor
            assert (trigger.function is not None) == (vendor == "postgresql")


def drop(trigger):
    on = "" if connection.vendor == "sqlite" else f" ON {trigger.table}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TRIGGER "{trigger.name}"{on}')


@pytest.mark.django_db(transaction=True)
def test_check_reports_a_dropped_trigger_and_install_triggers_repairs_it():
    [sync] = [t for t in declared(connection.vendor) if t.group == "search index"][:1]
    drop(sync)
    assert Problem("missing", sync.name, sync.table) in trigger_problems(connection)
    with pytest.raises(SystemCheckError, match=rf"newsroom.E010.*{sync.name}"):
        call_command("check", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match=f"trigger {sync.name} on"):
        call_command(
            "check_search_index", skip_checks=True, stdout=StringIO(), stderr=StringIO()
        )

    out = StringIO()
    call_command("install_triggers", stdout=out)
    assert "1 problem repaired" in out.getvalue()
    assert trigger_problems(connection) == []
    call_command("check", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_check_reports_an_undeclared_and_an_outdated_trigger():
    counter = next(
        t for t in declared(connection.vendor) if t.group == "article counts"
    )
    drop(counter)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(counter.sql.replace("+ 1", "+ 2").replace("- 1", "- 2"))
            cursor.execute(
                "CREATE TRIGGER articles_stray AFTER INSERT ON articles_source "
                "BEGIN SELECT 1; END"
            )
        else:
            cursor.execute(counter.sql)  # without its fingerprint
            cursor.execute(
                "CREATE TRIGGER articles_stray AFTER INSERT ON articles_source "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {counter.function.name}()"
            )
    problems = trigger_problems(connection)
    assert Problem("outdated", counter.name, counter.table) in problems
    assert Problem("extra", "articles_stray", "articles_source") in problems
    call_command("install_triggers", stdout=StringIO())
    assert trigger_problems(connection) == []


# --- table rebuilds ---------------------------------------------------------------

REBUILT = [
    (Article, "title", models.CharField(max_length=600)),
    (Mention, "count", models.PositiveBigIntegerField(default=1)),
    (SearchText, "rest", models.TextField(default="")),
]


def alter(editor_class, model, name, new_field):
    """AlterField through `editor_class`; returns how to put the field back."""
    old_field = model._meta.get_field(name)
    new_field = copy.deepcopy(new_field)
    new_field.set_attributes_from_name(name)
    new_field.model = model
    with editor_class(connection) as editor:
        editor.alter_field(model, old_field, new_field)

    def undo():
        with connection.schema_editor() as editor:
            editor.alter_field(model, new_field, old_field)

    return undo


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("model,name,new_field", REBUILT, ids=lambda v: str(v)[:30])
def test_triggers_survive_a_table_rebuild_and_keep_working(model, name, new_field):
    undo = alter(type(connection.schema_editor()), model, name, new_field)
    try:
        assert trigger_problems(connection) == []
        # Edited afterwards: searchable, counted, dated.
        source = Source.objects.create(name="Harbour Wire")
        article = ArticleFactory(title="Lighthouse keeper retires", source=source)
        entity = EntityFactory(name="Portvik")
        MentionFactory(article=article, entity=entity)
        article.title = "Lighthouse keeper returns"
        article.published = "2024-03-05"
        article.save()
        assert found("returns") == {article}
        assert found("retires") == set()
        assert Entity.objects.get(pk=entity.pk).article_count == 1
        assert Source.objects.get(pk=source.pk).article_count == 1
        assert str(Mention.objects.get(entity=entity).published) == "2024-03-05"
    finally:
        undo()
    assert trigger_problems(connection) == []


@pytest.mark.django_db(transaction=True)
def test_djangos_own_sqlite_schema_editor_would_lose_them():
    """What the set-aside in articles/db/sqlite3 prevents."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL alters tables in place")
    undo = alter(DjangosSQLiteSchemaEditor, SearchText, *REBUILT[2][1:])
    try:
        missing = {p.name for p in trigger_problems(connection) if p.kind == "missing"}
        assert missing == {
            t.name for t in declared("sqlite") if t.table == "articles_searchtext"
        }
    finally:
        undo()
        call_command("install_triggers", stdout=StringIO())


# --- other databases ----------------------------------------------------------------


class Editor:
    """A schema editor for a database newsroom does not run on."""

    class connection:
        vendor = "mysql"

    def execute(self, sql, params=None):
        raise AssertionError("nothing may run")


def test_an_unknown_database_is_refused_not_skipped():
    for operation in [
        InstallTriggers("article counts"),
        RunVendorSQL({"sqlite": ["SELECT 1"], "postgresql": ["SELECT 1"]}),
    ]:
        with pytest.raises(UnsupportedDatabase, match="not mysql"):
            operation.database_forwards("articles", Editor(), None, None)
        with pytest.raises(UnsupportedDatabase, match="not mysql"):
            operation.database_backwards("articles", Editor(), None, None)
    with pytest.raises(UnsupportedDatabase, match="SQLite .* and PostgreSQL"):
        declared("oracle")
