"""The public pages' forms: where the visitor is, and a sign-up for a class or an outing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from licang import phones
from licang.registry.models import Community


class NearForm(forms.Form):
    """Meal points near a community or a position; neither given lists every point."""

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
        if (data.get("lat") is None) != (data.get("lng") is None):
            raise ValidationError(_("Give both latitude and longitude, or choose your community."))
        return data

    def origin(self) -> tuple[float, float] | None:
        data = self.cleaned_data
        if data.get("lat") is not None and data.get("lng") is not None:
            return float(data["lat"]), float(data["lng"])
        community = data.get("community")
        if community is not None:
            return float(community.latitude), float(community.longitude)
        return None


class SignupForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=50)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        help_text=_("The center calls this number to confirm."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self) -> str:
        phone = phones.normalise_phone(str(self.cleaned_data["phone"]))
        phones.validate_mobile_phone(phone)
        return phone

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if any(ord(c) < 32 for c in name):
            raise ValidationError(_("Control characters are not allowed."))
        return name
