"""What entity, source and home pages read, kept ready by the database.

An entity named in half of a 100,000-article archive has 50,000 mentions:
counting them, sorting its articles by date and bucketing them by month took
most of a second per page, and listing the most mentioned entities (or the
sources with their sizes, on the home page) meant counting every mention (or
article) in the archive. Copies kept exact by triggers on both databases,
whatever writes the rows (importer, extraction, merges, the admin, bulk SQL):

- Entity.article_count and Source.article_count: the rows naming each.
- Mention.published: the article's date, so that the index on (entity,
  published, article) holds an entity's articles newest first and their
  dates; pages read the index alone.

And on PostgreSQL, indexes in the order pages list articles: newest first,
undated last.

A later migration that makes Django rebuild articles_mention or
articles_article on SQLite (it copies a table to alter it) must create the
triggers here again.
"""

from django.db import migrations, models

# (counted table, table of the rows counted, their foreign key)
COUNTERS = [
    ("articles_entity", "articles_mention", "entity_id"),
    ("articles_source", "articles_article", "source_id"),
]


def sqlite_counter(parent, child, fk):
    """Statements keeping parent.article_count equal to the child rows naming
    it, and undoing that."""
    name = f"{child}_{fk}_count"
    forward = [
        f"UPDATE {parent} SET article_count = "
        f"(SELECT count(*) FROM {child} c WHERE c.{fk} = {parent}.id)",
        f"""
        CREATE TRIGGER {name}_insert AFTER INSERT ON {child} BEGIN
            UPDATE {parent} SET article_count = article_count + 1
            WHERE id = NEW.{fk};
        END
        """,
        f"""
        CREATE TRIGGER {name}_delete AFTER DELETE ON {child} BEGIN
            UPDATE {parent} SET article_count = article_count - 1
            WHERE id = OLD.{fk};
        END
        """,
        f"""
        CREATE TRIGGER {name}_update AFTER UPDATE OF {fk} ON {child}
        WHEN OLD.{fk} IS NOT NEW.{fk} BEGIN
            UPDATE {parent} SET article_count = article_count - 1
            WHERE id = OLD.{fk};
            UPDATE {parent} SET article_count = article_count + 1
            WHERE id = NEW.{fk};
        END
        """,
    ]
    reverse = [f"DROP TRIGGER IF EXISTS {name}_{op}" for op in OPERATIONS]
    return forward, reverse


def postgres_counter(parent, child, fk):
    """As sqlite_counter, once per statement: a row trigger would update a
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
    forward = [
        f"""
        UPDATE {parent} p SET article_count = c.n
        FROM (SELECT {fk}, count(*) AS n FROM {child} GROUP BY {fk}) c
        WHERE p.id = c.{fk}
        """,
        # Each operation has only its own transition tables.
        f"""
        CREATE FUNCTION {name}_change() RETURNS trigger LANGUAGE plpgsql AS $$
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
        f"""
        CREATE FUNCTION {name}_clear() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE {parent} SET article_count = 0 WHERE article_count <> 0;
            RETURN NULL;
        END
        $$
        """,
        f"""
        CREATE TRIGGER {name}_insert AFTER INSERT ON {child}
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {name}_change()
        """,
        f"""
        CREATE TRIGGER {name}_update AFTER UPDATE ON {child}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {name}_change()
        """,
        f"""
        CREATE TRIGGER {name}_delete AFTER DELETE ON {child}
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {name}_change()
        """,
        f"""
        CREATE TRIGGER {name}_truncate AFTER TRUNCATE ON {child}
        FOR EACH STATEMENT EXECUTE FUNCTION {name}_clear()
        """,
    ]
    reverse = [
        *(f"DROP TRIGGER IF EXISTS {name}_{op} ON {child}" for op in OPERATIONS),
        f"DROP TRIGGER IF EXISTS {name}_truncate ON {child}",
        f"DROP FUNCTION IF EXISTS {name}_clear()",
        f"DROP FUNCTION IF EXISTS {name}_change()",
    ]
    return forward, reverse


OPERATIONS = ["insert", "update", "delete"]

