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
| stories of mentions| Mention.story is its article's story                    |
| archive changes    | ArchiveState.version changes, and changed_at moves, with|
|                    | every change to what readers see                        |
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


# --- how a trigger is written on each database ----------------------------------


def sqlite(name, group, does, *, on, when, body, only="", touches=()) -> Trigger:
    """A SQLite trigger: `when` (e.g. "AFTER INSERT ON") the table `on`, `only`
    if that condition holds, runs `body`."""
    condition = f" WHEN {only}" if only else ""
    sql = f"CREATE TRIGGER {name} {when} {on}{condition} BEGIN {body} END"
    return Trigger(name, SQLITE, group, on, does, sql, touches=tuple(touches))


def plpgsql(name: str, body: str, *, declare: str = "", returns: str = "NULL"):
    """A PostgreSQL trigger function running `body`."""
    return Function(
        name,
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"{declare} BEGIN {body} RETURN {returns}; END $$",
    )


def postgres(name, group, does, *, on, when, each, function, transitions=""):
    """A PostgreSQL trigger: `when` (e.g. "AFTER INSERT OR UPDATE"), `on` a table,
    for each "ROW" or "STATEMENT", running `function`."""
    sql = (
        f"CREATE TRIGGER {name} {when} ON {on} {transitions} "
        f"FOR EACH {each} EXECUTE FUNCTION {function.name}()"
    )
    return Trigger(name, POSTGRESQL, group, on, does, sql, function)


# --- search index -------------------------------------------------------------------

_INDEX_NEW = "INSERT INTO articles_search(rowid, title, lead, rest) VALUES " + (
    "(new.article_id, new.title, new.lead, new.rest);"
)
_INDEX_OLD = (
    "INSERT INTO articles_search(articles_search, rowid, title, lead, rest) "
    "VALUES ('delete', old.article_id, old.title, old.lead, old.rest);"
)

SQLITE_SEARCH = [
    sqlite(
        "articles_search_insert",
        "search index",
        "a new row of search text is added to the FTS5 index",
        on="articles_searchtext",
        when="AFTER INSERT ON",
        body=_INDEX_NEW,
        touches=["articles_search"],
    ),
    sqlite(
        "articles_search_delete",
        "search index",
        "a deleted row of search text leaves the FTS5 index",
        on="articles_searchtext",
        when="AFTER DELETE ON",
        body=_INDEX_OLD,
        touches=["articles_search"],
    ),
    sqlite(
        "articles_search_update",
        "search index",
        "a changed row of search text is indexed again",
        on="articles_searchtext",
        when="AFTER UPDATE ON",
        body=_INDEX_OLD + " " + _INDEX_NEW,
        touches=["articles_search"],
    ),
]

POSTGRES_SEARCH = [
    postgres(
        "articles_search_upsert",
        "search index",
        "a new or changed row of search text is indexed as a weighted tsvector",
        on="articles_searchtext",
        when="AFTER INSERT OR UPDATE",
        each="ROW",
        function=plpgsql(
            "articles_search_upsert",
            "INSERT INTO articles_search (rowid, articles_search) "
            "VALUES (NEW.article_id, "
            "articles_search_document(NEW.title, NEW.lead, NEW.rest)) "
            "ON CONFLICT (rowid) DO UPDATE "
            "SET articles_search = EXCLUDED.articles_search;",
        ),
    ),
    postgres(
        "articles_search_remove",
        "search index",
        "a deleted row of search text leaves the index",
        on="articles_searchtext",
        when="AFTER DELETE",
        each="ROW",
        function=plpgsql(
            "articles_search_remove",
            "DELETE FROM articles_search WHERE rowid = OLD.article_id;",
        ),
    ),
    postgres(
        "articles_search_clear",
        "search index",
        "emptying the search text (as Django's test flush does) empties the index",
        on="articles_searchtext",
        when="AFTER TRUNCATE",
        each="STATEMENT",
        function=plpgsql("articles_search_clear", "TRUNCATE articles_search;"),
    ),
]

