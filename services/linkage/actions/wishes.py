"""Children in difficulty and their micro-wishes: collect, pledge, adopt, fulfil; and the log of
reads of a child's full record."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from licang.errors import ConflictError
from licang.figures_cache.actions import snapshots_invalidate
from services.linkage.actions.messages import tell_wish_fulfilled
from services.linkage.models import (
    Child,
    ChildAccessLog,
    Pledge,
    SocialOrganisation,
    Visit,
    Volunteer,
    Wish,
)


@transaction.atomic
def child_save(*, child: Child) -> Child:
    if not child.resident.child_in_difficulty:
        raise ValidationError(
            {"resident": _("Only a resident flagged as a child in difficulty can be followed.")},
            code="not_in_difficulty",
        )
    child.full_clean()
    child.save()
    return child


@transaction.atomic
def child_record_read(*, child: Child, user: Any, where: str = "") -> ChildAccessLog:
    """Log that ``user`` read ``child``'s full record (the log is append-only)."""
    entry = ChildAccessLog(child=child, user=user, where=where[:200])
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def wish_collect(*, child: Child, visit: Visit, wish: str, wish_en: str = "") -> Wish:
    """Record a child's micro-wish on a visit to the child's household."""
    if visit.household_id != child.resident.household_id:
        raise ValidationError(
            {"visit": _("The wish is recorded on a visit to the child's own household.")},
            code="other_household",
        )
    record = Wish(child=child, visit=visit, wish=wish)
    record.wish_zh_hans = wish
    record.wish_en = wish_en
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def wish_save(*, wish: Wish) -> Wish:
    wish.full_clean()
    wish.save()
    return wish


def _locked(wish: Wish) -> Wish:
    # Lock the wish: of two adoptions at the same moment (two staff accepting two pledges, or a
    # partner and a staff member) the second waits, then sees the wish adopted and is refused.
    return Wish.objects.select_for_update().get(pk=wish.pk)


def _already(wish: Wish) -> ConflictError:
    return ConflictError(
        _("This wish is already %(status)s.") % {"status": Wish.Status(wish.status).label},
        code="invalid_transition",
    )


@transaction.atomic
def wish_adopt(
    *,
    wish: Wish,
    volunteer: Volunteer | None = None,
    organisation: SocialOrganisation | None = None,
    donor: str = "",
) -> Wish:
    """A volunteer, an organisation or a donor adopts a collected wish; never twice."""
    if sum(bool(x) for x in (volunteer, organisation, donor.strip())) != 1:
        raise ValidationError(
            _("A wish is adopted by one volunteer, organisation or donor."), code="one_adopter"
        )
    locked = _locked(wish)
    if locked.status != Wish.Status.COLLECTED:
        raise _already(locked)
    locked.status = Wish.Status.ADOPTED
    locked.adopted_by_volunteer = volunteer
    locked.adopted_by_organisation = organisation
    locked.adopted_by_donor = donor.strip()[:50]
    locked.adopted_at = timezone.now()
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def wish_fulfil(*, wish: Wish, on: Any, note: str = "", photo: Any = None) -> Wish:
    snapshots_invalidate(app_label="linkage")  # the public figures count it
    locked = _locked(wish)
    if locked.status != Wish.Status.ADOPTED:
        raise ConflictError(
            _("Only an adopted wish can be fulfilled; this one is %(status)s.")
            % {"status": Wish.Status(locked.status).label},
            code="invalid_transition",
        )
    if on > timezone.localdate():
        raise ValidationError({"fulfilled_on": _("A wish cannot be fulfilled in the future.")})
    locked.status = Wish.Status.FULFILLED
    locked.fulfilled_on = on
    locked.fulfilment_note = note
    if photo:
        locked.photo = photo
    locked.full_clean()
    locked.save()
    tell_wish_fulfilled(locked)  # the outbox rows are written in this transaction
    return locked


@transaction.atomic
def pledge_offer(*, wish: Wish, name: str, phone: str, offer: str) -> Pledge:
    """A visitor's offer from the wish wall; staff accept or decline it."""
    wish = _locked(wish)
    if wish.status != Wish.Status.COLLECTED:
        raise _already(wish)
    pledge = Pledge(wish=wish, name=name.strip(), phone=phone.strip(), offer=offer.strip())
    pledge.full_clean()
    pledge.save()
    return pledge


@transaction.atomic
def pledge_accept(*, pledge: Pledge, by: Any) -> Pledge:
    """Accept a pledge: the wish is adopted by the pledging donor, and the other pledges on it
    are declined. Two acceptances at once adopt the wish once (the wish's lock, then the unique
    constraint on accepted pledges)."""
    wish = _locked(pledge.wish)
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if locked.status != Pledge.Status.PENDING:
        raise ConflictError(
            _("This pledge was already %(status)s.")
            % {"status": Pledge.Status(locked.status).label},
            code="invalid_transition",
        )
    wish_adopt(wish=wish, donor=locked.name)
    now = timezone.now()
    locked.status = Pledge.Status.ACCEPTED
    locked.decided_by, locked.decided_at = by, now
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    Pledge.objects.filter(wish=wish, status=Pledge.Status.PENDING).update(
        status=Pledge.Status.DECLINED,
        decline_reason=_("Another offer was accepted."),
        decided_by=by,
        decided_at=now,
    )
    return locked


@transaction.atomic
def pledge_decline(*, pledge: Pledge, by: Any, reason: str) -> Pledge:
    if not reason.strip():
        raise ValidationError({"decline_reason": _("Say why the offer is declined.")})
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if locked.status != Pledge.Status.PENDING:
        raise ConflictError(
            _("This pledge was already %(status)s.")
            % {"status": Pledge.Status(locked.status).label},
            code="invalid_transition",
        )
    locked.status = Pledge.Status.DECLINED
    locked.decline_reason = reason.strip()[:200]
    locked.decided_by, locked.decided_at = by, timezone.now()
    locked.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
    return locked
