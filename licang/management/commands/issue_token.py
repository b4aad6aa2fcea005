from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from licang.actions import token_issue
from licang.models import Partner


class Command(BaseCommand):
    help = "Issue an API token for a partner (or, with --staff, a staff member) and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The partner's name, or the staff member's username.")
        parser.add_argument("--staff", action="store_true", help="NAME is a staff username.")
        parser.add_argument("--label", default="", help="A label to tell tokens apart.")

    def handle(self, *args: Any, name: str, staff: bool, label: str, **options: Any) -> None:
        if staff:
            user = get_user_model().objects.filter(username=name, is_staff=True).first()
            if user is None:
                raise CommandError(f"No staff member with username {name!r}.")
            _token, secret = token_issue(user=user, name=label)
        else:
            partner = Partner.objects.filter(name=name).first()
            if partner is None:
                known = ", ".join(Partner.objects.values_list("name", flat=True)[:20])
                raise CommandError(f"No partner named {name!r}. Known partners: {known or 'none'}.")
            if not partner.is_active:
                raise CommandError(f"The partner {name!r} is inactive.")
            _token, secret = token_issue(partner=partner, name=label)
        self.stderr.write("This token is shown once; store it safely:")
        self.stdout.write(secret)
