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

The triggers are declared in articles/db/triggers.py ("publication dates",
"article counts"); on SQLite the schema editor (articles/db/sqlite3) puts them
back when a later migration makes Django rebuild one of these tables.
"""

from django.db import migrations, models

from articles.db.operations import InstallTriggers, RunVendorSQL
from articles.db.triggers import COUNTED, REFRESH

# What the triggers keep up to date, brought up to date once.
SQLITE_FORWARD = [
    *REFRESH["sqlite"]["publication dates"],
    *REFRESH["sqlite"]["article counts"],
    # Read backwards for newest first: SQLite sorts NULL first, so undated
    # articles come last, as Article.Meta.ordering has them.
    "CREATE INDEX articles_mention_entity_newest "
    "ON articles_mention (entity_id, published, article_id)",
    "ANALYZE",
]
SQLITE_REVERSE = ["DROP INDEX IF EXISTS articles_mention_entity_newest"]

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
    # Counted a group at a time: the new columns are 0 everywhere.
    *(
        f"UPDATE {parent} p SET article_count = c.n FROM (SELECT {fk}, count(*) AS n "
        f"FROM {child} GROUP BY {fk}) c WHERE p.id = c.{fk}"
        for parent, child, fk in COUNTED
    ),
    "ANALYZE articles_mention",
    "ANALYZE articles_entity",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS articles_article_source_newest",
    "DROP INDEX IF EXISTS articles_article_newest",
    "DROP INDEX IF EXISTS articles_mention_entity_newest",
]


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
        RunVendorSQL(
            {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD},
            reverse={"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE},
        ),
        InstallTriggers("publication dates", "article counts"),
    ]
