"""How the health admin writes: every save is an action, and an action's refusal answers the form.

A refused save (``ValidationError``, ``ConflictError``, ``PermissionDenied``) raises out of the
admin's ``changeform_view`` transaction, so nothing of it is kept; the same form is shown again
with the reason on it (on the field it concerns, or above the form) and as an error message.
No success message follows, no history row is written.

Health records are never deleted from the admin: rules, budgets, claims, checks, cases,
policies, designations, sites and special families are kept (decisions name them); a
designation is ended and a site closed through their actions instead.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.forms.models import construct_instance
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from licang.admin_exports import ExportAdmin
from licang.errors import ConflictError

REFUSALS = (ValidationError, ConflictError, PermissionDenied)
REFUSED = "_health_refused"


def error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or str(_("You are not allowed to do this."))


def add_refusal(form: forms.BaseForm, exc: Exception) -> None:
    """Put an action's refusal on ``form``: field errors on their fields, the rest above it."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.error_list)
    else:
        form.add_error(None, error_text(exc))


class Refused(Exception):
    """An action refused an admin save; carries the action's error."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class ActionForm(forms.ModelForm):
    """Checks each field only: the action validates the whole record (constraints included).

    ``refusal`` is set when the form is shown again after its action refused the save.
    """

    refusal: Exception | None = None

    def _post_clean(self) -> None:
        form: Any = self
        try:
            self.instance = construct_instance(
                self, self.instance, self._meta.fields, self._meta.exclude
            )
            self.instance.clean_fields(exclude=form._get_validation_exclusions())
        except ValidationError as exc:
            form._update_errors(exc)
        if self.refusal is not None:
            add_refusal(self, self.refusal)


class ActionAdmin(ExportAdmin):
    """Saves through ``perform_save`` (an action); deletes are not offered (see the module).
    Its list exports to CSV and Excel like every list (``licang.admin_exports``)."""

    form = ActionForm
    read_only_after_creation = False

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        raise NotImplementedError

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # health records are kept; see the module docstring

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, REFUSED, None)
        if refusal is not None:
            form = type(form.__name__, (form,), {"refusal": refusal})
        return form

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        try:
            if change and self.read_only_after_creation:
                raise ValidationError(_("This record changes only through its actions."))
            saved = self.perform_save(request, obj, form, change)
        except REFUSALS as exc:
            raise Refused(exc) from exc
        if saved is not obj:
            # the action built its own record: the admin's redirect and history name that one
            obj.pk = saved.pk
            obj.refresh_from_db()

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> Any:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refused as refused:
            # the view's transaction has rolled back: show the same form with the reason
            setattr(request, REFUSED, refused.error)
            messages.error(request, error_text(refused.error))
            return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        if self.read_only_after_creation:
            # the record changes only through its actions (review, complete, cancel)
            extra_context = {
                **(extra_context or {}),
                "show_save": False,
                "show_save_and_continue": False,
                "show_save_and_add_another": False,
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def run_action(self, request: HttpRequest, items: Any, action: Any, done: Any) -> None:
        """Apply ``action`` to each item; report successes and each refusal with its reason."""
        count = 0
        for item in items:
            try:
                action(item)
                count += 1
            except REFUSALS as exc:
                messages.error(request, f"{item}: {error_text(exc)}")
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)


class ResidentColumnsMixin:
    """The person's name, masked ID number and community as changelist columns."""

    resident_path = "resident"

    def _resident(self, obj: Any) -> Any:
        for part in self.resident_path.split("__"):
            obj = getattr(obj, part)
        return obj

    @admin.display(description=_("full name"))
    def resident_name(self, obj: Any) -> str:
        return str(self._resident(obj).name)

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj: Any) -> str:
        return str(self._resident(obj).masked_id_number)

    @admin.display(description=_("community"))
    def community(self, obj: Any) -> str:
        return str(self._resident(obj).community.name)
