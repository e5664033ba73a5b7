"""Staff roles for the admin: "Editors" and "Readers (read-only)".

Editors correct articles, sources and entities and add or remove an article's
entity mentions; they cannot delete articles, sources or entities (articles
come from the importer, and deleting a source or entity is a clean-up for an
administrator). Readers may look at everything in the admin and change nothing.
Give a staff user a role by adding them to the group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["article", "source", "entity", "mention"]

ROLES = {
    "Editors": [
        *(f"view_{model}" for model in MODELS),
        *(f"change_{model}" for model in MODELS),
        "add_mention",
        "delete_mention",
    ],
    "Readers (read-only)": [f"view_{model}" for model in MODELS],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after the last migration (post_migrate);
    # a fresh database has none yet, so create this app's now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(
        app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias
    )
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    for name, codenames in ROLES.items():
        group, _ = Group.objects.using(db).get_or_create(name=name)
        permissions = Permission.objects.using(db).filter(
            content_type__app_label="articles", codename__in=codenames
        )
        if permissions.count() != len(codenames):
            raise RuntimeError(f"missing permissions for the {name} role")
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_search_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
