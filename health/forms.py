from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from licang.registry.models import Community

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class EligibilityForm(forms.Form):
    """The public eligibility check: facts a resident knows about themselves, nothing stored."""

    birth_date = forms.DateField(
        label=_("Date of birth"),
        error_messages={
            "required": _("Enter your date of birth."),
            "invalid": _("Enter your date of birth as year-month-day, e.g. 1956-03-21."),
        },
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
    )
    registered_in_licang = forms.ChoiceField(
        label=_("Is your household registration (户籍) in Licang?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether your household registration is in Licang."),
            "invalid_choice": _("Say whether your household registration is in Licang."),
        },
    )
    special_family = forms.ChoiceField(
        label=_("Are you the parent in a special family-planning family?"),
        help_text=_("A family whose only child has died or is disabled."),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether you are the parent in a special family-planning family."),
            "invalid_choice": _(
                "Say whether you are the parent in a special family-planning family."
            ),
        },
    )
    on_date = forms.DateField(
        label=_("On which date? (optional)"),
        help_text=_("Leave empty for today. Ages are counted on this date."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "invalid": _("Enter the date as year-month-day, e.g. 2026-07-01, or leave it empty.")
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        birth, on = data.get("birth_date"), data.get("on_date")
        if birth and on and birth > on:
            self.add_error("birth_date", _("The date of birth is after the date asked about."))
        return data


class OutreachForm(forms.Form):
    LISTS = [
        ("checkup", _("Elders without a health check this year")),
        ("insurance", _("Special families without a policy this year")),
    ]
    list = forms.ChoiceField(label=_("list"), choices=LISTS, initial="checkup")
    community = forms.ModelChoiceField(
        label=_("community"), queryset=Community.objects.none(), required=False
    )

    def __init__(self, *args: Any, communities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]
        self.fields["community"].empty_label = _("all communities")  # type: ignore[attr-defined]


class FiguresYearForm(forms.Form):
    """The year of the staff figures page; out of the programs' range it is a form error."""

    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100, required=False)
