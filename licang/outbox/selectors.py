"""Reads of the outbox that other rooms use in their own queries."""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Cast

from licang.outbox.models import Message


def already_told(model: type[models.Model], event: str, *, since: str) -> Exists:
    """For a queryset of ``model``: whether ``event`` was queued about the row at or after the
    row's ``since`` field (an overdue request told since its current due time)."""
    return Exists(
        Message.objects.filter(
            about_app_label=model._meta.app_label,
            about_model=model._meta.model_name,
            about_pk=Cast(OuterRef("pk"), models.CharField()),
            event=event,
            created_at__gte=OuterRef(since),
        )
    )
