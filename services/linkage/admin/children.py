"""Children in difficulty (each opening of a full record is logged), wishes, pledges, the
append-only access log and volunteer hours."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from licang.registry.access import can_see_full_identity
from services.linkage import actions
from services.linkage.access import access_child_record
from services.linkage.admin.base import ScopedAdmin
from services.linkage.admin.projects import ReadOnlyAdmin
from services.linkage.models import (
    Child,
    ChildAccessLog,
    Pledge,
    VolunteerHours,
    Wish,
    age_band_label,
    age_band_of,
)


@admin.register(Child)
class ChildAdmin(ScopedAdmin):
    """The list shows aliases; opening a child's full record is written to the access log."""

    list_display = ["alias", "age_band", "subdistrict", "commissioner", "card"]
    search_fields = ["alias"]
    list_select_related = ["resident__community__subdistrict", "commissioner__organisation"]
    autocomplete_fields = ["resident", "commissioner"]
    readonly_fields = ["public_id", "created_at"]

    @admin.display(description=_("age band"))
    def age_band(self, obj: Child) -> str:
        return age_band_label(age_band_of(obj.resident.birth_date, timezone.localdate()))

    @admin.display(description=_("subdistrict"))
    def subdistrict(self, obj: Child) -> str:
        return obj.resident.community.subdistrict.name

    @admin.display(description=_("warm-heart card"))
    def card(self, obj: Child) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("linkage:warm-heart-card", args=[obj.public_id]),
            _("Print"),
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        child = self.get_object(request, object_id)
        if child is not None and access_child_record(request.user, child):
            actions.child_record_read(child=child, user=request.user, where=request.path)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Child, form: Any, change: bool) -> None:
        actions.child_save(child=obj)


@admin.register(ChildAccessLog)
class ChildAccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "child", "where"]
    list_filter = ["at"]
    search_fields = ["child__alias", "user__username"]
    list_select_related = ["child", "user"]


class PledgeInline(admin.TabularInline):
    model = Pledge
    fields = ["name", "offer", "status", "created_at"]
    readonly_fields = ["name", "offer", "status", "created_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Wish)
class WishAdmin(ScopedAdmin):
    list_display = ["wish", "child", "status", "adopter", "fulfilled_on"]
    list_filter = ["status"]
    search_fields = ["wish_zh_hans", "child__alias"]
    list_select_related = [
        "child__resident__community__subdistrict",
        "adopted_by_volunteer",
        "adopted_by_organisation",
    ]
    autocomplete_fields = ["child", "visit"]
    readonly_fields = ["status", "adopter", "adopted_at", "fulfilled_on"]
    fields = [
        "child",
        "visit",
        "wish_zh_hans",
        "wish_en",
        "status",
        "adopter",
        "adopted_at",
        "fulfilled_on",
        "fulfilment_note",
        "photo",
    ]
    inlines = [PledgeInline]
    actions = ["fulfil_today"]

    @admin.display(description=_("adopted by"))
    def adopter(self, obj: Wish) -> str:
        return obj.adopter

    def save_model(self, request: HttpRequest, obj: Wish, form: Any, change: bool) -> None:
        if change:
            actions.wish_save(wish=obj)
            return
        saved = actions.wish_collect(
            child=obj.child, visit=obj.visit, wish=obj.wish_zh_hans or "", wish_en=obj.wish_en or ""
        )
        obj.pk = saved.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Pledges are decided in their own admin."""

    @admin.action(description=_("Fulfilled today"), permissions=["change"])
    def fulfil_today(self, request: HttpRequest, queryset: QuerySet[Wish]) -> None:
        self.run_action(
            request,
            queryset,
            lambda wish: actions.wish_fulfil(
                wish=wish, on=timezone.localdate(), note=wish.fulfilment_note
            ),
            str(_("%(count)d wishes fulfilled.")),
        )


@admin.register(Pledge)
class PledgeAdmin(ScopedAdmin):
    list_display = ["created_at", "wish", "name", "masked_phone", "offer", "status"]
    list_filter = ["status"]
    search_fields = ["name", "wish__child__alias"]
    list_select_related = ["wish__child", "decided_by"]
    readonly_fields = ["wish", "name", "phone", "masked_phone", "offer", "status", "decided_by",
                       "decided_at"]  # fmt: skip
    actions = ["accept", "decline"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # pledges come from the wish wall

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # the full phone only for staff allowed to see identities (the registry's permission)
        phone = "phone" if can_see_full_identity(request.user) else "masked_phone"
        return ["wish", "name", phone, "offer", "status", "decided_by", "decided_at",
                "decline_reason"]  # fmt: skip

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj: Pledge) -> str:
        return obj.masked_phone

    def save_model(self, request: HttpRequest, obj: Pledge, form: Any, change: bool) -> None:
        if obj.decline_reason:
            actions.pledge_decline(pledge=obj, by=request.user, reason=obj.decline_reason)

    @admin.action(description=_("Accept: the pledger adopts the wish"), permissions=["change"])
    def accept(self, request: HttpRequest, queryset: QuerySet[Pledge]) -> None:
        self.run_action(
            request,
            queryset,
            lambda pledge: actions.pledge_accept(pledge=pledge, by=request.user),
            str(_("%(count)d pledges accepted.")),
        )

    @admin.action(description=_("Decline"), permissions=["change"])
    def decline(self, request: HttpRequest, queryset: QuerySet[Pledge]) -> None:
        self.run_action(
            request,
            queryset,
            lambda pledge: actions.pledge_decline(
                pledge=pledge,
                by=request.user,
                reason=pledge.decline_reason or str(_("Declined by staff.")),
            ),
            str(_("%(count)d pledges declined.")),
        )


@admin.register(VolunteerHours)
class VolunteerHoursAdmin(ScopedAdmin):
    list_display = ["date", "volunteer", "hours", "activity", "organisation", "status"]
    list_filter = ["status", "date"]
    search_fields = ["volunteer__name", "activity"]
    list_select_related = ["volunteer", "organisation", "decided_by"]
    autocomplete_fields = ["volunteer", "organisation"]
    readonly_fields = ["status", "decided_by", "decided_at", "logged_at"]
    actions = ["confirm", "refuse"]

    def save_model(
        self, request: HttpRequest, obj: VolunteerHours, form: Any, change: bool
    ) -> None:
        if change:
            if obj.refusal_reason and obj.status == VolunteerHours.Status.LOGGED:
                actions.hours_refuse(record=obj, by=request.user, reason=obj.refusal_reason)
            return
        saved = actions.hours_log(
            volunteer=obj.volunteer,
            date=obj.date,
            hours=obj.hours,
            activity=obj.activity,
            organisation=obj.organisation,
        )
        obj.pk = saved.pk

    @admin.action(description=_("Confirm"), permissions=["change"])
    def confirm(self, request: HttpRequest, queryset: QuerySet[VolunteerHours]) -> None:
        self.run_action(
            request,
            queryset,
            lambda record: actions.hours_confirm(record=record, by=request.user),
            str(_("%(count)d records confirmed.")),
        )

    @admin.action(description=_("Refuse"), permissions=["change"])
    def refuse(self, request: HttpRequest, queryset: QuerySet[VolunteerHours]) -> None:
        self.run_action(
            request,
            queryset,
            lambda record: actions.hours_refuse(
                record=record,
                by=request.user,
                reason=record.refusal_reason or str(_("Not confirmed by the organiser.")),
            ),
            str(_("%(count)d records refused.")),
        )
