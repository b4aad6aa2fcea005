"""Claims and cataract cases in the admin: one review page, one set of bulk actions, both calling
the one decision lifecycle (``health.actions.decisions``) and offering only the moves it allows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from health import actions
from health.access import can_override_budget
from health.actions.decisions import APPROVE, PAY, REJECT
from health.admin.writes import REFUSALS, ActionAdmin, ResidentColumnsMixin, add_refusal, error_text
from health.eligibility import sentences
from health.models import ClaimType

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


class ReviewForm(forms.Form):
    """A staff decision on a claim or a cataract case: only the moves allowed now are offered."""

    APPROVE, REJECT, PAY = APPROVE, REJECT, PAY
    MOVE_LABELS = {APPROVE: _("Approve"), REJECT: _("Reject"), PAY: _("Mark paid")}
    decision = forms.ChoiceField(label=_("decision"), widget=forms.RadioSelect)
    rejection_reason = forms.CharField(label=_("rejection reason"), required=False, max_length=500)
    paid_on = forms.DateField(label=_("paid on"), required=False)
    payment_reference = forms.CharField(label=_("payment reference"), required=False, max_length=64)
    override_reason = forms.CharField(
        label=_("override the budget, because"),
        required=False,
        max_length=500,
        help_text=_("District administrators only: approve even beyond the year's budget."),
    )

    def __init__(
        self, *args: Any, moves: list[str], can_override: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["decision"]
        field.choices = [(move, self.MOVE_LABELS[move]) for move in moves]
        if not can_override:
            del self.fields["override_reason"]


def decide(record: Any, move: str, data: dict[str, Any], by: Any) -> Any:
    """Apply one review decision through the lifecycle."""
    if move == APPROVE:
        return actions.decision_approve(
            record=record, by=by, override_reason=data.get("override_reason") or ""
        )
    if move == REJECT:
        return actions.decision_reject(record=record, by=by, reason=data["rejection_reason"])
    return actions.decision_pay(
        record=record,
        paid_on=data["paid_on"] or timezone.localdate(),
        payment_reference=data["payment_reference"],
    )


def approve_action(description: Any, done: Any) -> Any:
    """The bulk "approve" of a review changelist, through ``decision_approve``."""

    @admin.action(description=description, permissions=["change"])
    def approve_selected(
        model_admin: ActionAdmin, request: HttpRequest, queryset: QuerySet[Any]
    ) -> None:
        model_admin.run_action(
            request,
            queryset,
            lambda record: actions.decision_approve(record=record, by=request.user),
            done,
        )

    return approve_selected


def pay_action(description: Any, done: Any) -> Any:
    """The bulk "mark paid today" of a review changelist, through ``decision_pay``."""

    @admin.action(description=description, permissions=["change"])
    def pay_selected(
        model_admin: ActionAdmin, request: HttpRequest, queryset: QuerySet[Any]
    ) -> None:
        model_admin.run_action(
            request,
            queryset,
            lambda record: actions.decision_pay(record=record, paid_on=timezone.localdate()),
            done,
        )

    return pay_selected


class ReviewAdmin(ResidentColumnsMixin, ActionAdmin):
    """Claims and cases: created through their action, then reviewed on a review page."""

    change_form_template = "admin/health/review_change_form.html"
    read_only_after_creation = True

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

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else [str(f) for f in self.get_fields(request, obj)]

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        original = context.get("original")
        # the Review button shows when the lifecycle allows a move, as the review page does
        context["review_moves"] = actions.decision_moves(original) if original else []
        return super().render_change_form(request, context, *args, **kwargs)

    def review_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        can_override = can_override_budget(request.user)
        form = ReviewForm(
            request.POST or None, moves=actions.decision_moves(obj), can_override=can_override
        )
        if request.method == "POST" and form.is_valid():
            try:
                decide(obj, form.cleaned_data["decision"], form.cleaned_data, request.user)
            except REFUSALS as exc:
                add_refusal(form, exc)
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
