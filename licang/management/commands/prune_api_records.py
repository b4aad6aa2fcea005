import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from licang.models import IdempotencyRecord, ThrottleCounter


class Command(BaseCommand):
    help = "Delete idempotency records and throttle counters that can no longer matter (run daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--idempotency-days",
            type=int,
            default=7,
            help="How long a partner may retry a POST with the same key (default 7 days).",
        )

    def handle(self, *args: Any, idempotency_days: int, **options: Any) -> None:
        now = timezone.now()
        keys, _ = IdempotencyRecord.objects.filter(
            created_at__lt=now - datetime.timedelta(days=idempotency_days)
        ).delete()
        counters, _ = ThrottleCounter.objects.filter(
            window_start__lt=now - datetime.timedelta(days=1)
        ).delete()
        self.stdout.write(f"Deleted {keys} idempotency records and {counters} throttle counters.")
