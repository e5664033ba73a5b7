"""Each mention knows its article's story, so that an entity's page counts
stories from an index, as it counts articles.

Mention.story is kept by the database ("stories of mentions" triggers,
articles/db/triggers.py), whatever writes the rows. The index an entity's
page reads its articles and its timeline from gains the story: counting the
stories of an entity or of a month stays a walk of that index.
"""

import django.db.models.deletion
from django.db import migrations, models

from articles.db.operations import InstallTriggers, RunVendorSQL
from articles.db.triggers import REFRESH

SQLITE_FORWARD = [
    *REFRESH["sqlite"]["stories of mentions"],
    "DROP INDEX IF EXISTS articles_mention_entity_newest",
    "CREATE INDEX articles_mention_entity_newest "
    "ON articles_mention (entity_id, published, article_id, story_id)",
    "CREATE INDEX articles_article_source_stories "
    "ON articles_article (source_id, published, story_id)",
    "ANALYZE",
]
SQLITE_REVERSE = [
    "DROP INDEX IF EXISTS articles_article_source_stories",
    "DROP INDEX IF EXISTS articles_mention_entity_newest",
    "CREATE INDEX articles_mention_entity_newest "
    "ON articles_mention (entity_id, published, article_id)",
]
POSTGRES_FORWARD = [
    *REFRESH["postgresql"]["stories of mentions"],
    "DROP INDEX IF EXISTS articles_mention_entity_newest",
    "CREATE INDEX articles_mention_entity_newest ON articles_mention "
    "(entity_id, published DESC NULLS LAST, article_id DESC) INCLUDE (story_id)",
    "CREATE INDEX articles_article_source_stories ON articles_article "
    "(source_id, published) INCLUDE (story_id)",
    "ANALYZE articles_mention",
    "ANALYZE articles_article",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS articles_article_source_stories",
    "DROP INDEX IF EXISTS articles_mention_entity_newest",
    "CREATE INDEX articles_mention_entity_newest ON articles_mention "
    "(entity_id, published DESC NULLS LAST, article_id DESC)",
]


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_versions_and_captions_of_stored_articles")]

    operations = [
        migrations.AddField(
            model_name="mention",
            name="story",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.story",
            ),
        ),
        InstallTriggers("stories of mentions"),
        RunVendorSQL(
            {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD},
            reverse={"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE},
        ),
    ]