SQLITE_FORWARD = [
    "UPDATE articles_mention SET published = (SELECT published "
    "FROM articles_article a WHERE a.id = articles_mention.article_id)",
    # Read backwards for newest first: SQLite sorts NULL first, so undated
    # articles come last, as Article.Meta.ordering has them.
    "CREATE INDEX articles_mention_entity_newest "
    "ON articles_mention (entity_id, published, article_id)",
    """
    CREATE TRIGGER articles_mention_published_insert AFTER INSERT ON articles_mention
    BEGIN
        UPDATE articles_mention SET published = (
            SELECT published FROM articles_article WHERE id = NEW.article_id
        ) WHERE id = NEW.id;
    END
    """,
    """
    CREATE TRIGGER articles_mention_published_update
    AFTER UPDATE OF article_id ON articles_mention
    BEGIN
        UPDATE articles_mention SET published = (
            SELECT published FROM articles_article WHERE id = NEW.article_id
        ) WHERE id = NEW.id;
    END
    """,
    """
    CREATE TRIGGER articles_article_published_update
    AFTER UPDATE OF published ON articles_article
    WHEN OLD.published IS NOT NEW.published
    BEGIN
        UPDATE articles_mention SET published = NEW.published
        WHERE article_id = NEW.id;
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS articles_article_published_update",
    "DROP TRIGGER IF EXISTS articles_mention_published_update",
    "DROP TRIGGER IF EXISTS articles_mention_published_insert",
    "DROP INDEX IF EXISTS articles_mention_entity_newest",
]

POSTGRES_FORWARD = [
    """
    UPDATE articles_mention m SET published = a.published
    FROM articles_article a WHERE a.id = m.article_id AND a.published IS NOT NULL
    """,
    "CREATE INDEX articles_mention_entity_newest ON articles_mention "
    "(entity_id, published DESC NULLS LAST, article_id DESC)",
    # Newest first, undated last, is not the reverse of an ascending index on
    # PostgreSQL (NULL sorts last both ways): without these, the latest
    # articles of the archive or of a source meant sorting all of them.
    "CREATE INDEX articles_article_newest ON articles_article "
    "(published DESC NULLS LAST, id DESC)",
    "CREATE INDEX articles_article_source_newest ON articles_article "
    "(source_id, published DESC NULLS LAST, id DESC)",
    """
    CREATE FUNCTION articles_mention_set_published() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        SELECT published INTO NEW.published FROM articles_article
        WHERE id = NEW.article_id;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE FUNCTION articles_article_published_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE articles_mention SET published = NEW.published
        WHERE article_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_mention_published BEFORE INSERT OR UPDATE OF article_id
    ON articles_mention
    FOR EACH ROW EXECUTE FUNCTION articles_mention_set_published()
    """,
    """
    CREATE TRIGGER articles_article_published AFTER UPDATE OF published
    ON articles_article FOR EACH ROW
    WHEN (OLD.published IS DISTINCT FROM NEW.published)
    EXECUTE FUNCTION articles_article_published_change()
    """,
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS articles_article_published ON articles_article",
    "DROP TRIGGER IF EXISTS articles_mention_published ON articles_mention",
    "DROP FUNCTION IF EXISTS articles_article_published_change()",
    "DROP FUNCTION IF EXISTS articles_mention_set_published()",
    "DROP INDEX IF EXISTS articles_article_source_newest",
    "DROP INDEX IF EXISTS articles_article_newest",
    "DROP INDEX IF EXISTS articles_mention_entity_newest",
]

for counted in COUNTERS:
    for counter, forward, reverse in [
        (sqlite_counter, SQLITE_FORWARD, SQLITE_REVERSE),
        (postgres_counter, POSTGRES_FORWARD, POSTGRES_REVERSE),
    ]:
        more, fewer = counter(*counted)
        forward.extend(more)
        reverse[:0] = fewer
SQLITE_FORWARD += ["ANALYZE"]
POSTGRES_FORWARD += ["ANALYZE articles_mention", "ANALYZE articles_entity"]

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
    dependencies = [("articles", "0005_search_speed")]

    operations = [
        migrations.AddField(
            model_name="entity",
            name="article_count",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="Articles that name it.",
                verbose_name="articles",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="article_count",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="Articles from it.",
                verbose_name="articles",
            ),
        ),
        migrations.AddField(
            model_name="mention",
            name="published",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="entity",
            index=models.Index(
                fields=["hidden", "-article_count", "name"],
                name="entity_most_mentioned",
            ),
        ),
        migrations.RunPython(create, drop),
    ]
