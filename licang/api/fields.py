"""Serializer fields every program's API shares: ID numbers as they arrive, yuan as they leave."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from licang import idnumber
from licang.api.schema import ID_NUMBER_PATTERN


def money(**kwargs: Any) -> serializers.DecimalField:
    """Yuan as a decimal string: ``"1200.00"``."""
    return serializers.DecimalField(
        max_digits=12, decimal_places=2, coerce_to_string=True, **kwargs
    )


@extend_schema_field(
    {
        "type": "string",
        "minLength": 18,
        "maxLength": 18,
        "pattern": ID_NUMBER_PATTERN,
        "example": "370213195805123411",
    }
)
class IdNumberField(serializers.CharField):
    """An 18-character resident ID number, fully checked (region, birth date, check digit).

    ``idnumber.parse`` runs first and refuses any other length with ``invalid_length`` (saying
    how many characters came); the length validators only put the 18 in the schema.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text", _("Resident ID number (18 characters). Sent only in bodies.")
        )
        super().__init__(max_length=18, min_length=18, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        try:
            return idnumber.parse(value).value
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages, code=exc.code) from None
