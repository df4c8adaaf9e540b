from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.roles import EDITORS, REVIEWERS

DEMO_ACCOUNTS = [
    # (role line, user name, group, staff: editors use the admin)
    ("reviewer", "reviewer", REVIEWERS, False),
    ("editor", "editor", EDITORS, True),
]


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo reviewer and editor accounts and print them. "
        "For demonstrations only: the passwords are printed on screen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default="workbench-demo",
            help="Password for both demo accounts (default: workbench-demo).",
        )

    def handle(self, *args, **options) -> None:
        password = options["password"]
        if len(password) < 8:
            raise CommandError("--password must be at least 8 characters")
        user_model = get_user_model()
        for role, username, group_name, is_staff in DEMO_ACCOUNTS:
            try:
                group = Group.objects.get(name=group_name)
            except Group.DoesNotExist:
                raise CommandError(
                    f"group {group_name!r} is missing: run 'python manage.py migrate' first"
                ) from None
            user, _ = user_model.objects.get_or_create(username=username)
            user.is_staff = is_staff
            user.set_password(password)
            user.save()
            user.groups.set([group])
            self.stdout.write(f"{role} account: {username} / {password}")
