from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from licang.errors import ConflictError
from services.centers.models import Center
from services.desk import actions
from services.desk.models import ServiceItem, ServiceQuestion, ServiceRequest

Datatype = ServiceQuestion.Datatype


def question_field(question: ServiceQuestion) -> forms.Field:
    """The form field for one of an item's extra questions."""
    common: dict[str, Any] = {
        "label": question.prompt,
        "help_text": question.help_text,
        "required": question.required,
    }
    choices = [(str(c["key"]), str(c["name"])) for c in question.choices]
    if question.datatype == Datatype.SINGLE:
        return forms.ChoiceField(choices=[("", "———"), *choices], **common)
    if question.datatype == Datatype.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.datatype == Datatype.NUMBER:
        return forms.DecimalField(max_digits=12, decimal_places=2, **common)
    if question.datatype == Datatype.DATETIME:
        return forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), **common
        )
    if question.datatype == Datatype.TEXT:
        return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    return forms.CharField(max_length=200, **common)


class QuestionFieldsMixin:
    """Adds ``q_<code>`` fields for an item's questions and maps action errors back to fields."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_question_fields(self, item: ServiceItem) -> None:
        for question in item.questions.all():
            self.fields[f"q_{question.code}"] = question_field(question)

    def answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if not name.startswith("q_") or value in (None, "", []):
                continue
            if isinstance(value, Decimal):
                value = str(value.normalize())
            elif isinstance(value, datetime.datetime):
                value = value.isoformat()
            answers[name[2:]] = value
        return answers

    def add_action_errors(self, error: ValidationError | ConflictError) -> None:
        if isinstance(error, ConflictError):
            self.add_error(None, str(error))  # type: ignore[attr-defined]
            return
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)  # type: ignore[attr-defined]
            return
        for key, errors in error.error_dict.items():
            field = f"q_{key[len('answers.') :]}" if key.startswith("answers.") else key
            if field not in self.fields:
                field = None  # type: ignore[assignment]
            for message in errors:
                if field and field in self.cleaned_data:  # type: ignore[operator]
                    del self.cleaned_data[field]  # type: ignore[arg-type]
                self.add_error(field, message)  # type: ignore[attr-defined]


class RequestForm(QuestionFieldsMixin, forms.Form):
    """The public request form for one service item."""

    center = forms.ModelChoiceField(
        label=_("Neighborhood center"), queryset=Center.objects.none(), empty_label="———"
    )
    name = forms.CharField(label=_("Your name"), max_length=50)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        help_text=_("11 digits. You will need its last four digits to follow your request."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=200,
        required=False,
        help_text=_(
            "Building, unit and flat, e.g. Shangliu Jiayuan Community, building 3, unit 2, no. 501."
        ),
    )
    description = forms.CharField(
        label=_("What do you need?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # left empty by people, filled in by form-filling robots
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, item: ServiceItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["center"].queryset = item.centers.filter(  # type: ignore[attr-defined]
            status=Center.Status.OPEN
        ).order_by("name")
        if not item.needs_address:
            del self.fields["address"]
        else:
            self.fields["address"].required = True
        self.add_question_fields(item)
        self.prepared: dict[str, Any] = {}

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Leave this field empty."))
        return ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        self.prepared = {
            "center": data["center"],
            "item": self.item,
            "name": data["name"],
            "phone": data["phone"],
            "channel": ServiceRequest.Channel.WEB,
            "description": data.get("description", ""),
            "address": data.get("address", ""),
            "answers": self.answers(),
        }
        try:
            actions.request_prepare(**self.prepared)
        except (ValidationError, ConflictError) as exc:
            self.add_action_errors(exc)
        return data


class ItemChoiceForm(forms.Form):
    """The first step of the request form, without JavaScript: which service."""

    item = forms.ModelChoiceField(
        label=_("Service"),
        queryset=ServiceItem.objects.active().select_related("category"),
        to_field_name="code",
        empty_label="———",
    )


class StatusLookupForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference number"),
        max_length=20,
        help_text=_("As on your confirmation, e.g. LJ-7K3M-9QXD."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    phone_last_four = forms.RegexField(
        label=_("Last four digits of your phone"),
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": _("Enter four digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you?"),
        coerce=int,
        choices=[
            (5, _("5 – very satisfied")),
            (4, _("4 – satisfied")),
            (3, _("3 – acceptable")),
            (2, _("2 – dissatisfied")),
            (1, _("1 – very dissatisfied")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(forms.Form):
    comment = forms.CharField(
        label=_("What is still not solved?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why do you cancel?"), max_length=500)
