"""Imports in the admin: the upload page with each kind's templates, and a batch's page with its
progress, its dry-run report and the button that confirms it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from licang.admin_writes import ActionAdmin, add_refusal_to_form, refusal_text
from licang.errors import ConflictError
from licang.imports import actions, files
from licang.imports.forms import UploadForm
from licang.imports.kinds import kind_named, kinds_for
from licang.imports.models import ImportBatch, ImportRow, Outcome

REPORT_PAGE_SIZE = 100
# the upload page refuses a larger request before reading it (the file plus the form's fields)
MAX_REQUEST_BYTES = files.MAX_FILE_BYTES + 64 * 1024


@admin.register(ImportBatch)
class ImportBatchAdmin(ActionAdmin):
    list_display = [
        "original_name",
        "kind_name",
        "status",
        "total_rows",
        "created_count",
        "updated_count",
        "unchanged_count",
        "refused_count",
        "uploaded_by",
        "uploaded_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["original_name"]
    list_select_related = ["uploaded_by", "confirmed_by"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportBatch]:
        return ImportBatch.objects.visible_to(request.user).for_listing()

    @admin.display(description=_("kind"), ordering="kind")
    def kind_name(self, obj: ImportBatch) -> str:
        kind = kind_named(obj.kind)
        return str(kind.name) if kind else obj.kind

    # --- who may: the staff whose role may edit the records of at least one kind --------------

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(kinds_for(request.user))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(kinds_for(request.user))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(kinds_for(request.user))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a batch is confirmed from its page, never edited

    # --- pages -----------------------------------------------------------------------------------

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path(
                "template/<str:kind>.<str:extension>",
                view(self.template_view),
                name="imports_importbatch_template",
            ),
            path(
                "<path:object_id>/status/",
                view(never_cache(self.status_view)),
                name="imports_importbatch_status",
            ),
            path(
                "<path:object_id>/confirm/",
                view(self.confirm_view),
                name="imports_importbatch_confirm",
            ),
            *super().get_urls(),
        ]

    def _batch(self, request: HttpRequest, object_id: str) -> ImportBatch:
        batch = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        if batch is None:
            raise Http404
        return batch

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        kinds = kinds_for(request.user)
        if not kinds:
            raise PermissionDenied
        status = 200
        too_large = ""
        form = UploadForm(kinds=kinds)
        if request.method == "POST":
            if _content_length(request) > MAX_REQUEST_BYTES:
                # refused before Django reads the body: a clear answer, not a reset connection
                too_large, status = actions.too_large_message(), 413
            else:
                form = UploadForm(request.POST, request.FILES, kinds=kinds)
                if form.is_valid():
                    try:
                        batch = actions.batch_upload(
                            user=request.user,
                            kind=form.cleaned_data["kind"],
                            upload=form.cleaned_data["file"],
                            language=get_language() or "zh-hans",
                        )
                    except ValidationError as refusal:
                        add_refusal_to_form(form, refusal)
                    else:
                        messages.success(
                            request, _("The file is stored; the dry run starts in a moment.")
                        )
                        return HttpResponseRedirect(
                            reverse("admin:imports_importbatch_change", args=[batch.pk])
                        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import a spreadsheet"),
            "form": form,
            "too_large": too_large,
            "kinds": [
                {
                    "kind": k,
                    "columns": k.columns,
                    "xlsx": reverse("admin:imports_importbatch_template", args=[k.code, "xlsx"]),
                    "csv": reverse("admin:imports_importbatch_template", args=[k.code, "csv"]),
                }
                for k in kinds
            ],
        }
        return TemplateResponse(
            request, "admin/imports/importbatch/upload.html", context, status=status
        )

    def template_view(self, request: HttpRequest, kind: str, extension: str) -> HttpResponse:
        found = next((k for k in kinds_for(request.user) if k.code == kind), None)
        if found is None or extension not in ("xlsx", "csv"):
            raise Http404
        if extension == "xlsx":
            body = files.template_xlsx(found)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            body = files.template_csv(found)
            content_type = "text/csv; charset=utf-8"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{found.code}-template.{extension}"'
        )
        return response

    def status_view(self, request: HttpRequest, object_id: str) -> JsonResponse:
        batch = self._batch(request, object_id)
        return JsonResponse(
            {
                "status": batch.status,
                "status_display": batch.get_status_display(),
                "percent": batch.percent,
                "processed": batch.processed_rows,
                "total": batch.total_rows,
                "running": batch.running,
            }
        )

    def confirm_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        batch = self._batch(request, object_id)
        try:
            actions.batch_confirm(batch=batch, user=request.user)
        except PermissionDenied:
            raise
        except (ConflictError, ValidationError) as refusal:
            messages.error(request, refusal_text(refusal))
        else:
            messages.success(request, _("Confirmed: the rows are being written."))
        return HttpResponseRedirect(reverse("admin:imports_importbatch_change", args=[batch.pk]))

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        batch = self._batch(request, object_id)
        kind = kind_named(batch.kind)
        page = None
        rows: list[dict[str, Any]] = []
        if kind is not None and batch.status not in (
            ImportBatch.Status.UPLOADED,
            ImportBatch.Status.VALIDATING,
        ):
            # two queries: the page's rows and their count (the count of the report is the
            # batch's total, but the paginator asks the database to stay exact)
            paginator = Paginator(ImportRow.objects.for_report(batch), REPORT_PAGE_SIZE)
            page = paginator.get_page(request.GET.get("page"))
            labels = {c.key: c.label for c in kind.columns}
            rows = [
                {
                    "number": row.number,
                    "outcome": row.outcome,
                    "outcome_label": actions.OUTCOME_LABELS[Outcome(row.outcome)],
                    "cells": kind.cells_for_report(row.data, request.user),
                    "reasons": [
                        f"{labels[field]}：{message}" if field in labels else message
                        for field, message in row.reasons
                    ],
                    "changes": [str(labels.get(c, c)) for c in row.changes],
                }
                for row in page.object_list
            ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": str(batch),
            "batch": batch,
            "kind": kind,
            "headings": [c.label for c in kind.columns] if kind else [],
            "page": page,
            "rows": rows,
            "may_confirm": (
                batch.status == ImportBatch.Status.VALIDATED
                and batch.to_write > 0
                and kind is not None
                and kind.may_import(request.user)
            ),
            "status_url": reverse("admin:imports_importbatch_status", args=[batch.pk]),
            "confirm_url": reverse("admin:imports_importbatch_confirm", args=[batch.pk]),
        }
        return TemplateResponse(request, "admin/imports/importbatch/report.html", context)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
