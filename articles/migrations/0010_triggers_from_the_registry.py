"""Every trigger installed again from articles/db/triggers.py.

The same triggers as before, now with the fingerprint `manage.py check`
compares (on PostgreSQL a comment on each trigger and function), so that an
archive migrated before the registry existed is checked like a new one.
"""

from django.db import migrations

from articles.db.operations import ReinstallTriggers


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_decode_character_references")]

    # The groups there were then; later ones come with their own migrations.
    operations = [
        ReinstallTriggers(
            "search index",
            "search statistics",
            "publication dates",
            "article counts",
        )
    ]
