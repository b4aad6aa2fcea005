"""The demo outbox: a message in every state, to residents of 李村, so that the admin's list and
its filters show what each state looks like. Idempotent: each demo message has its own key.

The programs' demos, which run before this one (``licang.outbox`` comes after the programs in
``INSTALLED_APPS``), queue the real messages through their actions. Their events happened in
the demo's past, so they are recorded as sent when they were written: a worker started with
``make run`` finds them delivered and sends nothing, instead of texting the whole history."""

from __future__ import annotations

import datetime
from typing import Any, TextIO

from django.db.models import F
from django.utils import timezone

from licang.outbox import actions
from licang.outbox.bodies import render
from licang.outbox.models import Message, OptOut
from licang.registry.models import Resident

# (key, state, text and its values); the resident is the n-th of 李村 with a mobile
DEMO: list[tuple[str, str, dict[str, Any]]] = [
    ("pending", "request_accepted", {"reference": "LJ-DEMO-0001", "item": "代约挂号",
                                     "center": "邻·聚 李村中心"}),
    ("held", "request_completed", {"reference": "LJ-DEMO-0002", "item": "更换灯管"}),
    ("sent", "case_step", {"case": "DEMO2026AB", "step": "已缴税"}),
    ("failed", "meal_order_waitlisted", {"meal": "午餐", "date": datetime.date(2026, 11, 27),
                                         "point": "李村长者食堂"}),
    ("no_consent", "request_accepted", {"reference": "LJ-DEMO-0003", "item": "血压测量",
                                        "center": "邻·聚 李村中心"}),
    ("no_address", "claim_rejected", {"kind": "保险理赔", "reference": "DEMO0001"}),
]  # fmt: skip
EVENTS = {
    "request_accepted": "request_accepted",
    "request_completed": "request_completed",
    "case_step": "case_step",
    "meal_order_waitlisted": "meal_order_refused",
    "claim_rejected": "claim_decided",
}


def _programs_history_sent() -> int:
    return (
        Message.objects.filter(state=Message.State.PENDING)
        .exclude(dedup_key__startswith="demo:")
        .update(state=Message.State.SENT, attempts=1, sent_at=F("created_at"), next_attempt_at=None)
    )


def load(out: TextIO) -> None:
    _programs_history_sent()
    if Message.objects.filter(dedup_key__startswith="demo:").exists():
        return
    with_phone = list(
        Resident.objects.filter(community__subdistrict__code="licun")
        .exclude(phone="")
        .order_by("pk")[: len(DEMO)]
    )
    without_phone = (
        Resident.objects.filter(community__subdistrict__code="licun", phone="")
        .order_by("pk")
        .first()
    )
    if len(with_phone) < len(DEMO) or without_phone is None:
        return
    now = timezone.now()
    for (key, text, values), resident in zip(DEMO, with_phone, strict=True):
        if key == "no_address":
            resident = without_phone
        if key == "no_consent":
            actions.opt_out_save(opt_out=OptOut(resident=resident, note="本人来电要求不再接收短信"))
        params: dict[str, Any] = {"item": "", "center": "", **values}
        message = actions.message_queue(
            event=EVENTS[text],
            body=render(text, **params),
            about=resident,
            dedup_key=f"demo:{key}",
            resident=resident,
        )
        # the demo shows each state at once rather than waiting for the queue and the night
        if key == "held":
            tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
            morning = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(8)))
            Message.objects.filter(pk=message.pk).update(state="held", next_attempt_at=morning)
        elif key == "sent":
            Message.objects.filter(pk=message.pk).update(
                state="sent", attempts=1, sent_at=now, next_attempt_at=None
            )
        elif key == "failed":
            Message.objects.filter(pk=message.pk).update(
                state="failed",
                attempts=actions.MAX_ATTEMPTS,
                next_attempt_at=None,
                last_error="gateway answered 503",
            )
    out.write(f"  {Message.objects.count()} messages in the outbox\n")
