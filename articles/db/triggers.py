"""What the database does behind Django's back: every trigger, by name, per database.

Each row below is one trigger: the table it fires on, what it keeps true and
its SQL. Migrations install them from here (articles.db.operations), `manage.py
check` compares them with what the database holds (articles.db.checks), and on
SQLite the schema editor puts them back after Django rebuilds a table
(articles.db.sqlite3). To change one: edit it here and add a migration with
`InstallTriggers("<its group>")`; docs/development.md says more.

| group              | keeps true                                              |
| ------------------ | ------------------------------------------------------- |
| search index       | the full-text index (articles_search) holds exactly the |
|                    | rows of articles_searchtext                             |
| search statistics  | PostgreSQL: the archive's article and word counts for   |
|                    | BM25, and a version number that changes with the index  |
| publication dates  | Mention.published is its article's publication date     |
| article counts     | Entity.article_count and Source.article_count count the |
|                    | mentions and articles naming each                       |
"""

import hashlib
import re
from dataclasses import dataclass

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
VENDORS = (SQLITE, POSTGRESQL)


class UnsupportedDatabase(RuntimeError):
    """newsroom runs on SQLite and PostgreSQL only."""

    def __init__(self, vendor: str):
        super().__init__(
            f"newsroom runs on SQLite (with FTS5) and PostgreSQL, not {vendor}: "
            "leave DATABASE_URL unset for SQLite or point it at PostgreSQL."
        )


@dataclass(frozen=True)
class Function:
    """A PostgreSQL function a trigger runs."""

    name: str
    sql: str  # CREATE OR REPLACE FUNCTION ...

    @property
    def digest(self) -> str:
        return digest(self.sql)


@dataclass(frozen=True)
class Trigger:
    name: str
    vendor: str
    group: str
    table: str  # the table it fires on
    does: str  # what it keeps true, in a line
    sql: str  # CREATE TRIGGER ...
    function: Function | None = None  # PostgreSQL: what it runs
    # Other tables its body reads or writes: on SQLite, rebuilding one of them
    # (a copy, a drop and a rename) needs this trigger out of the way.
    touches: tuple[str, ...] = ()

    @property
    def digest(self) -> str:
        return digest(self.sql)


def digest(sql: str) -> str:
    """A short fingerprint of a statement, blind to white space."""
    return hashlib.sha256(normalise(sql).encode()).hexdigest()[:16]


