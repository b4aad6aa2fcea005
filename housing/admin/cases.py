"""Units and cases: filters by step, building and hold reason, batch moves (on a processing day
or each to its next step), holds, corrections, the history of every case, masked exports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from housing import actions
from housing.models import (
    Case,
    CaseDocument,
    CaseMove,
    ChecklistItem,
    HoldReason,
    ProcessingDay,
    Step,
    Unit,
    UnitOwner,
)
from licang.admin_writes import ActionAdmin, refusal_text
from licang.errors import ConflictError
from licang.masking import mask_id_number

NO_MOVE = ""


def owners_text(unit: Unit) -> str:
    """Owners with masked ID numbers (prefetched ``ownerships``)."""
    return "；".join(
        f"{o.resident.name}（{mask_id_number(o.resident.id_number)}，{o.share}%）"
        for o in unit.ownerships.all()  # type: ignore[attr-defined]
    )


def with_owners(queryset: QuerySet[Any], path: str) -> QuerySet[Any]:
    return queryset.prefetch_related(
        Prefetch(f"{path}ownerships", queryset=UnitOwner.objects.select_related("resident"))
    )


class UnitOwnerInline(admin.TabularInline):  # type: ignore[type-arg]
    """The owners and their shares; saved all at once through ``unit_save`` (shares make 100)."""

    model = UnitOwner
    fields = ["resident", "share"]
    autocomplete_fields = ["resident"]
    extra = 1


@admin.register(Unit)
class UnitAdmin(ActionAdmin):
    list_display = ["__str__", "estate", "building", "entrance", "room", "kind", "floor_area"]
    list_filter = ["kind", "estate", "building"]
    search_fields = ["building", "room", "case__case_number"]
    list_select_related = ["estate"]
    autocomplete_fields = ["estate"]
    fields = ["estate", "building", "entrance", "room", "kind", "floor_area"]
    inlines = [UnitOwnerInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Unit]:
        return Unit.objects.visible_to(request.user).for_listing()

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        owners = [
            (row["resident"], row["share"])
            for row in formset.cleaned_data
            if row and row.get("resident") and not row.get("DELETE")
        ]
        actions.unit_save(unit=form.instance, owners=owners)
        # what formset.save() would have set, for the admin's change message
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        actions.unit_save(unit=obj)


class CaseForm(forms.ModelForm):
    """A case's writes: move forward, correct back (with a reason), hold or resume."""

    move_to = forms.ChoiceField(
        label=_("move to step"),
        required=False,
        choices=[(NO_MOVE, "—"), *Step.choices],
        help_text=_("The next step only; an earlier step is a correction and needs a note."),
    )
    correction = forms.BooleanField(label=_("this is a correction (moving back)"), required=False)
    hold_reason_new = forms.ChoiceField(
        label=_("put on hold for"),
        required=False,
        choices=[("", "—"), *HoldReason.choices],
    )
    resume = forms.BooleanField(label=_("resume the held case"), required=False)
    note = forms.CharField(label=_("note"), required=False, max_length=500)

    class Meta:
        model = Case
        fields: list[str] = []


class ProcessingDayBatchForm(forms.Form):
    day = forms.ModelChoiceField(label=_("processing day"), queryset=ProcessingDay.objects.none())
    to = forms.ChoiceField(
        label=_("move to"),
        required=False,
        choices=[("", _("each case to its next step")), *Step.choices[1:]],
    )
    note = forms.CharField(label=_("note"), required=False, max_length=500)


class HoldBatchForm(forms.Form):
    reason = forms.ChoiceField(label=_("special cause"), choices=HoldReason.choices)
    note = forms.CharField(label=_("note"), required=False, max_length=500)


