"""The three health programs and what their ledgers count: names only, no tables.

``health.access`` reads these without importing the models, so the querysets can call access at
module level.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Program(models.TextChoices):
    INSURANCE = "insurance", _("Hospital-accompany insurance")
    CHECKUP = "checkup", _("Free health check for elders")
    CATARACT = "cataract", _("Cataract-surgery aid")


class ClaimType(models.TextChoices):
    HOSPITAL_CARE = "hospital_care", _("Hospital-care allowance")
    ACCIDENTAL_DEATH = "accidental_death", _("Accidental death")
    ACCIDENTAL_DISABILITY = "accidental_disability", _("Accidental disability")
    ACCIDENTAL_MEDICAL = "accidental_medical", _("Accidental-injury medical costs")
    MAJOR_DISEASE = "major_disease", _("First diagnosis of a major disease")


class Benefit(models.TextChoices):
    """What a usage ledger row counts: each insurance cap, the yearly check, cataract aid."""

    HOSPITAL_CARE = "hospital_care", _("Hospital-care allowance")
    ACCIDENTAL_DEATH = "accidental_death", _("Accidental death")
    ACCIDENTAL_DISABILITY = "accidental_disability", _("Accidental disability")
    ACCIDENTAL_MEDICAL = "accidental_medical", _("Accidental-injury medical costs")
    MAJOR_DISEASE = "major_disease", _("First diagnosis of a major disease")
    CHECKUP = "checkup", _("Free health check")
    CATARACT = "cataract", _("Cataract-surgery aid")


BENEFIT_PROGRAM = {
    **{benefit: Program.INSURANCE for benefit in ClaimType.values},
    Benefit.CHECKUP.value: Program.CHECKUP,
    Benefit.CATARACT.value: Program.CATARACT,
}