def normalise(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip().rstrip(";")


# --- search index -------------------------------------------------------------------

SQLITE_SEARCH = [
    Trigger(
        "articles_search_insert",
        SQLITE,
        "search index",
        "articles_searchtext",
        "a new row of search text is added to the FTS5 index",
        """
        CREATE TRIGGER articles_search_insert AFTER INSERT ON articles_searchtext BEGIN
            INSERT INTO articles_search(rowid, title, lead, rest)
            VALUES (new.article_id, new.title, new.lead, new.rest);
        END
        """,
        touches=("articles_search",),
    ),
    Trigger(
        "articles_search_delete",
        SQLITE,
        "search index",
        "articles_searchtext",
        "a deleted row of search text leaves the FTS5 index",
        """
        CREATE TRIGGER articles_search_delete AFTER DELETE ON articles_searchtext BEGIN
            INSERT INTO articles_search(articles_search, rowid, title, lead, rest)
            VALUES ('delete', old.article_id, old.title, old.lead, old.rest);
        END
        """,
        touches=("articles_search",),
    ),
    Trigger(
        "articles_search_update",
        SQLITE,
        "search index",
        "articles_searchtext",
        "a changed row of search text is indexed again",
        """
        CREATE TRIGGER articles_search_update AFTER UPDATE ON articles_searchtext BEGIN
            INSERT INTO articles_search(articles_search, rowid, title, lead, rest)
            VALUES ('delete', old.article_id, old.title, old.lead, old.rest);
            INSERT INTO articles_search(rowid, title, lead, rest)
            VALUES (new.article_id, new.title, new.lead, new.rest);
        END
        """,
        touches=("articles_search",),
    ),
]

_UPSERT = Function(
    "articles_search_upsert",
    """
    CREATE OR REPLACE FUNCTION articles_search_upsert() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO articles_search (rowid, articles_search)
        VALUES (NEW.article_id, articles_search_document(NEW.title, NEW.lead, NEW.rest))
        ON CONFLICT (rowid) DO UPDATE SET articles_search = EXCLUDED.articles_search;
        RETURN NULL;
    END
    $$
    """,
)
_REMOVE = Function(
    "articles_search_remove",
    """
    CREATE OR REPLACE FUNCTION articles_search_remove() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM articles_search WHERE rowid = OLD.article_id;
        RETURN NULL;
    END
    $$
    """,
)
_CLEAR = Function(
    "articles_search_clear",
    """
    CREATE OR REPLACE FUNCTION articles_search_clear() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE articles_search;
        RETURN NULL;
    END
    $$
    """,
)

POSTGRES_SEARCH = [
    Trigger(
        "articles_search_upsert",
        POSTGRESQL,
        "search index",
        "articles_searchtext",
        "a new or changed row of search text is indexed as a weighted tsvector",
        """
        CREATE TRIGGER articles_search_upsert AFTER INSERT OR UPDATE
        ON articles_searchtext FOR EACH ROW EXECUTE FUNCTION articles_search_upsert()
        """,
        _UPSERT,
    ),
    Trigger(
        "articles_search_remove",
        POSTGRESQL,
        "search index",
        "articles_searchtext",
        "a deleted row of search text leaves the index",
        """
        CREATE TRIGGER articles_search_remove AFTER DELETE
        ON articles_searchtext FOR EACH ROW EXECUTE FUNCTION articles_search_remove()
        """,
        _REMOVE,
    ),
    Trigger(
        "articles_search_clear",
        POSTGRESQL,
        "search index",
        "articles_searchtext",
        "emptying the search text (as Django's test flush does) empties the index",
        """
        CREATE TRIGGER articles_search_clear AFTER TRUNCATE
        ON articles_searchtext FOR EACH STATEMENT
        EXECUTE FUNCTION articles_search_clear()
        """,
        _CLEAR,
    ),
]

# --- search statistics (PostgreSQL) -----------------------------------------------

_STATS_CHANGE = Function(
    "articles_search_stats_change",
    """
    CREATE OR REPLACE FUNCTION articles_search_stats_change() RETURNS trigger
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
)
_STATS_CLEAR = Function(
    "articles_search_stats_clear",
    """
    CREATE OR REPLACE FUNCTION articles_search_stats_clear() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE articles_search_stats
        SET articles = 0, tokens = 0, version = nextval('articles_search_version')
        WHERE id = 1;
        RETURN NULL;
    END
    $$
    """,
)


def _stats_trigger(operation: str, transitions: str) -> Trigger:
    name = f"articles_search_stats_{operation.lower()}"
    return Trigger(
        name,
        POSTGRESQL,
        "search statistics",
        "articles_searchtext",
        f"after each {operation}, the archive's counts and the index version",
        f"""
        CREATE TRIGGER {name} AFTER {operation} ON articles_searchtext
        {transitions}
        FOR EACH STATEMENT EXECUTE FUNCTION articles_search_stats_change()
        """,
        _STATS_CHANGE,
    )


POSTGRES_STATISTICS = [
    _stats_trigger("INSERT", "REFERENCING NEW TABLE AS new_rows"),
    _stats_trigger("UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    _stats_trigger("DELETE", "REFERENCING OLD TABLE AS old_rows"),
    Trigger(
        "articles_search_stats_truncate",
        POSTGRESQL,
        "search statistics",
        "articles_searchtext",
        "emptying the search text zeroes the counts",
        """
        CREATE TRIGGER articles_search_stats_truncate AFTER TRUNCATE
        ON articles_searchtext
        FOR EACH STATEMENT EXECUTE FUNCTION articles_search_stats_clear()
        """,
        _STATS_CLEAR,
    ),
]

# --- publication dates copied to mentions -----------------------------------------

SQLITE_DATES = [
    Trigger(
        "articles_mention_published_insert",
        SQLITE,
        "publication dates",
        "articles_mention",
        "a new mention gets its article's date",
        """
        CREATE TRIGGER articles_mention_published_insert
        AFTER INSERT ON articles_mention
        BEGIN
            UPDATE articles_mention SET published = (
                SELECT published FROM articles_article WHERE id = NEW.article_id
            ) WHERE id = NEW.id;
        END
        """,
        touches=("articles_article",),
    ),
    Trigger(
        "articles_mention_published_update",
        SQLITE,
        "publication dates",
        "articles_mention",
        "a mention moved to another article gets that article's date",
        """
        CREATE TRIGGER articles_mention_published_update
        AFTER UPDATE OF article_id ON articles_mention
        BEGIN
            UPDATE articles_mention SET published = (
                SELECT published FROM articles_article WHERE id = NEW.article_id
            ) WHERE id = NEW.id;
        END
        """,
        touches=("articles_article",),
    ),
    Trigger(
        "articles_article_published_update",
        SQLITE,
        "publication dates",
        "articles_article",
        "a corrected article date reaches its mentions",
        """
        CREATE TRIGGER articles_article_published_update
        AFTER UPDATE OF published ON articles_article
        WHEN OLD.published IS NOT NEW.published
        BEGIN
            UPDATE articles_mention SET published = NEW.published
            WHERE article_id = NEW.id;
        END
        """,
        touches=("articles_mention",),
    ),
]

POSTGRES_DATES = [
    Trigger(
        "articles_mention_published",
        POSTGRESQL,
        "publication dates",
        "articles_mention",
        "a new or moved mention gets its article's date",
        """
        CREATE TRIGGER articles_mention_published BEFORE INSERT OR UPDATE OF article_id
        ON articles_mention
        FOR EACH ROW EXECUTE FUNCTION articles_mention_set_published()
        """,
        Function(
            "articles_mention_set_published",
            """
            CREATE OR REPLACE FUNCTION articles_mention_set_published()
            RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                SELECT published INTO NEW.published FROM articles_article
                WHERE id = NEW.article_id;
                RETURN NEW;
            END
            $$
            """,
        ),
    ),
    Trigger(
        "articles_article_published",
        POSTGRESQL,
        "publication dates",
        "articles_article",
        "a corrected article date reaches its mentions",
        """
        CREATE TRIGGER articles_article_published AFTER UPDATE OF published
        ON articles_article FOR EACH ROW
        WHEN (OLD.published IS DISTINCT FROM NEW.published)
        EXECUTE FUNCTION articles_article_published_change()
        """,
        Function(
            "articles_article_published_change",
            """
            CREATE OR REPLACE FUNCTION articles_article_published_change()
            RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE articles_mention SET published = NEW.published
                WHERE article_id = NEW.id;
                RETURN NULL;
            END
            $$
            """,
        ),
    ),
]

# --- article counts ---------------------------------------------------------------

# (counted table, table of the rows counted, their foreign key)
COUNTED = [
    ("articles_entity", "articles_mention", "entity_id"),
    ("articles_source", "articles_article", "source_id"),
]


def sqlite_counters(parent: str, child: str, fk: str) -> list[Trigger]:
    """Triggers keeping parent.article_count equal to the child rows naming it."""
    name = f"{child}_{fk}_count"
    does = f"{parent}.article_count follows the rows of {child}"
    return [
        Trigger(
            f"{name}_insert",
            SQLITE,
            "article counts",
            child,
            does,
            f"""
            CREATE TRIGGER {name}_insert AFTER INSERT ON {child} BEGIN
                UPDATE {parent} SET article_count = article_count + 1
                WHERE id = NEW.{fk};
            END
            """,
            touches=(parent,),
        ),
        Trigger(
            f"{name}_delete",
            SQLITE,
            "article counts",
            child,
            does,
            f"""
            CREATE TRIGGER {name}_delete AFTER DELETE ON {child} BEGIN
                UPDATE {parent} SET article_count = article_count - 1
                WHERE id = OLD.{fk};
            END
            """,
            touches=(parent,),
        ),
        Trigger(
            f"{name}_update",
            SQLITE,
            "article counts",
            child,
            does,
            f"""
            CREATE TRIGGER {name}_update AFTER UPDATE OF {fk} ON {child}
            WHEN OLD.{fk} IS NOT NEW.{fk} BEGIN
                UPDATE {parent} SET article_count = article_count - 1
                WHERE id = OLD.{fk};
                UPDATE {parent} SET article_count = article_count + 1
                WHERE id = NEW.{fk};
            END
            """,
            touches=(parent,),
        ),
    ]


def postgres_counters(parent: str, child: str, fk: str) -> list[Trigger]:
    """As sqlite_counters, once per statement: a row trigger would update a
    popular entity's row once for each of its mentions in a bulk insert."""
    name = f"{child}_{fk}_count"
    change = f"""
        UPDATE {parent} p SET article_count = p.article_count + d.n
        FROM (SELECT {fk}, sum(n) AS n FROM ({{rows}}) AS changed
              GROUP BY {fk} HAVING sum(n) <> 0) AS d
        WHERE p.id = d.{fk};
    """
    added = f"SELECT {fk}, 1 AS n FROM new_rows"
    removed = f"SELECT {fk}, -1 AS n FROM old_rows"
    # Each operation has only its own transition tables.
    changed = Function(
        f"{name}_change",
        f"""
        CREATE OR REPLACE FUNCTION {name}_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                {change.format(rows=added)}
            ELSIF TG_OP = 'DELETE' THEN
                {change.format(rows=removed)}
            ELSE
                {change.format(rows=f"{added} UNION ALL {removed}")}
            END IF;
            RETURN NULL;
        END
        $$
        """,
    )
    cleared = Function(
        f"{name}_clear",
        f"""
        CREATE OR REPLACE FUNCTION {name}_clear() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE {parent} SET article_count = 0 WHERE article_count <> 0;
            RETURN NULL;
        END
        $$
        """,
    )
    does = f"{parent}.article_count follows the rows of {child}"
    triggers = []
    for operation, transitions in [
        ("INSERT", "REFERENCING NEW TABLE AS new_rows"),
        ("UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "REFERENCING OLD TABLE AS old_rows"),
    ]:
        trigger = f"{name}_{operation.lower()}"
        triggers.append(
            Trigger(
                trigger,
                POSTGRESQL,
                "article counts",
                child,
                does,
                f"""
                CREATE TRIGGER {trigger} AFTER {operation} ON {child}
                {transitions}
                FOR EACH STATEMENT EXECUTE FUNCTION {name}_change()
                """,
                changed,
            )
        )
    triggers.append(
        Trigger(
            f"{name}_truncate",
            POSTGRESQL,
            "article counts",
            child,
            f"emptying {child} zeroes {parent}.article_count",
            f"""
            CREATE TRIGGER {name}_truncate AFTER TRUNCATE ON {child}
            FOR EACH STATEMENT EXECUTE FUNCTION {name}_clear()
            """,
            cleared,
        )
    )
    return triggers


# --- the registry -------------------------------------------------------------------

TRIGGERS: dict[str, tuple[Trigger, ...]] = {
    SQLITE: (
        *SQLITE_SEARCH,
        *SQLITE_DATES,
        *(t for counted in COUNTED for t in sqlite_counters(*counted)),
    ),
    POSTGRESQL: (
        *POSTGRES_SEARCH,
        *POSTGRES_STATISTICS,
        *POSTGRES_DATES,
        *(t for counted in COUNTED for t in postgres_counters(*counted)),
    ),
}
GROUPS = ("search index", "search statistics", "publication dates", "article counts")

# What the triggers of each group keep up to date, computed afresh: run after
# they are installed again, since what changed without them was not kept.
REFRESH = {
    SQLITE: {
        "publication dates": [
            "UPDATE articles_mention SET published = (SELECT published "
            "FROM articles_article a WHERE a.id = articles_mention.article_id)"
        ],
        "article counts": [
            f"UPDATE {parent} SET article_count = (SELECT count(*) FROM {child} c "
            f"WHERE c.{fk} = {parent}.id)"
            for parent, child, fk in COUNTED
        ],
        # The FTS5 index, read afresh from articles_searchtext.
        "search index": [
            "INSERT INTO articles_search(articles_search) VALUES ('rebuild')"
        ],
    },
    POSTGRESQL: {
        "publication dates": [
            "UPDATE articles_mention m SET published = a.published "
            "FROM articles_article a WHERE a.id = m.article_id "
            "AND m.published IS DISTINCT FROM a.published"
        ],
        "article counts": [
            f"UPDATE {parent} p SET article_count = (SELECT count(*) FROM {child} c "
            f"WHERE c.{fk} = p.id)"
            for parent, child, fk in COUNTED
        ],
        "search index": [
            "DELETE FROM articles_search s WHERE NOT EXISTS (SELECT 1 FROM "
            "articles_searchtext t WHERE t.article_id = s.rowid)",
            "INSERT INTO articles_search (rowid, articles_search) "
            "SELECT article_id, articles_search_document(title, lead, rest) "
            "FROM articles_searchtext ON CONFLICT (rowid) DO UPDATE "
            "SET articles_search = EXCLUDED.articles_search",
        ],
        "search statistics": [
            "UPDATE articles_search_stats "
            "SET version = nextval('articles_search_version'), "
            "(articles, tokens) = (SELECT count(*), coalesce(sum(length), 0) "
            "FROM articles_searchtext)"
        ],
    },
}


def declared(vendor: str) -> tuple[Trigger, ...]:
    """Every trigger the database `vendor` should hold; refuses other databases."""
    if vendor not in TRIGGERS:
        raise UnsupportedDatabase(vendor)
    return TRIGGERS[vendor]


def in_groups(vendor: str, groups) -> list[Trigger]:
    unknown = set(groups) - set(GROUPS)
    if unknown:
        raise ValueError(f"no such trigger group: {', '.join(sorted(unknown))}")
    return [t for t in declared(vendor) if t.group in groups]
