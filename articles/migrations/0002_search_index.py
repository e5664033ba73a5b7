"""The database's full-text index, built from articles_searchtext by triggers.

articles_searchtext holds each article's words already split and stemmed by
newsroom (articles/search/text.py), so both databases index the same words:

SQLite: an external-content FTS5 table over articles_searchtext (the text is
not stored twice) that splits on spaces only, and an fts5vocab table over it
for the vocabulary. PostgreSQL: a table of tsvectors with the 'simple'
configuration (no stemming, no stop words: that was done already), weighted
A (headline), B (first paragraph), C (the rest), with a GIN index; and a
vocabulary table refreshed after imports.

Both index tables are named articles_search and keyed by the article id in a
column called rowid, so the unmanaged SearchDocument model joins to either.
FTS5 gives its table a hidden column of the same name, which MATCH and bm25()
take; the tsvector column on PostgreSQL is named articles_search to match, so
queries can refer to both as SearchDocument.entry.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE articles_search USING fts5(
        title, lead, rest,
        content='articles_searchtext', content_rowid='article_id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER articles_search_insert AFTER INSERT ON articles_searchtext BEGIN
        INSERT INTO articles_search(rowid, title, lead, rest)
        VALUES (new.article_id, new.title, new.lead, new.rest);
    END
    """,
    """
    CREATE TRIGGER articles_search_delete AFTER DELETE ON articles_searchtext BEGIN
        INSERT INTO articles_search(articles_search, rowid, title, lead, rest)
        VALUES ('delete', old.article_id, old.title, old.lead, old.rest);
    END
    """,
    """
    CREATE TRIGGER articles_search_update AFTER UPDATE ON articles_searchtext BEGIN
        INSERT INTO articles_search(articles_search, rowid, title, lead, rest)
        VALUES ('delete', old.article_id, old.title, old.lead, old.rest);
        INSERT INTO articles_search(rowid, title, lead, rest)
        VALUES (new.article_id, new.title, new.lead, new.rest);
    END
    """,
    "CREATE VIRTUAL TABLE articles_search_vocab USING fts5vocab(articles_search, 'row')",
]

SQLITE_REVERSE = [
    "DROP TABLE IF EXISTS articles_search_vocab",
    "DROP TRIGGER IF EXISTS articles_search_update",
    "DROP TRIGGER IF EXISTS articles_search_delete",
    "DROP TRIGGER IF EXISTS articles_search_insert",
    "DROP TABLE IF EXISTS articles_search",
]

POSTGRES_FORWARD = [
    """
    CREATE FUNCTION articles_search_document(title text, lead text, rest text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('simple'::regconfig, title), 'A')
            || setweight(to_tsvector('simple'::regconfig, lead), 'B')
            || setweight(to_tsvector('simple'::regconfig, rest), 'C')
    $$
    """,
    """
    CREATE TABLE articles_search (
        rowid bigint PRIMARY KEY,
        articles_search tsvector NOT NULL
    )
    """,
    # fastupdate off: a pending list makes searches slow after many inserts.
    """
    CREATE INDEX articles_search_document_gin ON articles_search
    USING gin (articles_search) WITH (fastupdate = off)
    """,
    """
    CREATE FUNCTION articles_search_upsert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO articles_search (rowid, articles_search)
        VALUES (NEW.article_id, articles_search_document(NEW.title, NEW.lead, NEW.rest))
        ON CONFLICT (rowid) DO UPDATE SET articles_search = EXCLUDED.articles_search;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION articles_search_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM articles_search WHERE rowid = OLD.article_id;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION articles_search_clear() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE articles_search;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_search_upsert AFTER INSERT OR UPDATE
    ON articles_searchtext FOR EACH ROW EXECUTE FUNCTION articles_search_upsert()
    """,
    """
    CREATE TRIGGER articles_search_remove AFTER DELETE
    ON articles_searchtext FOR EACH ROW EXECUTE FUNCTION articles_search_remove()
    """,
    # Django's test flush truncates tables; the index must follow.
    """
    CREATE TRIGGER articles_search_clear AFTER TRUNCATE
    ON articles_searchtext FOR EACH STATEMENT EXECUTE FUNCTION articles_search_clear()
    """,
    """
    CREATE TABLE articles_search_vocab (
        term text PRIMARY KEY,
        doc integer NOT NULL
    )
    """,
]

POSTGRES_REVERSE = [
    "DROP TABLE IF EXISTS articles_search_vocab",
    "DROP TRIGGER IF EXISTS articles_search_clear ON articles_searchtext",
    "DROP TRIGGER IF EXISTS articles_search_remove ON articles_searchtext",
    "DROP TRIGGER IF EXISTS articles_search_upsert ON articles_searchtext",
    "DROP FUNCTION IF EXISTS articles_search_clear()",
    "DROP FUNCTION IF EXISTS articles_search_remove()",
    "DROP FUNCTION IF EXISTS articles_search_upsert()",
    "DROP TABLE IF EXISTS articles_search",
    "DROP FUNCTION IF EXISTS articles_search_document(text, text, text)",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_REVERSE),
}


def run(schema_editor, *, forward):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(
            f"newsroom's search index supports SQLite and PostgreSQL, not {vendor}"
        )
    for statement in STATEMENTS[vendor][0 if forward else 1]:
        schema_editor.execute(statement, params=None)


def create_index(apps, schema_editor):
    run(schema_editor, forward=True)


def drop_index(apps, schema_editor):
    run(schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
