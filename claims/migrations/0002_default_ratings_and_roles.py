"""The default rating scale and the Reviewers and Editors groups."""

from django.db import migrations

DEFAULT_RATINGS = [
    # label, value, order, requires evidence, description
    ("True", 5, 10, True, "The claim is accurate and nothing significant is missing."),
    ("Mostly true", 4, 20, True, "Accurate but needs clarification or additional information."),
    ("Mixed", 3, 30, True, "Partly accurate and partly inaccurate."),
    ("Mostly false", 2, 40, True, "Contains an element of truth but ignores critical facts."),
    ("False", 1, 50, True, "The claim is inaccurate."),
    ("Misleading", 1, 60, True, "Accurate in parts but presented to give a false impression."),
    ("Unverifiable", 0, 70, False, "Cannot be confirmed or refuted with available evidence."),
]


def create_ratings_and_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from claims.roles import EDITOR_PERMISSIONS, EDITORS, REVIEWER_PERMISSIONS, REVIEWERS

    Rating = apps.get_model("claims", "Rating")
    for label, value, order, requires_evidence, description in DEFAULT_RATINGS:
        Rating.objects.get_or_create(
            label=label,
            defaults={
                "value": value,
                "order": order,
                "requires_evidence": requires_evidence,
                "description": description,
            },
        )

    # Permissions are normally created after all migrations ran; the groups
    # need them now, so create them for every app first.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, wanted in [(REVIEWERS, REVIEWER_PERMISSIONS), (EDITORS, EDITOR_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=group_name)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in wanted
        ]
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reviewers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_ratings_and_groups, remove_groups)]
