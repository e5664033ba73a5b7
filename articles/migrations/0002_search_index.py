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

The triggers that keep the index in step are declared in
articles/db/triggers.py ("search index").
"""

from django.db import migrations

from articles.db.operations import InstallTriggers, RunVendorSQL

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE articles_search USING fts5(
        title, lead, rest,
        content='articles_searchtext', content_rowid='article_id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    "CREATE VIRTUAL TABLE articles_search_vocab USING fts5vocab(articles_search, 'row')",
]

SQLITE_REVERSE = [
    "DROP TABLE IF EXISTS articles_search_vocab",
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
    CREATE TABLE articles_search_vocab (
        term text PRIMARY KEY,
        doc integer NOT NULL
    )
    """,
]

POSTGRES_REVERSE = [
    "DROP TABLE IF EXISTS articles_search_vocab",
    "DROP TABLE IF EXISTS articles_search",
    "DROP FUNCTION IF EXISTS articles_search_document(text, text, text)",
]


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [
        RunVendorSQL(
            {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD},
            reverse={"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE},
        ),
        InstallTriggers("search index"),
    ]
