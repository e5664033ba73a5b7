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
The statistics' triggers are declared in articles/db/triggers.py ("search
statistics").
"""

from django.db import migrations

from articles.db.operations import InstallTriggers, RunVendorSQL

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
]
POSTGRES_REVERSE = [
    "DROP TABLE IF EXISTS articles_search_stats",
    "DROP FUNCTION IF EXISTS articles_search_count(tsquery)",
    "DROP FUNCTION IF EXISTS articles_search_matches(tsquery)",
    "DROP SEQUENCE IF EXISTS articles_search_version",
]


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_entity_curation")]

    operations = [
        RunVendorSQL(
            {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD},
            reverse={"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE},
        ),
        InstallTriggers("search statistics"),
    ]
