"""Indexes and statistics that keep search fast on large archives.

SQLite: a narrow index of articles for ranking search results. Sorting
results by rank, then newest first, and counting them, needs only each
match's id and date; without this index SQLite reads each matching article's
whole row (about a page of the file each, bodies included) to find its date.

PostgreSQL: the archive's size for BM25 (how many articles, how many words),
kept up to date by statement triggers on articles_searchtext instead of being
counted on every search, with a version number that changes with every
change, so that the search backend can cache what it counts until then; and
a function that finds matches through the GIN index whatever the query.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE INDEX IF NOT EXISTS articles_article_rank "
    "ON articles_article (id, published, source_id)",
    # Lets the planner see that the index is far narrower than the table.
    "ANALYZE articles_article",
]
SQLITE_REVERSE = ["DROP INDEX IF EXISTS articles_article_rank"]

POSTGRES_FORWARD = [
    # A sequence, not a counter: rolled-back changes never give a version
    # number back, so a version names one state of the index only.
    "CREATE SEQUENCE articles_search_version",
    """
    CREATE TABLE articles_search_stats (
        id integer PRIMARY KEY CHECK (id = 1),
        articles bigint NOT NULL,
        tokens bigint NOT NULL,
        version bigint NOT NULL
    )
    """,
    """
    INSERT INTO articles_search_stats (id, articles, tokens, version)
    SELECT 1, count(*), coalesce(sum(length), 0), 0 FROM articles_searchtext
    """,
    """
    CREATE FUNCTION articles_search_stats_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        added bigint := 0; added_tokens bigint := 0;
        removed bigint := 0; removed_tokens bigint := 0;
    BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            SELECT count(*), coalesce(sum(length), 0) INTO added, added_tokens
            FROM new_rows;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            SELECT count(*), coalesce(sum(length), 0) INTO removed, removed_tokens
            FROM old_rows;
        END IF;
        UPDATE articles_search_stats
        SET articles = articles + added - removed,
            tokens = tokens + added_tokens - removed_tokens,
            version = nextval('articles_search_version')
        WHERE id = 1;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION articles_search_stats_clear() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE articles_search_stats
        SET articles = 0, tokens = 0, version = nextval('articles_search_version')
        WHERE id = 1;
        RETURN NULL;
    END
    $$
    """,
    # The ids of the articles matching a query, found through the GIN index
    # even for a word in most articles, where the planner would otherwise read
    # (and decompress) every document of the table to test it.
    """
    CREATE FUNCTION articles_search_matches(query tsquery) RETURNS SETOF bigint
    LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off AS $$
        SELECT rowid FROM articles_search WHERE articles_search @@ query
    $$
    """,
    """
    CREATE FUNCTION articles_search_count(query tsquery) RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off AS $$
        SELECT count(*) FROM articles_search WHERE articles_search @@ query
    $$
    """,
    """
    CREATE TRIGGER articles_search_stats_insert AFTER INSERT ON articles_searchtext
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_stats_change()
    """,
    """
    CREATE TRIGGER articles_search_stats_update AFTER UPDATE ON articles_searchtext
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_stats_change()
    """,
    """
    CREATE TRIGGER articles_search_stats_delete AFTER DELETE ON articles_searchtext
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_stats_change()
    """,
    """
    CREATE TRIGGER articles_search_stats_truncate AFTER TRUNCATE
    ON articles_searchtext
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_stats_clear()
    """,
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS articles_search_stats_truncate ON articles_searchtext",
    "DROP TRIGGER IF EXISTS articles_search_stats_delete ON articles_searchtext",
    "DROP TRIGGER IF EXISTS articles_search_stats_update ON articles_searchtext",
    "DROP TRIGGER IF EXISTS articles_search_stats_insert ON articles_searchtext",
    "DROP FUNCTION IF EXISTS articles_search_stats_clear()",
    "DROP FUNCTION IF EXISTS articles_search_stats_change()",
    "DROP TABLE IF EXISTS articles_search_stats",
    "DROP FUNCTION IF EXISTS articles_search_count(tsquery)",
    "DROP FUNCTION IF EXISTS articles_search_matches(tsquery)",
    "DROP SEQUENCE IF EXISTS articles_search_version",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_REVERSE),
}


def run(schema_editor, *, forward):
    forward_statements, reverse_statements = STATEMENTS.get(
        schema_editor.connection.vendor, ([], [])
    )
    for statement in forward_statements if forward else reverse_statements:
        schema_editor.execute(statement, params=None)


def create(apps, schema_editor):
    run(schema_editor, forward=True)


def drop(apps, schema_editor):
    run(schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_entity_curation")]

    operations = [migrations.RunPython(create, drop)]
