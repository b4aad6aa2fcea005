"""The public status lookup's form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class LookupForm(forms.Form):
    case_number = forms.RegexField(
        label=_("Case number"),
        regex=r"^\s*[A-Za-z0-9]{6,16}\s*$",
        max_length=20,
        help_text=_("As on the slip the community gave you, e.g. FC7K3M9QXD2A."),
        error_messages={"invalid": _("Enter the case number: letters and digits only.")},
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    id_last_four = forms.RegexField(
        label=_("Last four characters of an owner's ID number"),
        regex=r"^\s*[0-9]{3}[0-9Xx]\s*$",
        max_length=6,
        error_messages={"invalid": _("Enter the last four characters, e.g. 1234 or 123X.")},
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
