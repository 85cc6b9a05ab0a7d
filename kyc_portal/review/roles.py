"""The five roles as Django groups and their permissions: the one definition.

Migration 0002_roles creates them; a ``post_migrate`` receiver (apps.py) re-applies them
after every ``migrate`` (and after a test database flush), so a permission added later
reaches its roles. Code checks permissions, never these names.
"""

from django.contrib.auth.management import create_permissions

APPLICANT = "Applicant"
REVIEWER = "Reviewer"
SENIOR_REVIEWER = "Senior reviewer"
AUDITOR = "Auditor"
ADMIN = "Admin"

ROLES = (APPLICANT, REVIEWER, SENIOR_REVIEWER, AUDITOR, ADMIN)
# Roles that sign in to the admin (is_staff); applicants never do.
STAFF_ROLES = (REVIEWER, SENIOR_REVIEWER, AUDITOR, ADMIN)

_ONBOARDING_MODELS = [
    "applicant", "application", "document", "documentimage", "extraction", "fieldcorrection",
]  # fmt: skip
_REVIEWER = (
    [("onboarding", f"view_{model}") for model in _ONBOARDING_MODELS]
    + [("review", "view_decision"), ("review", "view_notification")]
    + [
        ("review", "claim_application"),
        ("review", "decide_application"),
        ("review", "view_personal_data"),
        ("review", "view_overview"),
    ]
)
_SENIOR_REVIEWER = _REVIEWER + [
    ("review", "assign_application"),
    ("review", "confirm_approval"),
    ("review", "erase_applicant"),
    ("review", "view_redaction"),
]
# Auditors: read-only everywhere except images and personal fields; may search and export.
_AUDITOR_VIEW_APPS = ["onboarding", "review", "audit", "ocr", "core"]
_AUDITOR_EXTRA = [
    ("review", "view_audit_history"),
    ("review", "export_audit_log"),
    ("review", "view_overview"),
]


def roles_sync(*, apps) -> None:
    """Create or update the role groups. ``apps``: a migration's registry or django.apps."""
    for app_config in apps.get_app_configs():
        if app_config.label in {"auth", "contenttypes", *_AUDITOR_VIEW_APPS}:
            app_config.models_module = getattr(app_config, "models_module", None) or True
            create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(pairs):
        return [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in pairs
        ]

    auditor = list(
        Permission.objects.filter(
            content_type__app_label__in=_AUDITOR_VIEW_APPS, codename__startswith="view_"
        ).exclude(codename="view_personal_data")
    ) + perms(_AUDITOR_EXTRA)
    Group.objects.get_or_create(name=APPLICANT)[0].permissions.set([])
    Group.objects.get_or_create(name=REVIEWER)[0].permissions.set(perms(_REVIEWER))
    Group.objects.get_or_create(name=SENIOR_REVIEWER)[0].permissions.set(perms(_SENIOR_REVIEWER))
    Group.objects.get_or_create(name=AUDITOR)[0].permissions.set(auditor)
    Group.objects.get_or_create(name=ADMIN)[0].permissions.set(Permission.objects.all())
