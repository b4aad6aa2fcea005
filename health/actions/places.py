"""Designated hospitals and check sites."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from health.models import (
    CheckSite,
    HospitalDesignation,
)
from licang.models import Partner


@transaction.atomic
def designation_save(*, designation: HospitalDesignation) -> HospitalDesignation:
    if designation.partner_id and designation.partner.kind != Partner.Kind.HOSPITAL:
        raise ValidationError({"partner": _("Only a hospital can be designated.")})
    designation.full_clean()
    designation.save()
    return designation


@transaction.atomic
def check_site_save(*, site: CheckSite) -> CheckSite:
    if site.partner_id and site.partner.kind != Partner.Kind.HEALTH_INSTITUTION:
        raise ValidationError(
            {"partner": _("A check site reports through a health-institution partner.")}
        )
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def designation_end(*, designation: HospitalDesignation, on: datetime.date) -> HospitalDesignation:
    """End a hospital's designation on ``on`` (the last day it holds); the record is kept, since
    its cases name it."""
    designation = HospitalDesignation.objects.select_for_update().get(pk=designation.pk)
    if designation.valid_until is not None and designation.valid_until <= on:
        return designation
    if on < designation.valid_from:
        raise ValidationError(
            {"valid_until": _("A designation cannot end before it starts.")}, code="invalid"
        )
    designation.valid_until = on
    designation.full_clean()
    designation.save(update_fields=["valid_until"])
    return designation


@transaction.atomic
def check_site_close(*, site: CheckSite) -> CheckSite:
    """Close a check site: it takes no new checks; its past checks keep naming it."""
    site = CheckSite.objects.select_for_update().get(pk=site.pk)
    if site.is_active:
        site.is_active = False
        site.full_clean()
        site.save(update_fields=["is_active"])
    return site
