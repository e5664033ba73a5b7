"""The database cache's table, made by `migrate` rather than a separate step.

Login throttling counts failures in the default cache, which must be shared by
every worker and outlive their restarts; by default that is the database cache
(newsroom/settings.py). Creating its table here means a new deployment cannot
forget `createcachetable`. A cache configured elsewhere (Redis) needs no table,
and `createcachetable` does nothing for it.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command(
        "createcachetable", database=schema_editor.connection.alias, verbosity=0
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_entity_page_speed")]

    # The table belongs to the cache, not to a model: dropping it on the way
    # back would throw away what another app may keep there.
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
