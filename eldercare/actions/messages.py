"""What the meal program tells an elder (``licang.outbox``): a standing order put on a full
meal's waiting list, a delivery that failed. Called inside the recording action's transaction."""

from __future__ import annotations

from eldercare.models import Delivery, Meal, WaitlistEntry
from licang.outbox import actions as outbox
from licang.outbox.bodies import chinese, render
from licang.outbox.models import Event


def tell_waitlisted(entry: WaitlistEntry) -> None:
    menu, resident = entry.menu, entry.standing_order.enrolment.resident
    outbox.message_queue(
        event=Event.MEAL_ORDER_REFUSED,
        body=render(
            "meal_order_waitlisted",
            meal=Meal(menu.meal).label,
            date=menu.date,
            point=chinese(menu.point, "name"),
        ),
        about=entry,
        dedup_key=f"eldercare.waitlistentry:{entry.pk}:waitlisted",
        resident=resident,
    )


def tell_delivery_failed(delivery: Delivery) -> None:
    order = delivery.order
    if order.resident is None:
        return  # deliveries are for enrolled elders; nobody to tell otherwise
    point = order.point
    outbox.message_queue(
        event=Event.DELIVERY_FAILED,
        body=render(
            "delivery_failed",
            meal=Meal(order.meal).label,
            date=order.date,
            reason=Delivery.Failure(delivery.failure).label,
            point=" ".join(filter(None, [chinese(point, "name"), point.phone])),
        ),
        about=delivery,
        dedup_key=f"eldercare.delivery:{delivery.pk}:failed",
        resident=order.resident,
    )
