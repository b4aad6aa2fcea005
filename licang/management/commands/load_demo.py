"""Build the demo district: deterministic, idempotent, extended by every app with a ``demo`` module.

Each installed app of the project may have ``<app>/demo.py`` with ``load(out)``; they run in
``INSTALLED_APPS`` order, so an app's demo can rely on the demos of the apps it depends on.
"""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo district (idempotent: running it twice changes nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo users with known passwords even though DEBUG is off.",
        )

    def handle(self, *args: Any, allow_production: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: the demo creates users with known passwords. "
                "Pass --allow-production if this really is a demo server."
            )
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.path.startswith(str(settings.BASE_DIR)) and find_spec(module_name):
                module = import_module(module_name)
                self.stdout.write(f"{config.verbose_name}…")
                with transaction.atomic():
                    module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("The demo district is ready."))
