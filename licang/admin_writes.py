"""The admin's one write path: every admin save and delete goes through an action, and an action's
refusal answers the form.

``ActionAdmin`` is the base of every ModelAdmin of the project:

- Saving: the admin's ``save_model`` (and ``save_related``/``save_formset`` where a ModelAdmin has
  relations or inlines) call the app's actions. When an action refuses — a ``ValidationError`` the
  model form could not anticipate (a household in another community) or a ``ConflictError`` — the
  whole attempt is rolled back (the history row and the admin's log entry too) and the same form is
  shown again with the action's reasons on the fields they name, in the user's language. Nothing is
  saved and no success message follows.
- Deleting: not offered, unless the ModelAdmin defines ``delete_record(request, obj)`` calling
  the action that deletes. Records that must be kept are ended, closed or archived through an
  action instead.
- Exporting: every list exports to CSV and Excel as filtered, and each export is logged
  (``ExportAdmin``, ``licang.admin_exports``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import Promise

from licang import admin_widgets
from licang.admin_exports import ExportAdmin
from licang.errors import ConflictError

REFUSAL = "_licang_admin_refusal"


def add_refusal_to_form(form: BaseForm, refusal: ValidationError | ConflictError) -> None:
    """Put an action's refusal on ``form``: each error on the field it names, the rest on top."""
    if isinstance(refusal, ConflictError):
        form.add_error(None, str(refusal))
        return
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    form.add_error(None, refusal.messages)


def refusal_text(refusal: ValidationError | ConflictError) -> str:
    """One line for a message: the reasons of a refusal, joined."""
    if isinstance(refusal, ConflictError):
        return str(refusal)
    return "；".join(str(message) for message in refusal.messages)


class ActionAdmin(ExportAdmin):
    """A ModelAdmin whose writes go through actions and whose list exports (see the module
    docstring)."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = admin_widgets.AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = admin_widgets.AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method != "POST" or hasattr(request, REFUSAL):
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except (ValidationError, ConflictError) as refusal:
            # The attempt is rolled back; show the same form again with the action's reasons.
            setattr(request, REFUSAL, refusal)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form_class = super().get_form(request, obj, change, **kwargs)
        found: ValidationError | ConflictError | None = getattr(request, REFUSAL, None)
        if found is None:
            return form_class
        refusal = found

        class RefusedForm(form_class):  # type: ignore[valid-type,misc]
            def clean(self) -> Any:
                cleaned = super().clean()
                add_refusal_to_form(self, refusal)
                return cleaned

        return RefusedForm

    # --- deleting ------------------------------------------------------------------------------

    def delete_record(self, request: HttpRequest, obj: Any) -> None:
        """Override to offer delete: call the action that removes ``obj``."""
        raise NotImplementedError

    @classmethod
    def offers_delete(cls) -> bool:
        return cls.delete_record is not ActionAdmin.delete_record

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.offers_delete() and super().has_delete_permission(request, obj)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        self.delete_record(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # one action per record, all or nothing
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            with transaction.atomic():
                return super().delete_view(request, object_id, extra_context)
        except (ValidationError, ConflictError) as refusal:
            messages.error(request, refusal_text(refusal))
            opts = self.opts
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
            )

    def run_action(
        self, request: HttpRequest, records: Any, act: Callable[[Any], Any], done: str | Promise
    ) -> int:
        """Run ``act`` on each record for a bulk admin action: all or nothing, and a refusal is
        an error message naming the record, never a server error. Returns how many moved."""
        try:
            with transaction.atomic():
                count = 0
                for record in records:
                    try:
                        act(record)
                    except (ValidationError, ConflictError) as refusal:
                        raise _Refused(record, refusal) from refusal
                    count += 1
        except _Refused as refused:
            messages.error(request, f"{refused.record}：{refusal_text(refused.refusal)}")
            return 0
        self.message_user(request, done % {"count": count}, messages.SUCCESS)
        return count


class _Refused(Exception):
    def __init__(self, record: Any, refusal: ValidationError | ConflictError) -> None:
        super().__init__(str(refusal))
        self.record = record
        self.refusal = refusal
