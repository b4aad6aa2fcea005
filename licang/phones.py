"""Mainland mobile phone numbers: 11 digits starting with 1 and a second digit of 3 to 9."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_STRIP = re.compile(r"[\s-]")


def normalise_phone(raw: str) -> str:
    value = _STRIP.sub("", raw or "")
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    return value


def validate_mobile_phone(raw: str) -> None:
    if not _MOBILE.match(normalise_phone(raw)):
        raise ValidationError(
            _("Enter a mainland mobile number of 11 digits, such as 13812345678."),
            code="invalid_phone",
        )
