"""The health programs in the admin. Every write goes through ``health.actions``."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.forms.models import construct_instance
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from health import actions
from health.access import can_override_budget
from health.eligibility import sentences
from health.models import (
    Budget,
    BudgetOverride,
    CataractCase,
    CataractRule,
    CheckSite,
    Checkup,
    CheckupRule,
    ClaimType,
    HospitalDesignation,
    InsuranceClaim,
    InsurancePolicy,
    InsuranceRule,
    SpecialFamily,
    UsageLedger,
)
from licang.errors import ConflictError
from licang.models import Partner
from licang.registry.access import scope_filter

REFUSED = "_health_refused"


def error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or str(_("You are not allowed to do this."))


class ActionForm(forms.ModelForm):
    """Checks each field only: the action validates the whole record (constraints included)."""

    def _post_clean(self) -> None:
        form: Any = self
        try:
            self.instance = construct_instance(
                self, self.instance, self._meta.fields, self._meta.exclude
            )
            self.instance.clean_fields(exclude=form._get_validation_exclusions())
        except ValidationError as exc:
            form._update_errors(exc)


class ActionAdmin(admin.ModelAdmin):
    """Saves through ``perform_save`` (an action); a refused save shows the reason and the form
    again instead of pretending it worked."""

    form = ActionForm

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        try:
            if change and self.read_only_after_creation:
                raise ValidationError(_("This record changes only through its actions."))
            saved = self.perform_save(request, obj, form, change)
        except (ValidationError, ConflictError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
            setattr(request, REFUSED, True)
            return
        if saved is not obj:
            obj.__dict__.update(saved.__dict__)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if not getattr(request, REFUSED, False):
            super().save_related(request, form, formsets, change)

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        if not getattr(request, REFUSED, False):
            return super().log_addition(request, obj, message)
        return None

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        if not getattr(request, REFUSED, False):
            return super().log_change(request, obj, message)
        return None

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: Any = None) -> Any:
        if getattr(request, REFUSED, False):
            return HttpResponseRedirect(request.get_full_path())
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Any) -> Any:
        if getattr(request, REFUSED, False):
            return HttpResponseRedirect(request.get_full_path())
        return super().response_change(request, obj)

    read_only_after_creation = False

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
            except (ValidationError, ConflictError, PermissionDenied) as exc:
                messages.error(request, f"{item}: {error_text(exc)}")
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)


FACT_LABELS = {
    "on_date": _("date of the decision"),
    "birth_date": _("birth date"),
    "age": _("age on that date"),
    "registered_in_licang": _("household registration in Licang"),
    "special_family_planning": _("special family-planning family"),
    "in_registry": _("in the registry"),
    "insured": _("insured"),
    "claim_type": _("claim type"),
    "ledger_before": _("used before (days or claims; yuan)"),
    "hospital_days_used": _("hospital-care days used"),
    "checks_used": _("checks used this year"),
    "treated_eyes": _("eyes with a case"),
}


def _fact_value(key: str, value: Any) -> Any:
    if key == "claim_type" and value in ClaimType.values:
        return ClaimType(value).label
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, dict):
        return "; ".join(str(v) for v in value.values())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return "—" if value is None else value


def decision_html(decision: dict[str, Any]) -> str:
    """A stored decision for staff: the reason, the rule version and the facts used."""
    if not decision:
        return "—"
    rule = decision.get("rule") or {}
    facts = decision.get("facts") or {}
    try:
        rule_name = apps.get_model(rule.get("model", ""))._meta.verbose_name
    except (LookupError, ValueError):
        rule_name = "—"
    return format_html(
        "<p>{}</p><p>{}</p><ul>{}</ul>",
        " ".join(sentences(decision)),
        _("Rule: %(model)s %(year)s, version %(version)s")
        % {"model": rule_name, "year": rule.get("year", "—"), "version": rule.get("version", "—")},
        format_html_join(
            "",
            "<li>{}: {}</li>",
            ((FACT_LABELS.get(k, k), _fact_value(k, v)) for k, v in facts.items()),
        ),
    )


# --- Rules ----------------------------------------------------------------------------------------


class RuleAdmin(ActionAdmin):
    readonly_fields = ["version", "updated_at"]
    search_fields = ["note"]
    ordering = ["-year"]

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.rule_save(rule=obj)


@admin.register(InsuranceRule)
class InsuranceRuleAdmin(RuleAdmin):
    list_display = [
        "year",
        "daily_allowance",
        "max_hospital_days",
        "cap_accidental_death",
        "cap_accidental_disability",
        "cap_accidental_medical",
        "cap_major_disease",
        "requires_licang_registration",
        "version",
    ]
    list_filter = ["requires_licang_registration"]


@admin.register(CheckupRule)
class CheckupRuleAdmin(RuleAdmin):
    list_display = [
        "year",
        "min_age_anyone",
        "min_age_registered",
        "checks_per_year",
        "target",
        "fee_per_check",
        "version",
    ]
    list_filter = ["checks_per_year"]


@admin.register(CataractRule)
class CataractRuleAdmin(RuleAdmin):
    list_display = ["year", "subsidy_per_case", "requires_licang_registration", "version"]
    list_filter = ["requires_licang_registration"]


# --- Budgets ------------------------------------------------------------------------------------


@admin.register(Budget)
class BudgetAdmin(ActionAdmin):
    list_display = [
        "program",
        "year",
        "amount",
        "committed",
        "paid",
        "remaining",
        "use_percent",
        "override_count",
    ]
    list_filter = ["program", "year"]
    search_fields = ["program"]
    readonly_fields = ["committed", "paid", "updated_at"]
    change_list_template = "admin/health/budget/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Budget]:
        return Budget.objects.for_listing()

    @admin.display(description=_("remaining"))
    def remaining(self, obj: Budget) -> Any:
        return obj.remaining

    @admin.display(description=_("used (%)"))
    def use_percent(self, obj: Budget) -> Any:
        return obj.use_percent

    @admin.display(description=_("overrides"), ordering="override_count")
    def override_count(self, obj: Budget) -> int:
        return obj.override_count  # type: ignore[attr-defined,no-any-return]

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.budget_save(budget=obj)


@admin.register(BudgetOverride)
class BudgetOverrideAdmin(admin.ModelAdmin):
    list_display = ["created_at", "budget", "subject", "amount", "exceeded_by", "by", "reason"]
    list_filter = ["budget__program", "budget__year"]
    search_fields = ["subject", "reason"]
    list_select_related = ["budget", "by"]
    readonly_fields = [
        "budget",
        "subject",
        "subject_id",
        "amount",
        "committed_before",
        "exceeded_by",
        "reason",
        "by",
        "created_at",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[BudgetOverride]:
        return BudgetOverride.objects.for_listing()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # written by approvals that override a budget

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- Places -------------------------------------------------------------------------------------


@admin.register(HospitalDesignation)
class HospitalDesignationAdmin(ActionAdmin):
    list_display = ["partner", "valid_from", "valid_until", "in_force", "note"]
    list_filter = ["valid_from", "valid_until"]
    search_fields = ["partner__name", "note"]
    list_select_related = ["partner"]
    autocomplete_fields = ["partner"]

    @admin.display(description=_("in force today"), boolean=True)
    def in_force(self, obj: HospitalDesignation) -> bool:
        today = timezone.localdate()
        return obj.valid_from <= today and (obj.valid_until is None or obj.valid_until >= today)

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.designation_save(designation=obj)


@admin.register(CheckSite)
class CheckSiteAdmin(ActionAdmin):
    list_display = ["name", "code", "ownership", "partner", "subdistrict", "is_active"]
    list_filter = ["ownership", "is_active", "subdistrict"]
    search_fields = ["name", "code", "partner__name", "address"]
    list_select_related = ["partner", "subdistrict"]
    autocomplete_fields = ["partner", "subdistrict"]

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.check_site_save(site=obj)


# --- Ledger -------------------------------------------------------------------------------------


class ResidentColumnsMixin:
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


@admin.register(UsageLedger)
class UsageLedgerAdmin(ResidentColumnsMixin, admin.ModelAdmin):
    list_display = [
        "resident_name",
        "masked_id_number",
        "benefit",
        "year",
        "used_units",
        "used_amount",
        "paid_amount",
        "updated_at",
    ]
    list_filter = ["program", "benefit", "year"]
    search_fields = ["resident__name", "=resident__id_number"]
    readonly_fields = [
        "resident",
        "program",
        "benefit",
        "year",
        "used_units",
        "used_amount",
        "paid_amount",
        "updated_at",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[UsageLedger]:
        return scope_filter(UsageLedger.objects.for_listing(), request.user, "resident__community")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # kept by claims, checks and cases

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- Insurance ------------------------------------------------------------------------------------


@admin.register(SpecialFamily)
class SpecialFamilyAdmin(ActionAdmin):
    list_display = ["__str__", "situation", "certificate_number", "recognised_on", "policy_count"]
    list_filter = ["situation", "recognised_on"]
    search_fields = ["certificate_number", "household__number", "household__address"]
    readonly_fields = ["public_id", "created_at"]
    autocomplete_fields = ["household"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SpecialFamily]:
        return scope_filter(
            SpecialFamily.objects.for_listing(), request.user, "household__community"
        )

    @admin.display(description=_("insurance policies"), ordering="policy_count")
    def policy_count(self, obj: SpecialFamily) -> int:
        return obj.policy_count  # type: ignore[attr-defined,no-any-return]

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.special_family_save(family=obj)


@admin.register(InsurancePolicy)
class InsurancePolicyAdmin(ResidentColumnsMixin, ActionAdmin):
    list_display = [
        "policy_number",
        "resident_name",
        "masked_id_number",
        "community",
        "year",
        "insurer",
        "starts_on",
        "ends_on",
    ]
    list_filter = ["year", "insurer"]
    search_fields = ["policy_number", "resident__name", "=resident__id_number"]
    readonly_fields = ["public_id", "created_at", "decision_text"]
    autocomplete_fields = ["resident", "family", "insurer"]
    read_only_after_creation = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[InsurancePolicy]:
        return InsurancePolicy.objects.visible_to(request.user).for_listing()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return [
            f.name for f in InsurancePolicy._meta.fields if f.name not in {"id", "decision"}
        ] + ["decision_text"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["resident", "year", "insurer", "family", "policy_number", "starts_on", "ends_on"]
        return fields if obj is None else [*fields, "public_id", "created_at", "decision_text"]

    @admin.display(description=_("eligibility decision"))
    def decision_text(self, obj: InsurancePolicy) -> str:
        return decision_html(obj.decision)

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.policy_issue(
            resident=obj.resident,
            year=obj.year,
            insurer=obj.insurer,
            family=obj.family,
            policy_number=obj.policy_number,
            starts_on=obj.starts_on,
            ends_on=obj.ends_on,
        )


class ReviewForm(forms.Form):
    """A staff decision on a claim or a cataract case."""

    APPROVE, REJECT, PAY = "approve", "reject", "pay"
    decision = forms.ChoiceField(
        label=_("decision"),
        widget=forms.RadioSelect,
        choices=[
            (APPROVE, _("Approve")),
            (REJECT, _("Reject")),
            (PAY, _("Mark paid")),
        ],
    )
    rejection_reason = forms.CharField(label=_("rejection reason"), required=False, max_length=500)
    paid_on = forms.DateField(label=_("paid on"), required=False)
    payment_reference = forms.CharField(label=_("payment reference"), required=False, max_length=64)
    override_reason = forms.CharField(
        label=_("override the budget, because"),
        required=False,
        max_length=500,
        help_text=_("District administrators only: approve even beyond the year's budget."),
    )

    def __init__(self, *args: Any, can_override: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_override:
            del self.fields["override_reason"]


class ReviewAdmin(ResidentColumnsMixin, ActionAdmin):
    """Claims and cases: created through their action, then reviewed on a review page."""

    change_form_template = "admin/health/review_change_form.html"
    read_only_after_creation = True
    approve: Any = None
    reject: Any = None
    pay: Any = None

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_review",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("decision"))
    def decision_text(self, obj: Any) -> str:
        return decision_html(obj.decision)

    def review_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        can_override = can_override_budget(request.user)
        form = ReviewForm(request.POST or None, can_override=can_override)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == ReviewForm.APPROVE:
                    type(self).approve(obj, request.user, data.get("override_reason") or "")
                elif data["decision"] == ReviewForm.REJECT:
                    type(self).reject(obj, request.user, data["rejection_reason"])
                else:
                    type(self).pay(
                        obj, data["paid_on"] or timezone.localdate(), data["payment_reference"]
                    )
            except (ValidationError, ConflictError, PermissionDenied) as exc:
                messages.error(request, error_text(exc))
            else:
                self.message_user(request, _("Saved."), messages.SUCCESS)
                change = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
                return HttpResponseRedirect(reverse(change, args=[obj.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review %(object)s") % {"object": obj},
            "opts": self.opts,
            "original": obj,
            "form": form,
            "decision": decision_html(obj.decision),
            "can_override": can_override,
        }
        return TemplateResponse(request, "admin/health/review.html", context)


@admin.register(InsuranceClaim)
class InsuranceClaimAdmin(ReviewAdmin):
    resident_path = "policy__resident"
    list_display = [
        "claim_type",
        "resident_name",
        "masked_id_number",
        "incident_date",
        "days",
        "amount_payable",
        "status",
        "submitted_at",
    ]
    list_filter = ["status", "claim_type", "policy__year", "policy__insurer"]
    search_fields = [
        "policy__resident__name",
        "=policy__resident__id_number",
        "=policy__policy_number",
    ]
    autocomplete_fields = ["policy"]
    actions = ["approve_selected", "pay_selected"]
    add_fields = [
        "policy",
        "claim_type",
        "incident_date",
        "admission_date",
        "discharge_date",
        "days",
        "amount_claimed",
    ]

    @staticmethod
    def approve(obj: Any, by: Any, override_reason: str) -> Any:
        return actions.claim_approve(claim=obj, by=by, override_reason=override_reason)

    @staticmethod
    def reject(obj: Any, by: Any, reason: str) -> Any:
        return actions.claim_reject(claim=obj, by=by, reason=reason)

    @staticmethod
    def pay(obj: Any, paid_on: datetime.date, reference: str) -> Any:
        return actions.claim_pay(claim=obj, paid_on=paid_on, payment_reference=reference)

    def get_queryset(self, request: HttpRequest) -> QuerySet[InsuranceClaim]:
        return InsuranceClaim.objects.visible_to(request.user).for_listing()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return self.add_fields
        return [
            "policy",
            "claim_type",
            "status",
            "incident_date",
            "admission_date",
            "discharge_date",
            "days",
            "amount_claimed",
            "days_payable",
            "amount_payable",
            "decision_text",
            "rejection_reason",
            "submitted_by",
            "submitted_at",
            "decided_by",
            "decided_at",
            "paid_on",
            "payment_reference",
            "public_id",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else self.get_fields(request, obj)

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.claim_submit(
            resident=obj.policy.resident,
            claim_type=obj.claim_type,
            incident_date=obj.incident_date,
            days=obj.days,
            admission_date=obj.admission_date,
            discharge_date=obj.discharge_date,
            amount_claimed=obj.amount_claimed,
        )

    @admin.action(description=_("Approve the selected claims"), permissions=["change"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[InsuranceClaim]) -> None:
        self.run_action(
            request,
            queryset,
            lambda claim: actions.claim_approve(claim=claim, by=request.user),
            _("%(count)d claims approved."),
        )

    @admin.action(description=_("Mark the selected claims paid today"), permissions=["change"])
    def pay_selected(self, request: HttpRequest, queryset: QuerySet[InsuranceClaim]) -> None:
        self.run_action(
            request,
            queryset,
            lambda claim: actions.claim_pay(claim=claim, paid_on=timezone.localdate()),
            _("%(count)d claims marked paid."),
        )


# --- Health checks ------------------------------------------------------------------------------


class CheckupAddForm(ActionForm):
    booked = forms.BooleanField(
        label=_("appointment only"),
        required=False,
        help_text=_("Tick to book the check; leave empty when the check has taken place."),
    )

    class Meta:
        model = Checkup
        fields = ["resident", "site", "check_date", "family_doctor_signed"]


@admin.register(Checkup)
class CheckupAdmin(ResidentColumnsMixin, ActionAdmin):
    list_display = [
        "resident_name",
        "masked_id_number",
        "check_date",
        "site",
        "status",
        "age_on_check",
        "registered_in_licang",
        "family_doctor_signed",
    ]
    list_filter = ["status", "year", "age_band", "registered_in_licang", "site__ownership", "site"]
    search_fields = ["resident__name", "=resident__id_number", "site__name"]
    autocomplete_fields = ["resident", "site"]
    actions = ["complete_selected", "cancel_selected"]
    read_only_after_creation = True
    change_list_template = "admin/health/checkup/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Checkup]:
        return Checkup.objects.visible_to(request.user).for_listing()

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = CheckupAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["resident", "site", "check_date", "booked", "family_doctor_signed"]
        return [
            "resident",
            "site",
            "check_date",
            "status",
            "age_on_check",
            "age_band",
            "registered_in_licang",
            "family_doctor_signed",
            "fee",
            "decision_text",
            "recorded_by",
            "created_at",
            "completed_at",
            "public_id",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else self.get_fields(request, obj)

    @admin.display(description=_("decision"))
    def decision_text(self, obj: Checkup) -> str:
        return decision_html(obj.decision)

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.checkup_record(
            resident=obj.resident,
            site=obj.site,
            check_date=obj.check_date,
            booked=form.cleaned_data.get("booked", False),
            family_doctor_signed=obj.family_doctor_signed,
        )

    @admin.action(
        description=_("Record the selected bookings as completed"), permissions=["change"]
    )
    def complete_selected(self, request: HttpRequest, queryset: QuerySet[Checkup]) -> None:
        self.run_action(
            request,
            queryset,
            lambda checkup: actions.checkup_complete(checkup=checkup),
            _("%(count)d checks recorded as completed."),
        )

    @admin.action(description=_("Cancel the selected bookings"), permissions=["change"])
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[Checkup]) -> None:
        self.run_action(
            request,
            queryset,
            lambda checkup: actions.checkup_cancel(checkup=checkup),
            _("%(count)d bookings cancelled."),
        )


# --- Cataract aid -------------------------------------------------------------------------------


@admin.register(CataractCase)
class CataractCaseAdmin(ReviewAdmin):
    list_display = [
        "resident_name",
        "masked_id_number",
        "eye",
        "surgery_date",
        "hospital",
        "subsidy_amount",
        "status",
    ]
    list_filter = ["status", "eye", "hospital"]
    search_fields = ["resident__name", "=resident__id_number", "hospital__name"]
    autocomplete_fields = ["resident", "hospital"]
    actions = ["approve_selected", "pay_selected"]

    @staticmethod
    def approve(obj: Any, by: Any, override_reason: str) -> Any:
        return actions.cataract_case_approve(case=obj, by=by, override_reason=override_reason)

    @staticmethod
    def reject(obj: Any, by: Any, reason: str) -> Any:
        return actions.cataract_case_reject(case=obj, by=by, reason=reason)

    @staticmethod
    def pay(obj: Any, paid_on: datetime.date, reference: str) -> Any:
        return actions.cataract_case_pay(case=obj, paid_on=paid_on, payment_reference=reference)

    def get_queryset(self, request: HttpRequest) -> QuerySet[CataractCase]:
        return CataractCase.objects.visible_to(request.user).for_listing()

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "hospital":
            kwargs["queryset"] = Partner.objects.filter(
                kind=Partner.Kind.HOSPITAL, cataract_designations__isnull=False
            ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        add = [
            "resident",
            "hospital",
            "eye",
            "surgery_date",
            "diagnosis",
            "indication_confirmed",
            "consent_confirmed",
        ]
        if obj is None:
            return add
        return [
            *add,
            "status",
            "subsidy_amount",
            "decision_text",
            "rejection_reason",
            "filed_at",
            "decided_by",
            "decided_at",
            "paid_on",
            "payment_reference",
            "public_id",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else self.get_fields(request, obj)

    def perform_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return actions.cataract_case_file(
            resident=obj.resident,
            hospital=obj.hospital,
            eye=obj.eye,
            surgery_date=obj.surgery_date,
            indication_confirmed=obj.indication_confirmed,
            consent_confirmed=obj.consent_confirmed,
            diagnosis=obj.diagnosis,
        )

    @admin.action(description=_("Approve the selected cases"), permissions=["change"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[CataractCase]) -> None:
        self.run_action(
            request,
            queryset,
            lambda case: actions.cataract_case_approve(case=case, by=request.user),
            _("%(count)d cases approved."),
        )

    @admin.action(description=_("Mark the selected cases paid today"), permissions=["change"])
    def pay_selected(self, request: HttpRequest, queryset: QuerySet[CataractCase]) -> None:
        self.run_action(
            request,
            queryset,
            lambda case: actions.cataract_case_pay(case=case, paid_on=timezone.localdate()),
            _("%(count)d cases marked paid."),
        )