# --- search statistics (PostgreSQL) -----------------------------------------------

_STATS_CHANGE = plpgsql(
    "articles_search_stats_change",
    """
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
    """,
    declare="DECLARE added bigint := 0; added_tokens bigint := 0; "
    "removed bigint := 0; removed_tokens bigint := 0;",
)
# Each operation sees only its own transition tables.
TRANSITIONS = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def per_statement(name, group, does, *, on, change, emptied, clear):
    """PostgreSQL triggers on `on` once per statement: `change` after each
    INSERT, UPDATE and DELETE (with its transition tables; `does` may name
    the {operation}), and `clear` after TRUNCATE (`emptied` says what it does)."""
    return [
        *(
            postgres(
                f"{name}_{operation.lower()}",
                group,
                does.format(operation=operation),
                on=on,
                when=f"AFTER {operation}",
                each="STATEMENT",
                transitions=transitions,
                function=change,
            )
            for operation, transitions in TRANSITIONS.items()
        ),
        postgres(
            f"{name}_truncate",
            group,
            emptied,
            on=on,
            when="AFTER TRUNCATE",
            each="STATEMENT",
            function=clear,
        ),
    ]


POSTGRES_STATISTICS = per_statement(
    "articles_search_stats",
    "search statistics",
    "after each {operation}, the archive's counts and the index version",
    on="articles_searchtext",
    change=_STATS_CHANGE,
    emptied="emptying the search text zeroes the counts",
    clear=plpgsql(
        "articles_search_stats_clear",
        "UPDATE articles_search_stats SET articles = 0, tokens = 0, "
        "version = nextval('articles_search_version') WHERE id = 1;",
    ),
)

# --- what mentions copy from their article ----------------------------------------


def copied_to_mentions(column, name, group, *, new, moved, changed):
    """Triggers copying the article's `column` onto its mentions (on SQLite
    and on PostgreSQL): when a mention is made (`new` says what that keeps
    true), moved to another article (`moved`), and when the article's value
    changes (`changed`). `name` names the triggers and their functions."""
    of_article = (
        f"UPDATE articles_mention SET {column} = (SELECT {column} "
        "FROM articles_article WHERE id = NEW.article_id) WHERE id = NEW.id;"
    )
    to_mentions = (
        f"UPDATE articles_mention SET {column} = NEW.{column} "
        "WHERE article_id = NEW.id;"
    )
    on_sqlite = [
        sqlite(
            f"articles_mention_{name}_insert",
            group,
            new,
            on="articles_mention",
            when="AFTER INSERT ON",
            body=of_article,
            touches=["articles_article"],
        ),
        sqlite(
            f"articles_mention_{name}_update",
            group,
            moved,
            on="articles_mention",
            when="AFTER UPDATE OF article_id ON",
            body=of_article,
            touches=["articles_article"],
        ),
        sqlite(
            f"articles_article_{name}_update",
            group,
            changed,
            on="articles_article",
            when=f"AFTER UPDATE OF {column} ON",
            only=f"OLD.{column} IS NOT NEW.{column}",
            body=to_mentions,
            touches=["articles_mention"],
        ),
    ]
    on_postgres = [
        postgres(
            f"articles_mention_{name}",
            group,
            "a new or moved mention gets its article's "
            + new.rsplit("its article's ", 1)[-1],
            on="articles_mention",
            when="BEFORE INSERT OR UPDATE OF article_id",
            each="ROW",
            function=plpgsql(
                f"articles_mention_set_{name}",
                f"SELECT {column} INTO NEW.{column} FROM articles_article "
                "WHERE id = NEW.article_id;",
                returns="NEW",
            ),
        ),
        postgres(
            f"articles_article_{name}",
            group,
            changed,
            on="articles_article",
            when=f"AFTER UPDATE OF {column}",
            each=f"ROW WHEN (OLD.{column} IS DISTINCT FROM NEW.{column})",
            function=plpgsql(f"articles_article_{name}_change", to_mentions),
        ),
    ]
    return on_sqlite, on_postgres


