"""A narrow index of each article's story.

A search page reads the story of each of its best matches, and counts the
stories among up to 5,000 matches. Read from the articles table, each story
costs a walk through a row as long as its text; this index holds (id,
story_id) alone (articles/stories/results.py).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_stories_index_by_week"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["id", "story"], name="articles_article_story_of"
            ),
        ),
    ]
