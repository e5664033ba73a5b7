"""The stories index by week, then band key.

Each band of an article's signature is stored with the week the article was
sent in, and the index reads (week, key): grouping compares an article only
with those sent within a week of it, and an import in the order of sending
writes into a few weeks of the index instead of all over it. The weeks of the
bands already stored are filled in from their articles' dates (the rule is
copied here, as it was when written: articles/stories/matching.py week_of).
"""

import datetime

from django.db import migrations, models

EPOCH = datetime.datetime(1970, 1, 5, tzinfo=datetime.UTC)
WEEK = datetime.timedelta(days=7)


def week_of(published_at, published):
    if published_at is None and published is None:
        return None
    moment = published_at or datetime.datetime.combine(
        published, datetime.time(), datetime.UTC
    )
    return (moment - EPOCH) // WEEK


def fill_weeks(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    StoryBand = apps.get_model("articles", "StoryBand")
    table = schema_editor.quote_name(StoryBand._meta.db_table)
    dated = (
        Article.objects.filter(signature__isnull=False)
        .exclude(published_at=None, published=None)
        .values_list("pk", "published_at", "published")
        .order_by("pk")
    )
    rows = []
    with schema_editor.connection.cursor() as cursor:
        for pk, published_at, published in dated.iterator(chunk_size=5000):
            rows.append((week_of(published_at, published), pk))
            if len(rows) == 5000:
                cursor.executemany(
                    f"UPDATE {table} SET week = %s WHERE article_id = %s", rows
                )
                rows = []
        cursor.executemany(f"UPDATE {table} SET week = %s WHERE article_id = %s", rows)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_mention_stories"),
    ]

    operations = [
        migrations.AddField(
            model_name="storyband",
            name="week",
            field=models.IntegerField(
                help_text="Weeks since 1970 when the article was sent; none if undated.",
                null=True,
            ),
        ),
        migrations.RunPython(fill_weeks, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="storyband",
            name="key",
            field=models.BigIntegerField(),
        ),
        migrations.AddIndex(
            model_name="storyband",
            index=models.Index(
                fields=["week", "key"], name="articles_storyband_week_key"
            ),
        ),
    ]
