"""The role groups and their permissions (definition: kyc_portal/review/roles.py)."""

from django.db import migrations

from kyc_portal.review.roles import ROLES, roles_sync


def create_roles(apps, schema_editor):
    roles_sync(apps=apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("onboarding", "0001_initial"),
        ("audit", "0002_append_only"),
        ("ocr", "0001_initial"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