@admin.register(Case)
class CaseAdmin(ActionAdmin):
    form = CaseForm
    list_display = [
        "case_number",
        "estate",
        "building",
        "room",
        "kind",
        "step",
        "step_reached_on",
        "on_hold",
        "hold_reason",
        "owners",
        "missing",
    ]
    list_filter = ["step", "on_hold", "hold_reason", "unit__estate", "unit__building", "unit__kind"]
    search_fields = ["=case_number", "unit__room", "=unit__ownerships__resident__id_number"]
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = [
        "case_number",
        "unit",
        "owners",
        "step",
        "step_reached_at",
        "on_hold",
        "hold_reason",
        "hold_note",
        "documents_table",
        "history",
    ]
    actions = ["advance_selected", "apply_on_processing_day", "hold_selected", "resume_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Case]:
        return with_owners(Case.objects.visible_to(request.user).for_listing(), "unit__")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a unit opens its case

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [
            *self.readonly_fields[:8],
            "move_to",
            "correction",
            "note",
            "hold_reason_new",
            "resume",
            "documents_table",
            "history",
        ]

    @admin.display(description=_("estate"), ordering="unit__estate__code")
    def estate(self, obj: Case) -> str:
        return str(obj.unit.estate)

    @admin.display(description=_("building"), ordering="unit__building")
    def building(self, obj: Case) -> str:
        return obj.unit.building

    @admin.display(description=_("room"), ordering="unit__room")
    def room(self, obj: Case) -> str:
        return f"{obj.unit.entrance}-{obj.unit.room}" if obj.unit.entrance else obj.unit.room

    @admin.display(description=_("kind"))
    def kind(self, obj: Case) -> str:
        return obj.unit.get_kind_display()

    @admin.display(description=_("step reached on"), ordering="step_reached_at")
    def step_reached_on(self, obj: Case) -> str:
        return timezone.localdate(obj.step_reached_at).isoformat()

    @admin.display(description=_("missing documents"))
    def missing(self, obj: Case) -> str:
        return "、".join(str(item.name) for item in obj.missing_documents()) or "—"

    @admin.display(description=_("owners"))
    def owners(self, obj: Case) -> str:
        return owners_text(obj.unit)

    @admin.display(description=_("documents"))
    def documents_table(self, obj: Case) -> str:
        received = {d.item_id: d for d in obj.documents.all()}  # type: ignore[attr-defined]
        rows = []
        for item in ChecklistItem.objects.filter(estate_id=obj.unit.estate_id).order_by(
            "sort_order", "code"
        ):
            document = received.get(item.pk)
            if document is None:
                state = format_html("<strong>{}</strong>", _("missing"))
            elif document.file:
                url = reverse("housing-api:document-file", args=[document.public_id])
                state = format_html('<a href="{}">{}</a>', url, _("received, see the file"))
            else:
                state = format_html("{}", _("received on paper"))
            rows.append((item.name, state))
        return format_html(
            "<table><tbody>{}</tbody></table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", rows),
        )

    @admin.display(description=_("history"))
    def history(self, obj: Case) -> str:
        moves = CaseMove.objects.filter(case=obj).select_related("by_user", "by_partner")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(m.at).strftime("%Y-%m-%d %H:%M"),
                    m.get_kind_display(),
                    m.get_from_step_display(),
                    m.get_to_step_display(),
                    m.get_hold_reason_display() if m.hold_reason else "",
                    m.actor_name,
                    m.note,
                )
                for m in moves.order_by("at", "pk")
            ),
        )
        return format_html("<table><tbody>{}</tbody></table>", rows) if rows else "—"

    def save_model(self, request: HttpRequest, obj: Case, form: Any, change: bool) -> None:
        data = form.cleaned_data
        note = data.get("note", "")
        if data.get("resume"):
            obj = actions.case_resume(case=obj, by=request.user, note=note)
        if data.get("move_to"):
            if data.get("correction"):
                obj = actions.case_correct(
                    case=obj, to=data["move_to"], by=request.user, reason=note
                )
            else:
                obj = actions.case_advance(case=obj, to=data["move_to"], by=request.user, note=note)
        if data.get("hold_reason_new"):
            actions.case_hold(case=obj, reason=data["hold_reason_new"], by=request.user, note=note)

    # --- batch actions ---------------------------------------------------------------------------

    def _report(self, request: HttpRequest, entries: list[Any]) -> None:
        moved = sum(1 for e in entries if e.moved)
        self.message_user(
            request,
            _("%(moved)d cases moved, %(refused)d could not be moved.")
            % {"moved": moved, "refused": len(entries) - moved},
            messages.SUCCESS if moved else messages.WARNING,
        )
        for entry in entries:
            if not entry.moved:
                messages.warning(request, f"{entry.case}：{entry.reason}")

    @admin.action(description=_("Move each selected case to its next step"))
    def advance_selected(self, request: HttpRequest, queryset: QuerySet[Case]) -> None:
        moved, refused = 0, []
        for case in queryset.select_related("unit__estate"):
            target = case.next_step
            try:
                if target is None:
                    raise ConflictError(_("The certificate has already been issued."))
                actions.case_advance(case=case, to=target, by=request.user)
                moved += 1
            except (ConflictError, ValidationError) as refusal:
                refused.append(f"{case}：{refusal_text(refusal)}")
        self.message_user(
            request,
            _("%(moved)d cases moved, %(refused)d could not be moved.")
            % {"moved": moved, "refused": len(refused)},
            messages.SUCCESS if moved else messages.WARNING,
        )
        for line in refused:
            messages.warning(request, line)

    @admin.action(description=_("Resume the selected held cases"))
    def resume_selected(self, request: HttpRequest, queryset: QuerySet[Case]) -> None:
        self.run_action(
            request,
            queryset.filter(on_hold=True),
            lambda case: actions.case_resume(case=case, by=request.user),
            str(_("%(count)d cases resumed.")),
        )

    @admin.action(description=_("Move the selected cases on a processing day…"))
    def apply_on_processing_day(
        self, request: HttpRequest, queryset: QuerySet[Case]
    ) -> HttpResponse | None:
        days = (
            ProcessingDay.objects.visible_to(request.user)
            .filter(estate__in=queryset.values("unit__estate"))
            .select_related("estate")
        )
        form = ProcessingDayBatchForm(request.POST if "apply" in request.POST else None)
        form.fields["day"].queryset = days  # type: ignore[attr-defined]
        if "apply" in request.POST and form.is_valid():
            day = form.cleaned_data["day"]
            entries = actions.processing_day_apply(
                day=day,
                cases=list(queryset.select_related("unit__estate").order_by("pk")),
                by=request.user,
                to=form.cleaned_data["to"],
                note=form.cleaned_data["note"],
            )
            self._report(request, entries)
            return HttpResponseRedirect(
                reverse("admin:housing_processingday_change", args=[day.pk])
            )
        return self._batch_form(
            request,
            queryset,
            form,
            action_name="apply_on_processing_day",
            title=_("Move the selected cases on a processing day"),
            intro=_("Each case that may move is moved; the others are reported with their reason."),
            submit=_("Move the cases"),
        )

    @admin.action(description=_("Put the selected cases on hold…"))
    def hold_selected(self, request: HttpRequest, queryset: QuerySet[Case]) -> HttpResponse | None:
        form = HoldBatchForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            self.run_action(
                request,
                queryset.order_by("pk"),
                lambda case: actions.case_hold(
                    case=case,
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                    note=form.cleaned_data["note"],
                ),
                str(_("%(count)d cases put on hold.")),
            )
            return None
        return self._batch_form(
            request,
            queryset,
            form,
            action_name="hold_selected",
            title=_("Put the selected cases on hold"),
            intro=_("They keep their step and resume from it."),
            submit=_("Put on hold"),
        )

    def _batch_form(
        self,
        request: HttpRequest,
        queryset: QuerySet[Case],
        form: forms.Form,
        **texts: Any,
    ) -> HttpResponse:
        return TemplateResponse(
            request,
            "admin/housing/case/batch_form.html",
            {
                **self.admin_site.each_context(request),
                **texts,
                "form": form,
                "cases": list(queryset.select_related("unit__estate")),
                "opts": self.model._meta,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(CaseDocument)
class CaseDocumentAdmin(ActionAdmin):
    list_display = ["case", "item", "content_type", "size", "received_at", "file_link"]
    list_filter = ["item__code", "content_type"]
    search_fields = ["=case__case_number"]
    list_select_related = ["case", "item"]
    autocomplete_fields = ["case"]
    fields = ["case", "item", "file"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CaseDocument]:
        return CaseDocument.objects.filter(
            case__in=Case.objects.visible_to(request.user)
        ).select_related("case", "item")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["case", "item"] if obj is not None else []

    @admin.display(description=_("file"))
    def file_link(self, obj: CaseDocument) -> str:
        if not obj.file:
            return "—"
        url = reverse("housing-api:document-file", args=[obj.public_id])
        return format_html('<a href="{}">{}</a>', url, _("open"))

    def save_model(self, request: HttpRequest, obj: CaseDocument, form: Any, change: bool) -> None:
        upload = form.cleaned_data.get("file") if "file" in form.changed_data else None
        actions.case_document_receive(case=obj.case, item=obj.item, by=request.user, upload=upload)


@admin.register(CaseMove)
class CaseMoveAdmin(ActionAdmin):
    """The history of every case, read-only: moves are made through the case."""

    list_display = ["at", "case", "kind", "from_step", "to_step", "hold_reason", "actor", "note"]
    list_filter = ["kind", "to_step", "hold_reason"]
    search_fields = ["=case__case_number"]
    list_select_related = ["case", "by_user", "by_partner"]
    date_hierarchy = "at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[CaseMove]:
        return CaseMove.objects.filter(case__in=Case.objects.visible_to(request.user))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("by"))
    def actor(self, obj: CaseMove) -> str:
        return obj.actor_name
