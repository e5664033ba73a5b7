"""Entity curation: hiding, aliases, redirects for merged entities.

Entity names are now keyed without inner dots ("U.S." and "US" share "us");
entities that thereby share a key become one, the others' names becoming its
aliases and their addresses redirecting to it. Editors may manage aliases.
"""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

from articles.models import normalize_name

CURATION_PERMISSIONS = [
    "view_entityalias",
    "add_entityalias",
    "change_entityalias",
    "delete_entityalias",
    "view_entityredirect",
]


def renormalize(apps, schema_editor):
    Entity = apps.get_model("articles", "Entity")
    Mention = apps.get_model("articles", "Mention")
    EntityAlias = apps.get_model("articles", "EntityAlias")
    EntityRedirect = apps.get_model("articles", "EntityRedirect")
    keep = {}
    for entity in Entity.objects.order_by("pk"):
        key = (entity.kind, normalize_name(entity.name))
        survivor = keep.setdefault(key, entity)
        if survivor.pk == entity.pk:
            Entity.objects.filter(pk=entity.pk).update(normalized=key[1])
            continue
        for mention in Mention.objects.filter(entity=entity):
            same = Mention.objects.filter(entity=survivor, article_id=mention.article_id)
            if same.exists():
                same.update(count=models.F("count") + mention.count)
                mention.delete()
            else:
                Mention.objects.filter(pk=mention.pk).update(entity=survivor)
        EntityRedirect.objects.create(old_slug=entity.slug, entity=survivor)
        entity.delete()


def grant_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(
        app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias
    )
    app_config.models_module = None
    grants = {
        "Editors": CURATION_PERMISSIONS,
        "Readers (read-only)": [p for p in CURATION_PERMISSIONS if p.startswith("view_")],
    }
    for name, codenames in grants.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="articles", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_staff_roles")]

    operations = [
        migrations.AddField(
            model_name="entity",
            name="hidden",
            field=models.BooleanField(
                default=False,
                help_text="Hidden entities stay off the public pages and out of facets.",
            ),
        ),
        migrations.CreateModel(
            name="EntityRedirect",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("old_slug", models.SlugField(max_length=100, unique=True)),
                ("entity", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="redirects", to="articles.entity")),
            ],
            options={"ordering": ["old_slug"]},
        ),
        migrations.CreateModel(
            name="EntityAlias",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=300)),
                ("normalized", models.CharField(editable=False, max_length=300)),
                ("kind", models.CharField(choices=[("person", "Person"), ("org", "Organisation"), ("place", "Place"), ("group", "Nationality or group")], editable=False, max_length=10)),
                ("entity", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="aliases", to="articles.entity")),
            ],
            options={
                "verbose_name_plural": "entity aliases",
                "ordering": ["name"],
                "constraints": [models.UniqueConstraint(fields=("kind", "normalized"), name="alias_unique_kind_name")],
            },
        ),
        migrations.RunPython(renormalize, migrations.RunPython.noop),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
