from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from licang.registry.models import Community


class NearestForm(forms.Form):
    """Find the nearest centers from a community or from coordinates."""

    community = forms.ModelChoiceField(
        label=_("Your community"),
        queryset=Community.objects.filter(latitude__isnull=False).select_related("subdistrict"),
        required=False,
        empty_label="———",
    )
    lat = forms.DecimalField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, decimal_places=6
    )
    lng = forms.DecimalField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180, decimal_places=6
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_point = data.get("lat") is not None and data.get("lng") is not None
        if not data.get("community") and not has_point:
            raise ValidationError(_("Choose your community, or give both latitude and longitude."))
        return data

    def origin(self) -> tuple[float, float]:
        data = self.cleaned_data
        if data.get("lat") is not None and data.get("lng") is not None:
            return float(data["lat"]), float(data["lng"])
        community = data["community"]
        return float(community.latitude), float(community.longitude)
