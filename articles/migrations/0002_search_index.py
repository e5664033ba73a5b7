"""The full-text index of articles, kept in step with them by triggers.

SQLite: an external-content FTS5 table over articles_article (the text is not
stored twice), Porter stemming. PostgreSQL: a table of weighted tsvectors with
a GIN index. Both are named articles_search and keyed by the article id in a
column called rowid, so the unmanaged SearchDocument model can join to either.
Triggers catch every write, including bulk_create() and update().
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE articles_search USING fts5(
        title, body,
        content='articles_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER articles_search_insert AFTER INSERT ON articles_article BEGIN
        INSERT INTO articles_search(rowid, title, body)
        VALUES (new.id, new.title, new.body);
    END
    """,
    """
    CREATE TRIGGER articles_search_delete AFTER DELETE ON articles_article BEGIN
        INSERT INTO articles_search(articles_search, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END
    """,
    """
    CREATE TRIGGER articles_search_update AFTER UPDATE OF title, body ON articles_article
    BEGIN
        INSERT INTO articles_search(articles_search, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO articles_search(rowid, title, body)
        VALUES (new.id, new.title, new.body);
    END
    """,
    "INSERT INTO articles_search(articles_search) VALUES ('rebuild')",
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS articles_search_update",
    "DROP TRIGGER IF EXISTS articles_search_delete",
    "DROP TRIGGER IF EXISTS articles_search_insert",
    "DROP TABLE IF EXISTS articles_search",
]

# tsvector has a 1 MB limit; text past the first 500,000 characters of a body
# is not indexed on PostgreSQL (no real article comes near it). PostgreSQL's
# parser skips anything that looks like an HTML tag, words and all; FTS5 reads
# the words inside. Angle brackets become spaces so both index the same words.
POSTGRES_FORWARD = [
    """
    CREATE FUNCTION articles_search_document(title text, body text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('english'::regconfig,
                    translate(coalesce(title, ''), '<>', '  ')), 'A')
            || setweight(to_tsvector('english'::regconfig,
                    translate(left(coalesce(body, ''), 500000), '<>', '  ')), 'B')
    $$
    """,
    """
    CREATE TABLE articles_search (
        rowid bigint PRIMARY KEY,
        document tsvector NOT NULL
    )
    """,
    # fastupdate off: a pending list makes searches slow after many inserts.
    """
    CREATE INDEX articles_search_document_gin ON articles_search
    USING gin (document) WITH (fastupdate = off)
    """,
    """
    CREATE FUNCTION articles_search_upsert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO articles_search (rowid, document)
        VALUES (NEW.id, articles_search_document(NEW.title, NEW.body))
        ON CONFLICT (rowid) DO UPDATE SET document = EXCLUDED.document;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION articles_search_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM articles_search WHERE rowid = OLD.id;
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
    CREATE TRIGGER articles_search_upsert AFTER INSERT OR UPDATE OF title, body
    ON articles_article FOR EACH ROW EXECUTE FUNCTION articles_search_upsert()
    """,
    """
    CREATE TRIGGER articles_search_remove AFTER DELETE
    ON articles_article FOR EACH ROW EXECUTE FUNCTION articles_search_remove()
    """,
    # Django's test flush truncates articles_article; the index must follow.
    """
    CREATE TRIGGER articles_search_clear AFTER TRUNCATE
    ON articles_article FOR EACH STATEMENT EXECUTE FUNCTION articles_search_clear()
    """,
    """
    INSERT INTO articles_search (rowid, document)
    SELECT id, articles_search_document(title, body) FROM articles_article
    """,
]

POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS articles_search_clear ON articles_article",
    "DROP TRIGGER IF EXISTS articles_search_remove ON articles_article",
    "DROP TRIGGER IF EXISTS articles_search_upsert ON articles_article",
    "DROP FUNCTION IF EXISTS articles_search_clear()",
    "DROP FUNCTION IF EXISTS articles_search_remove()",
    "DROP FUNCTION IF EXISTS articles_search_upsert()",
    "DROP TABLE IF EXISTS articles_search",
    "DROP FUNCTION IF EXISTS articles_search_document(text, text)",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_REVERSE),
}


def run(schema_editor, *, forward):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"newsroom's search index supports SQLite and PostgreSQL, not {vendor}")
    for statement in STATEMENTS[vendor][0 if forward else 1]:
        schema_editor.execute(statement, params=None)


def create_index(apps, schema_editor):
    run(schema_editor, forward=True)


def drop_index(apps, schema_editor):
    run(schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
