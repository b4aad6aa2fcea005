"""Filters for the API's FilterSets that refuse, as a 400 on their field, what the database cannot
compare (see ``licang.moments``)."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField

from licang.moments import moment_problem


class MomentField(IsoDateTimeField):
    def to_python(self, value: Any) -> datetime.datetime | None:
        try:
            moment = super().to_python(value)
        except (ValueError, OverflowError):  # 30 February, an offset of 24 hours
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        problem = moment_problem(moment) if moment is not None else None
        if problem is not None:
            raise ValidationError(problem, code="out_of_range")
        return moment


class IsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField
