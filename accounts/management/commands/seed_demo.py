import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_PASSWORD_DEFAULT, DEMO_USERS
from accounts.models import User
from accounts.services import user_create, user_set_role


class Command(BaseCommand):
    help = "Create the demo users (idempotent). Refuses to run with DEBUG off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo creates accounts with a known password; with DEBUG off pass --force.")
        password = os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)
        created = 0
        with transaction.atomic():
            for email, full_name, role, language in DEMO_USERS:
                user = User.objects.filter(email=email).first()
                if user is None:
                    user_create(email=email, full_name=full_name, role=role, password=password, language=language)
                    created += 1
                elif user.role != role:
                    user_set_role(user=user, role=role)
        self.stdout.write(f"Demo data ready: {created} users created, {len(DEMO_USERS) - created} already there.")
