"""The directory: organisations, social workers, volunteers and charity resources."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from licang.errors import ConflictError
from licang.registry.models import Community
from services.centers.models import Volunteer as CenterVolunteer
from services.linkage.models import CharityResource, SocialOrganisation, SocialWorker, Volunteer


@transaction.atomic
def organisation_save(
    *, organisation: SocialOrganisation, communities: Iterable[Community] | None = None
) -> SocialOrganisation:
    organisation.full_clean()
    organisation.save()
    if communities is not None:
        organisation.communities.set(communities)
    return organisation


@transaction.atomic
def social_worker_save(*, social_worker: SocialWorker) -> SocialWorker:
    social_worker.full_clean()
    social_worker.save()
    return social_worker


@transaction.atomic
def volunteer_save(
    *, volunteer: Volunteer, communities: Iterable[Community] | None = None
) -> Volunteer:
    """Create or change a volunteer (staff, the admin, the public sign-up form)."""
    volunteer.full_clean()
    volunteer.save()
    if communities is not None:
        volunteer.communities.set(communities)
    return volunteer


@transaction.atomic
def volunteer_from_center(*, center_volunteer: CenterVolunteer) -> Volunteer:
    """The linkage volunteer a center's volunteer becomes: the same person, the center's
    communities, the center's skills line kept as is. Running it again changes nothing."""
    existing = Volunteer.objects.filter(center_volunteer=center_volunteer).first()
    if existing is not None:
        return existing
    volunteer = Volunteer.objects.filter(phone=center_volunteer.phone).first() or Volunteer(
        name=center_volunteer.name, phone=center_volunteer.phone
    )
    volunteer.center_volunteer = center_volunteer
    volunteer.is_active = center_volunteer.is_active
    return volunteer_save(
        volunteer=volunteer, communities=list(center_volunteer.center.communities.all())
    )


@transaction.atomic
def resource_save(*, resource: CharityResource) -> CharityResource:
    """Record a charity resource; a new one starts with all of it left. A changed quantity moves
    what is left by the same amount (never below zero)."""
    if resource.pk is None:
        resource.remaining = resource.quantity
    else:
        # lock: a quantity change must not interleave with a draw on the same resource
        current = CharityResource.objects.select_for_update().get(pk=resource.pk)
        resource.remaining = current.remaining + (resource.quantity - current.quantity)
        if resource.remaining < 0:
            raise ValidationError(
                {
                    "quantity": _("%(used)s have already been used; the quantity cannot be less.")
                    % {"used": current.quantity - current.remaining}
                },
                code="below_used",
            )
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def resource_draw(*, resource: CharityResource, quantity: Decimal) -> CharityResource:
    """Take ``quantity`` from what is left of ``resource``; refused if not enough is left.

    A conditional update: two needs drawing on the last units at the same moment cannot both
    succeed, and the check constraint (remaining ≥ 0) is the database's last word.
    """
    if quantity <= 0:
        raise ValidationError({"quantity": _("Use a quantity above zero.")}, code="min_value")
    drawn = CharityResource.objects.filter(pk=resource.pk, remaining__gte=quantity).update(
        remaining=F("remaining") - quantity
    )
    resource.refresh_from_db(fields=["remaining"])
    if not drawn:
        raise ConflictError(
            _("Only %(left)s %(unit)s of %(resource)s are left; %(wanted)s cannot be used.")
            % {
                "left": resource.remaining,
                "unit": resource.unit,
                "resource": resource.name,
                "wanted": quantity,
            },
            code="conflict",
        )
    return resource


@transaction.atomic
def resource_return(*, resource: CharityResource, quantity: Decimal) -> CharityResource:
    """Give back what a need drew and did not use (never beyond the quantity)."""
    CharityResource.objects.filter(pk=resource.pk).update(remaining=F("remaining") + quantity)
    resource.refresh_from_db(fields=["remaining"])
    return resource