SQLITE_DATES, POSTGRES_DATES = copied_to_mentions(
    "published",
    "published",
    "publication dates",
    new="a new mention gets its article's date",
    moved="a mention moved to another article gets that article's date",
    changed="a corrected article date reaches its mentions",
)
SQLITE_STORIES, POSTGRES_STORIES = copied_to_mentions(
    "story_id",
    "story",
    "stories of mentions",
    new="a new mention gets its article's story",
    moved="a mention moved to another article gets that article's story",
    changed="an article grouped into another story takes its mentions along",
)

# --- article counts ---------------------------------------------------------------

# (counted table, table of the rows counted, their foreign key)
COUNTED = [
    ("articles_entity", "articles_mention", "entity_id"),
    ("articles_source", "articles_article", "source_id"),
]


def sqlite_counters(parent: str, child: str, fk: str) -> list[Trigger]:
    """Triggers keeping parent.article_count equal to the child rows naming it."""
    name, does = f"{child}_{fk}_count", f"{parent}.article_count follows {child}"

    def add(sign, row):
        return (
            f"UPDATE {parent} SET article_count = article_count {sign} 1 "
            f"WHERE id = {row}.{fk};"
        )

    return [
        sqlite(
            f"{name}_{event.lower()}",
            "article counts",
            does,
            on=child,
            when=f"AFTER {event}{of} ON",
            only=f"OLD.{fk} IS NOT NEW.{fk}" if of else "",
            body=body,
            touches=[parent],
        )
        for event, of, body in [
            ("INSERT", "", add("+", "NEW")),
            ("DELETE", "", add("-", "OLD")),
            ("UPDATE", f" OF {fk}", add("-", "OLD") + " " + add("+", "NEW")),
        ]
    ]


def postgres_counters(parent: str, child: str, fk: str) -> list[Trigger]:
    """As sqlite_counters, once per statement: a row trigger would update a
    popular entity's row once for each of its mentions in a bulk insert."""
    name, does = f"{child}_{fk}_count", f"{parent}.article_count follows {child}"

    def change(rows):
        return (
            f"UPDATE {parent} p SET article_count = p.article_count + d.n "
            f"FROM (SELECT {fk}, sum(n) AS n FROM ({rows}) AS changed "
            f"GROUP BY {fk} HAVING sum(n) <> 0) AS d WHERE p.id = d.{fk};"
        )

    added = f"SELECT {fk}, 1 AS n FROM new_rows"
    removed = f"SELECT {fk}, -1 AS n FROM old_rows"
    changed = plpgsql(
        f"{name}_change",
        f"IF TG_OP = 'INSERT' THEN {change(added)} "
        f"ELSIF TG_OP = 'DELETE' THEN {change(removed)} "
        f"ELSE {change(f'{added} UNION ALL {removed}')} END IF;",
    )
    return per_statement(
        name,
        "article counts",
        does,
        on=child,
        change=changed,
        emptied=f"emptying {child} zeroes {parent}.article_count",
        clear=plpgsql(
            f"{name}_clear",
            f"UPDATE {parent} SET article_count = 0 WHERE article_count <> 0;",
        ),
    )


# --- archive changes --------------------------------------------------------------

# The tables whose rows readers see, one way or another: a change to any of
# them changes the archive's version, which every public page's validators
# are made from (articles/caching.py). Search text follows its article; the
# signatures and bands of stories are how grouping works, not what it shows.
WATCHED = (
    "articles_article",
    "articles_article_subjects",
    "articles_entity",
    "articles_entityalias",
    "articles_entityredirect",
    "articles_mention",
    "articles_source",
    "articles_story",
    "articles_subject",
)
_STATE = "articles_archivestate"
_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"

