"""Care centers, their classes and outings with sign-ups, and the population figures the
planning norms are measured against."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eldercare.models import Activity, ActivitySignup, CareCenter, SubdistrictPopulation
from licang import phones
from licang.errors import ConflictError
from licang.registry.models import Resident


@transaction.atomic
def care_center_save(*, center: CareCenter) -> CareCenter:
    if center.community_id and center.community.subdistrict_id != center.subdistrict_id:
        raise ValidationError({"community": _("The community is not in the center's subdistrict.")})
    center.full_clean()
    center.save()
    return center


@transaction.atomic
def population_save(*, population: SubdistrictPopulation) -> SubdistrictPopulation:
    population.full_clean()
    population.save()
    return population


@transaction.atomic
def activity_save(*, activity: Activity) -> Activity:
    if activity.pk is not None:
        taken = ActivitySignup.objects.filter(activity=activity).current().count()
        if activity.capacity < taken:
            raise ValidationError(
                {"capacity": _("%(count)d people have signed up already.") % {"count": taken}}
            )
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_sign_up(
    *,
    activity: Activity,
    name: str,
    phone: str,
    resident: Resident | None = None,
    today: datetime.date | None = None,
) -> ActivitySignup:
    """Take a place in a class or an outing, up to its capacity: the activity row is locked for
    the count, so two people cannot take the last place together."""
    today = today or timezone.localdate()
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if today > activity.signup_closes_on:
        raise ConflictError(_("Sign-up for this activity has closed."), code="order_closed")
    normalised = phones.normalise_phone(phone)
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give a name.")]
    try:
        phones.validate_mobile_phone(normalised)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    if errors:
        raise ValidationError(errors)
    current = ActivitySignup.objects.filter(activity=activity).current()
    if current.filter(phone=normalised).exists():
        raise ConflictError(
            _("This phone number has signed up for this activity already."), code="conflict"
        )
    if current.count() >= activity.capacity:
        raise ConflictError(_("Every place is taken."), code="activity_full")
    signup = ActivitySignup(activity=activity, name=name, phone=normalised, resident=resident)
    signup.full_clean(validate_constraints=False)
    signup.save()
    return signup


@transaction.atomic
def signup_cancel(*, signup: ActivitySignup) -> ActivitySignup:
    signup = ActivitySignup.objects.select_for_update().get(pk=signup.pk)
    if signup.cancelled_at is None:
        signup.cancelled_at = timezone.now()
        signup.save(update_fields=["cancelled_at"])
    return signup
