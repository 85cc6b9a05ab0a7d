"""``python manage.py staff_user_create USERNAME --role "Senior reviewer"``: a staff account
in one role; the password is read from the terminal (or STAFF_PASSWORD), never an argument."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kyc_portal.audit.services import audit_log_record
from kyc_portal.review import roles


class Command(BaseCommand):
    help = "Create a staff user in one role (Reviewer, Senior reviewer, Auditor, Admin)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=roles.STAFF_ROLES)
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"user {username!r} already exists")
        password = os.environ.get("STAFF_PASSWORD") or getpass.getpass("Password: ")
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.add(Group.objects.get(name=role))
            audit_log_record(
                action="staff_user.create", obj=user, actor_label="manage.py",
                after={"role": role},
            )  # fmt: skip
        self.stdout.write(f"{username} ({role}) created")
