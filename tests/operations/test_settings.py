import sqlite3

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from articles import apps as articles_apps
from tests.support import manage_py, run_django_code


def test_secret_key_is_required_when_not_debugging():
    result = run_django_code("pass", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_debug_runs_without_a_secret_key():
    result = run_django_code(
        "from django.conf import settings; print(settings.DEBUG)", DJANGO_DEBUG="1"
    )
    assert result.stdout.strip() == "True"


def test_sqlite_is_the_default_with_wal_and_immediate_transactions(tmp_path):
    code = (
        "from django.db import connection; connection.ensure_connection();"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode');"
        "print(connection.vendor, c.fetchone()[0],"
        " connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = run_django_code(
        code,
        DJANGO_DEBUG="1",
        NEWSROOM_SQLITE_PATH=str(tmp_path / "x.sqlite3"),
    )
    assert result.stdout.split() == ["sqlite", "wal", "IMMEDIATE"]


def test_database_url_selects_postgresql():
    code = (
        "from django.conf import settings; db = settings.DATABASES['default'];"
        "print(db['ENGINE'], db['NAME'],"
        " 'django.contrib.postgres' in settings.INSTALLED_APPS)"
    )
    result = run_django_code(
        code,
        DJANGO_SECRET_KEY="k",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/archive",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "archive", "True"]


def test_app_refuses_to_start_on_sqlite_without_fts5(monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 check applies to SQLite only")
    monkeypatch.setattr(articles_apps, "sqlite_has_fts5", lambda: False)
    config = apps.get_app_config("articles")
    with pytest.raises(ImproperlyConfigured, match="FTS5"):
        config.ready()


def test_this_sqlite_has_fts5():
    assert articles_apps.sqlite_has_fts5()


def test_commands_run_without_a_secret_key_but_deploy_checks_report_it():
    result = manage_py("check", DJANGO_DEBUG="0")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    deploy = manage_py("check", "--deploy", DJANGO_DEBUG="0")
    assert deploy.returncode != 0
    assert "(newsroom.E001) DJANGO_SECRET_KEY is not set." in deploy.stderr


def test_servers_refuse_to_start_without_a_secret_key():
    result = manage_py("runserver", "127.0.0.1:0", "--noreload", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr
    wsgi = run_django_code("import newsroom.wsgi", DJANGO_DEBUG="0")
    assert wsgi.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in wsgi.stderr


def test_a_sqlite_database_url_gets_the_same_sqlite_settings(tmp_path):
    code = (
        "from django.db import connection; c = connection.cursor();"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " c.execute('PRAGMA busy_timeout').fetchone()[0],"
        " c.execute('PRAGMA foreign_keys').fetchone()[0],"
        " connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = run_django_code(
        code, DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'url.sqlite3'}"
    )
    assert result.stdout.split() == ["wal", "20000", "1", "IMMEDIATE"], result.stderr


def test_check_reports_a_sqlite_database_without_wal():
    # An in-memory database cannot use WAL: the check says so.
    result = manage_py("check", DJANGO_DEBUG="1", DATABASE_URL="sqlite://:memory:")
    assert result.returncode == 0, result.stderr
    assert "(newsroom.W001)" in result.stderr
    assert "journal_mode=memory, not WAL" in result.stderr


def test_the_default_cache_is_shared_by_all_workers():
    code = (
        "from django.conf import settings;"
        "print(settings.CACHES['default']['BACKEND'],"
        " settings.CACHES['default']['LOCATION'])"
    )
    result = run_django_code(code, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="k")
    assert result.stdout.split() == [
        "django.core.cache.backends.db.DatabaseCache",
        "newsroom_cache",
    ]
    redis = run_django_code(
        code,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k",
        NEWSROOM_CACHE="redis://127.0.0.1:6379/3",
    )
    assert redis.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/3",
    ]


def test_production_refuses_a_per_process_cache_for_login_throttling():
    result = run_django_code(
        "pass", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="k", NEWSROOM_CACHE="locmem"
    )
    assert result.returncode != 0
    assert "per-process cache" in result.stderr
    # Development may use one; the deployment check still reports it.
    deploy = manage_py("check", "--deploy", DJANGO_DEBUG="1", NEWSROOM_CACHE="locmem")
    assert "(newsroom.E002)" in deploy.stderr


def test_migrate_creates_the_cache_table(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    result = manage_py(
        "migrate", "--noinput", DJANGO_DEBUG="1", NEWSROOM_SQLITE_PATH=str(database)
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    assert "newsroom_cache" in tables