SQLITE_CHANGES = [
    sqlite(
        f"{table}_changes_{event.lower()}",
        "archive changes",
        f"a row {done} {table} is a change",
        on=table,
        when=f"AFTER {event} ON",
        body=f"UPDATE {_STATE} SET version = version + 1, "
        f"changed_at = {_SQLITE_NOW} WHERE id = 1;",
        touches=[_STATE],
    )
    for table in WATCHED
    for event, done in (
        ("INSERT", "inserted into"),
        ("UPDATE", "updated in"),
        ("DELETE", "deleted from"),
    )
]

# Once per statement that wrote a row: an import's bulk insert is one
# change, not thousands, and a statement that matched nothing is none.
_BUMP_PG = (
    f"UPDATE {_STATE} SET version = version + 1, changed_at = clock_timestamp() "
    "WHERE id = 1;"
)
_CHANGED = plpgsql(
    "articles_archive_changed",
    # Each operation sees only its own transition table: the other is not
    # named outside the branch that runs.
    "IF TG_OP = 'DELETE' THEN "
    f"IF EXISTS (SELECT 1 FROM old_rows) THEN {_BUMP_PG} END IF; "
    f"ELSIF EXISTS (SELECT 1 FROM new_rows) THEN {_BUMP_PG} END IF;",
)
POSTGRES_CHANGES = [
    trigger
    for table in WATCHED
    for trigger in per_statement(
        f"{table}_changes",
        "archive changes",
        f"each {{operation}} that wrote rows of {table} is a change",
        on=table,
        change=_CHANGED,
        emptied=f"emptying {table} is a change",
        clear=plpgsql("articles_archive_emptied", _BUMP_PG),
    )
]

# --- the registry -------------------------------------------------------------------

TRIGGERS: dict[str, tuple[Trigger, ...]] = {
    SQLITE: (
        *SQLITE_SEARCH,
        *SQLITE_DATES,
        *SQLITE_STORIES,
        *(t for counted in COUNTED for t in sqlite_counters(*counted)),
        *SQLITE_CHANGES,
    ),
    POSTGRESQL: (
        *POSTGRES_SEARCH,
        *POSTGRES_STATISTICS,
        *POSTGRES_DATES,
        *POSTGRES_STORIES,
        *(t for counted in COUNTED for t in postgres_counters(*counted)),
        *POSTGRES_CHANGES,
    ),
}
GROUPS = (
    "search index",
    "search statistics",
    "publication dates",
    "article counts",
    "stories of mentions",
    "archive changes",
)

# What the triggers of each group keep up to date, computed afresh: run after
# they are installed again, since what changed without them was not kept.
REFRESH = {
    SQLITE: {
        "publication dates": [
            "UPDATE articles_mention SET published = (SELECT published "
            "FROM articles_article a WHERE a.id = articles_mention.article_id)"
        ],
        "stories of mentions": [
            "UPDATE articles_mention SET story_id = (SELECT story_id "
            "FROM articles_article a WHERE a.id = articles_mention.article_id)"
        ],
        "article counts": [
            f"UPDATE {parent} SET article_count = (SELECT count(*) FROM {child} c "
            f"WHERE c.{fk} = {parent}.id)"
            for parent, child, fk in COUNTED
        ],
        # What changed while they were away is a change.
        "archive changes": [
            f"UPDATE {_STATE} SET version = version + 1, "
            f"changed_at = {_SQLITE_NOW} WHERE id = 1"
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
        "stories of mentions": [
            "UPDATE articles_mention m SET story_id = a.story_id "
            "FROM articles_article a WHERE a.id = m.article_id "
            "AND m.story_id IS DISTINCT FROM a.story_id"
        ],
        "article counts": [
            f"UPDATE {parent} p SET article_count = (SELECT count(*) FROM {child} c "
            f"WHERE c.{fk} = p.id)"
            for parent, child, fk in COUNTED
        ],
        "archive changes": [
            f"UPDATE {_STATE} SET version = version + 1, "
            "changed_at = clock_timestamp() WHERE id = 1"
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
