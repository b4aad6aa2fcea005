from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from licang import embedded_db


class Command(BaseCommand):
    help = (
        "Stop the embedded PostgreSQL server (the database used when DATABASE_URL is unset), "
        "even while processes still use it, and clear its record of users. `make stop` runs this."
    )
    # the checks would open a connection, and so start the server this command is to stop
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = Path(settings.EMBEDDED_DATA_DIR)
        report = embedded_db.stop(data_dir)
        if not report.was_running:
            self.stdout.write(f"The embedded PostgreSQL server in {data_dir} is not running.")
            return
        if report.users:
            users = ", ".join(str(pid) for pid in report.users)
            self.stdout.write(f"Processes {users} were still using it and lost their connections.")
        stopped = f"Stopped the embedded PostgreSQL server in {data_dir}."
        self.stdout.write(self.style.SUCCESS(stopped))
