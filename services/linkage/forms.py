"""The public forms: an offer to adopt a wish and a volunteer's sign-up. Forms validate; the
actions write; an action's refusal goes back onto the form's fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from licang.errors import ConflictError
from licang.phones import validate_mobile_phone
from licang.registry.models import Community
from services.centers.hours import Weekday
from services.linkage.models import Category


class ActionErrorsMixin:
    def add_action_errors(self, exc: ValidationError | ConflictError) -> None:
        form: Any = self
        if isinstance(exc, ConflictError):
            form.add_error(None, str(exc))
        elif hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)


class PledgeForm(ActionErrorsMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Your name"), max_length=50)
    phone = forms.CharField(
        label=_("Your mobile phone"),
        max_length=11,
        validators=[validate_mobile_phone],
        help_text=_("11 digits. Staff call you to arrange the gift; it is never shown."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    offer = forms.CharField(
        label=_("What you will do"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: buy the drum kit and bring it with the staff."),
    )


class VolunteerSignUpForm(ActionErrorsMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Your name"), max_length=50)
    phone = forms.CharField(
        label=_("Your mobile phone"),
        max_length=11,
        validators=[validate_mobile_phone],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    community = forms.ModelChoiceField(
        label=_("The community where you will help"),
        queryset=Community.objects.select_related("subdistrict").order_by(
            "subdistrict__sort_order", "name"
        ),
    )
    skills = forms.MultipleChoiceField(
        label=_("What you can do"),
        choices=[(c.value, c.label) for c in Category if c != Category.OTHER],
        widget=forms.CheckboxSelectMultiple,
    )
    available_on = forms.TypedMultipleChoiceField(
        label=_("When you are usually free"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    consents_to_contact = forms.BooleanField(
        label=_("Staff may call me about needs near me."), required=True
    )
