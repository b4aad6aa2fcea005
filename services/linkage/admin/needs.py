"""Visits and the needs list: each open need shows its ranked matching suggestions, each with
the line that explains its rank; matching and moves go through the actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from licang.admin_writes import refusal_text
from licang.errors import ConflictError
from services.linkage import actions, selectors
from services.linkage.admin.base import ScopedAdmin
from services.linkage.models import (
    CharityResource,
    Need,
    NeedStep,
    Project,
    SocialOrganisation,
    Visit,
    Volunteer,
)


class NeedInline(admin.TabularInline):
    model = Need
    fields = ["category", "urgency", "description", "status"]
    readonly_fields = ["status"]
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Visit)
class VisitAdmin(ScopedAdmin):
    list_display = ["visited_on", "household", "community", "companionship_hours", "need_count"]
    list_filter = ["visited_on", "community__subdistrict"]
    search_fields = ["household__number", "household__address"]
    list_select_related = ["household", "community__subdistrict"]
    autocomplete_fields = ["household", "volunteers", "social_workers"]
    readonly_fields = ["community", "recorded_by", "created_at"]
    date_hierarchy = "visited_on"
    inlines = [NeedInline]

    @admin.display(description=_("needs"), ordering="need_count")
    def need_count(self, obj: Any) -> int:
        return int(obj.need_count)

    def save_model(self, request: HttpRequest, obj: Visit, form: Any, change: bool) -> None:
        if change:
            actions.visit_save(visit=obj)
            obj.volunteers.set(form.cleaned_data["volunteers"])
            obj.social_workers.set(form.cleaned_data["social_workers"])
            return
        recorded = actions.visit_record(
            household=obj.household,
            visited_on=obj.visited_on,
            by=request.user,
            volunteers=form.cleaned_data["volunteers"],
            social_workers=form.cleaned_data["social_workers"],
            situation=obj.situation,
            companionship_hours=obj.companionship_hours,
        )
        obj.pk, obj.community_id = recorded.pk, recorded.community_id

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # the people who went were set in save_model; the needs go through need_add / need_save
        for formset in formsets:
            for need in formset.save(commit=False):
                if need.pk:
                    actions.need_save(need=need)
                else:
                    actions.need_add(
                        visit=form.instance,
                        category=need.category,
                        urgency=need.urgency,
                        description=need.description,
                        by=request.user,
                    )


class MatchForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("project"), queryset=Project.objects.none(), required=False
    )
    resource = forms.ModelChoiceField(
        label=_("charity resource"), queryset=CharityResource.objects.none(), required=False
    )
    quantity = forms.DecimalField(
        label=_("quantity used"),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("How much of the resource the need uses; it is drawn down at once."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.visible_to(user).order_by("name")  # type: ignore[attr-defined]
        self.fields["resource"].queryset = (  # type: ignore[attr-defined]
            CharityResource.objects.visible_to(user).available().order_by("name")
        )


CANDIDATES: dict[str, Any] = {"volunteer": Volunteer, "organisation": SocialOrganisation}


class NeedStepInline(admin.TabularInline):
    model = NeedStep
    fields = ["at", "status", "note", "by", "by_partner"]
    readonly_fields = ["at", "status", "note", "by", "by_partner"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Need)
class NeedAdmin(ScopedAdmin):
    list_display = [
        "description",
        "category",
        "urgency",
        "status",
        "community",
        "matched_to",
        "found_on",
        "updated_at",
    ]
    list_filter = ["status", "category", "urgency", "community__subdistrict"]
    search_fields = ["description", "visit__household__number"]
    list_select_related = [
        "community__subdistrict",
        "visit__household",
        "volunteer",
        "organisation",
        "project",
        "resource",
    ]
    autocomplete_fields = ["visit"]
    readonly_fields = ["status", "community", "matched_to", "suggestions", "close_reason"]
    inlines = [NeedStepInline]
    actions = ["match_best", "mark_in_progress", "mark_met"]

    @admin.display(description=_("matched to"))
    def matched_to(self, obj: Need) -> str:
        return str(obj.matched_to or "")

    # the day of the visit that found the need: the staff home links the open needs oldest first
    @admin.display(description=_("found on"), ordering="visit__visited_on")
    def found_on(self, obj: Need) -> str:
        return obj.visit.visited_on.isoformat()

    @admin.display(description=_("suggested matches"))
    def suggestions(self, obj: Need) -> str:
        if obj.pk is None or obj.status != Need.Status.OPEN:
            return "—"
        found = selectors.match_suggestions(obj)
        if not found:
            return str(_("No volunteer or organisation with this skill serves this community."))
        return format_html(
            '<ol>{}</ol><p><a class="button" href="{}">{}</a></p>',
            format_html_join(
                "",
                "<li><strong>{}</strong> — {}</li>",
                ((s.candidate, s.explanation) for s in found),
            ),
            reverse("admin:linkage_need_match", args=[obj.pk]),
            _("Match…"),
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<path:object_id>/match/",
                self.admin_site.admin_view(self.match_view),
                name="linkage_need_match",
            ),
            *super().get_urls(),
        ]

    def match_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Match an open need: to one of its ranked suggestions, a project or a resource."""
        need = self.get_object(request, unquote(object_id))
        if need is None:
            raise Http404
        if not self.has_change_permission(request, need):
            raise PermissionDenied
        form = MatchForm(request.POST or None, user=request.user)
        if request.method == "POST":
            try:
                self._match_from(request, need, form)
            except (ValidationError, ConflictError) as refusal:
                messages.error(request, refusal_text(refusal))
            else:
                messages.success(request, _("The need is matched."))
                return HttpResponseRedirect(reverse("admin:linkage_need_change", args=[need.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Match a need"),
            "need": need,
            "suggestions": selectors.match_suggestions(need)
            if need.status == Need.Status.OPEN
            else [],
            "form": form,
        }
        return render(request, "admin/linkage/need/match.html", context)

    def _match_from(self, request: HttpRequest, need: Need, form: MatchForm) -> Need:
        kind, _sep, pk = request.POST.get("candidate", "").partition(":")
        if kind in CANDIDATES:
            candidate = CANDIDATES[kind].objects.visible_to(request.user).filter(pk=pk).first()
            if candidate is None:
                raise ValidationError(_("This candidate is no longer available."))
            return actions.need_match(need=need, by=request.user, **{kind: candidate})
        if not form.is_valid():
            raise ValidationError(_("Choose a project or a resource."))
        data = form.cleaned_data
        return actions.need_match(
            need=need,
            by=request.user,
            project=data["project"],
            resource=data["resource"],
            quantity=data["quantity"],
        )

    def save_model(self, request: HttpRequest, obj: Need, form: Any, change: bool) -> None:
        if change:
            actions.need_save(need=obj)
            return
        added = actions.need_add(
            visit=obj.visit,
            category=obj.category,
            urgency=obj.urgency,
            description=obj.description,
            by=request.user,
        )
        obj.pk = added.pk

    def _match_best(self, need: Need, user: Any) -> Need:
        found = selectors.match_suggestions(need, limit=1)
        if not found:
            raise ConflictError(_("No suggestion fits this need."))
        best = found[0]
        return actions.need_match(
            need=need, by=user, note=best.explanation, **{best.kind: best.candidate}
        )

    @admin.action(description=_("Match to the best suggestion"), permissions=["change"])
    def match_best(self, request: HttpRequest, queryset: QuerySet[Need]) -> None:
        self.run_action(
            request,
            queryset,
            lambda need: self._match_best(need, request.user),
            str(_("%(count)d needs matched.")),
        )

    @admin.action(description=_("Mark in progress"), permissions=["change"])
    def mark_in_progress(self, request: HttpRequest, queryset: QuerySet[Need]) -> None:
        self.run_action(
            request,
            queryset,
            lambda need: actions.need_progress(need=need, status="in_progress", by=request.user),
            str(_("%(count)d needs in progress.")),
        )

    @admin.action(description=_("Mark met"), permissions=["change"])
    def mark_met(self, request: HttpRequest, queryset: QuerySet[Need]) -> None:
        self.run_action(
            request,
            queryset,
            lambda need: actions.need_progress(need=need, status="met", by=request.user),
            str(_("%(count)d needs met.")),
        )
