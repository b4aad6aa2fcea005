from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from licang.tasks import IDEMPOTENCY_DAYS, prune_api_records


class Command(BaseCommand):
    help = (
        "Delete idempotency records and throttle counters that can no longer matter. "
        "A worker runs this daily as the periodic job licang.prune_api_records."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--idempotency-days",
            type=int,
            default=IDEMPOTENCY_DAYS,
            help=f"How long a partner may retry a POST with the same key "
            f"(default {IDEMPOTENCY_DAYS} days).",
        )

    def handle(self, *args: Any, idempotency_days: int, **options: Any) -> None:
        pruned = prune_api_records(now=timezone.now(), idempotency_days=idempotency_days)
        self.stdout.write(str(pruned))
