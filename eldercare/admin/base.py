"""What the meal program's admins share: scoped querysets, masked person columns, a form page
for a reason, and printable pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from licang.admin_writes import ActionAdmin


class ScopedAdmin(ActionAdmin):
    """Rows through the model's ``visible_to`` and ``for_listing`` (or ``select_related``);
    nothing is deleted."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = self.model.objects.visible_to(request.user)
        return queryset.for_listing() if hasattr(queryset, "for_listing") else queryset


class ResidentColumns:
    """The person's name, masked ID number and community as changelist columns."""

    resident_path = "resident"

    def _resident(self, obj: Any) -> Any:
        for part in self.resident_path.split("__"):
            obj = getattr(obj, part) if obj is not None else None
        return obj

    @admin.display(description=_("full name"))
    def resident_name(self, obj: Any) -> str:
        resident = self._resident(obj)
        return str(resident.name) if resident else "—"

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj: Any) -> str:
        resident = self._resident(obj)
        return str(resident.masked_id_number) if resident else "—"


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=200)


def ask_reason(
    model_admin: Any, request: HttpRequest, queryset: QuerySet[Any], *, action: str, title: Any
) -> TemplateResponse | None:
    """The intermediate page of a bulk action that needs a reason; ``None`` once it is given."""
    form = ReasonForm(request.POST if "reason" in request.POST else None)
    if form.is_bound and form.is_valid():
        return None
    return TemplateResponse(
        request,
        "admin/eldercare/reason.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "records": queryset,
            "action": action,
            "opts": model_admin.opts,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        },
    )
