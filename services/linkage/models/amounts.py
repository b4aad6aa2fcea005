"""Yuan amounts and quantities as the linkage tables store them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models

ZERO = Decimal("0.00")


def money(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    """A yuan amount: up to 9,999,999,999.99, never negative."""
    kwargs.setdefault("validators", [MinValueValidator(ZERO)])
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)
