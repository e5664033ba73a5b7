"""The archive's state as a whole: one row, whose version every change to
what readers see moves on (the "archive changes" triggers), and from which
every public page's validators are made (articles/caching.py)."""

from django.db import migrations, models
from django.utils import timezone

from articles.db.operations import InstallTriggers


def first_state(apps, schema_editor):
    apps.get_model("articles", "ArchiveState").objects.using(
        schema_editor.connection.alias
    ).create(id=1, version=0, changed_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_withdrawal"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArchiveState",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(
                        default=1, primary_key=True, serialize=False
                    ),
                ),
                ("version", models.BigIntegerField(default=0)),
                ("changed_at", models.DateTimeField()),
            ],
            options={"verbose_name": "archive state"},
        ),
        migrations.RunPython(first_state, migrations.RunPython.noop),
        InstallTriggers("archive changes"),
    ]
