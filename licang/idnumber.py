"""Mainland China resident ID numbers (GB 11643-1999).

An ID number is 18 characters: a six-digit region where it was first issued, an eight-digit birth
date, a three-digit sequence whose last digit is odd for men and even for women, and an ISO 7064
MOD 11-2 check character (0-9 or X).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Province-level prefixes in use (GB/T 2260): the first two digits of every region code.
PROVINCE_PREFIXES = frozenset(
    {
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
        "71", "81", "82",
    }
)  # fmt: skip

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


class Sex:
    MALE = "male"
    FEMALE = "female"


@dataclass(frozen=True)
class IdNumber:
    value: str
    region: str
    birth_date: datetime.date
    sex: str

    def age_on(self, day: datetime.date) -> int:
        return age_on(self.birth_date, day)


def check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def normalise(raw: str) -> str:
    return (raw or "").strip().upper()


def parse(raw: str, *, today: datetime.date | None = None) -> IdNumber:
    """Validate ``raw`` fully and return what it says; raise ``ValidationError`` otherwise."""
    value = normalise(raw)
    if len(value) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(length)d."),
            code="invalid_length",
            params={"length": len(value)},
        )
    if not _SHAPE.match(value):
        raise ValidationError(
            _("An ID number is 17 digits followed by a digit or X."), code="invalid_characters"
        )
    if value[:2] not in PROVINCE_PREFIXES:
        raise ValidationError(
            _("The ID number starts with an unknown region (%(region)s)."),
            code="unknown_region",
            params={"region": value[:6]},
        )
    try:
        birth_date = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(
            _("The ID number holds an impossible birth date (%(digits)s)."),
            code="invalid_birth_date",
            params={"digits": value[6:14]},
        ) from None
    today = today or datetime.date.today()  # noqa: DTZ011 - a birth date is a calendar date
    if birth_date > today or birth_date.year < 1890:
        raise ValidationError(
            _("The ID number holds an impossible birth date (%(digits)s)."),
            code="invalid_birth_date",
            params={"digits": value[6:14]},
        )
    if check_character(value[:17]) != value[17]:
        raise ValidationError(
            _("The ID number's check digit is wrong; please check the number."),
            code="invalid_check_digit",
        )
    sex = Sex.MALE if int(value[16]) % 2 == 1 else Sex.FEMALE
    return IdNumber(value=value, region=value[:6], birth_date=birth_date, sex=sex)


def validate_id_number(raw: str) -> None:
    parse(raw)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Full years of age on ``day``; someone born on 29 February turns a year older on 1 March."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years
