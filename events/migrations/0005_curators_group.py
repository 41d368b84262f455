from django.db import migrations

CURATORS = "Curators"
DOMAIN_MODELS = ["actor", "actoralias", "source", "event", "eventactor", "claim", "eventredirect"]


def create_curators(apps, schema_editor):
    """Curators may add, change, delete and view the domain models; nothing of auth."""
    from django.contrib.auth.management import create_permissions

    # Permissions are otherwise created only after all migrations have run.
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CURATORS)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="events", content_type__model__in=DOMAIN_MODELS
        )
    )


def remove_curators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CURATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_event_redirect"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_curators, remove_curators)]
