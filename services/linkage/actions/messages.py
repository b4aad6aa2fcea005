"""What the linkage tells people (``licang.outbox``): a fulfilled micro-wish, to whoever adopted
it and to the child's family. Called inside ``wish_fulfil``'s transaction."""

from __future__ import annotations

from licang.outbox import actions as outbox
from licang.outbox.bodies import render
from licang.outbox.models import Event
from services.linkage.models import Pledge, Wish


def tell_wish_fulfilled(wish: Wish) -> None:
    """The adopter is thanked (a volunteer only with their consent to be contacted, by e-mail
    where they keep an address; a donor at the number of their accepted pledge; an organisation
    at its contact e-mail or phone), and the child's family is told at the registry's mobile.
    The child is named by alias only."""
    body = {"alias": wish.child.alias, "date": wish.fulfilled_on}
    key = f"linkage.wish:{wish.pk}:fulfilled"
    thanks = render("wish_fulfilled_adopter", **body)
    volunteer, organisation = wish.adopted_by_volunteer, wish.adopted_by_organisation
    if volunteer is not None:
        outbox.message_queue(
            event=Event.WISH_FULFILLED,
            body=thanks,
            about=wish,
            dedup_key=f"{key}:adopter",
            resident=volunteer.resident,
            name=volunteer.name,
            phone=volunteer.phone,
            email=volunteer.email,
            consents=volunteer.consents_to_contact,
        )
    elif organisation is not None:
        outbox.message_queue(
            event=Event.WISH_FULFILLED,
            body=thanks,
            about=wish,
            dedup_key=f"{key}:adopter",
            name=organisation.contact_name or organisation.name,
            phone=organisation.contact_phone,
            email=organisation.contact_email,
        )
    elif wish.adopted_by_donor:
        pledge = Pledge.objects.filter(wish=wish, status=Pledge.Status.ACCEPTED).first()
        outbox.message_queue(
            event=Event.WISH_FULFILLED,
            body=thanks,
            about=wish,
            dedup_key=f"{key}:adopter",
            name=wish.adopted_by_donor,
            phone=pledge.phone if pledge is not None else "",
        )
    outbox.message_queue(
        event=Event.WISH_FULFILLED,
        body=render("wish_fulfilled_family", **body),
        about=wish,
        dedup_key=f"{key}:family",
        resident=wish.child.resident,
    )
