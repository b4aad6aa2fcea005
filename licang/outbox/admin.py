"""The outbox in the admin: the messages (read-only, with "retry now"), the quiet hours of each
year and the residents' opt-outs."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from licang.admin_writes import ActionAdmin
from licang.outbox import actions
from licang.outbox.models import Message, OptOut, QuietHours
from licang.registry.access import can_see_full_identity
from licang.registry.models import Resident

MESSAGE_FIELDS = [
    "created_at",
    "event",
    "resident",
    "name",
    "channel",
    "address",
    "body",
    "about_app_label",
    "about_model",
    "about_pk",
    "state",
    "skip_reason",
    "attempts",
    "next_attempt_at",
    "sent_at",
    "last_error",
    "dedup_key",
]


@admin.register(Message)
class MessageAdmin(ActionAdmin):
    """Messages are written by the programs' actions and sent by the queue: staff read them and
    send a failed one again, nothing more."""

    list_display = [
        "created_at",
        "event",
        "recipient",
        "channel",
        "masked_address",
        "state",
        "attempts",
        "sent_at",
    ]
    list_filter = ["state", "event", "channel"]
    search_fields = ["name", "resident__name", "about_pk", "dedup_key"]
    list_select_related = ["resident"]
    readonly_fields = MESSAGE_FIELDS
    actions = ["retry_now"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Message]:
        return Message.objects.visible_to(request.user).for_listing()

    def get_fields(self, request: HttpRequest, obj: Message | None = None) -> Any:
        if can_see_full_identity(request.user):
            return MESSAGE_FIELDS
        return [("masked_address" if f == "address" else f) for f in MESSAGE_FIELDS]

    def get_readonly_fields(self, request: HttpRequest, obj: Message | None = None) -> list[str]:
        return [*MESSAGE_FIELDS, "masked_address"]

    @admin.display(description=_("recipient"))
    def recipient(self, obj: Message) -> str:
        return obj.recipient_name

    @admin.display(description=_("mobile or e-mail"))
    def masked_address(self, obj: Message) -> str:
        return obj.masked_address

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # messages come from the programs' actions

    def save_model(self, request: HttpRequest, obj: Message, form: Any, change: bool) -> None:
        pass  # every field is read-only: nothing to save

    @admin.action(description=_("Retry the selected messages now"), permissions=["change"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        self.run_action(
            request,
            queryset,
            lambda message: actions.message_retry(message=message),
            _("%(count)d messages queued to be sent again."),
        )


@admin.register(QuietHours)
class QuietHoursAdmin(ActionAdmin):
    list_display = ["year", "starts", "ends", "updated_at"]
    list_filter = ["starts"]
    search_fields = ["year"]
    readonly_fields = ["updated_at"]

    def save_model(self, request: HttpRequest, obj: QuietHours, form: Any, change: bool) -> None:
        actions.quiet_hours_save(rule=obj)


@admin.register(OptOut)
class OptOutAdmin(ActionAdmin):
    list_display = ["resident", "channel", "note", "recorded_by", "recorded_at"]
    list_filter = ["channel"]
    search_fields = ["resident__name", "resident__name_pinyin", "note"]
    list_select_related = ["resident__community", "recorded_by"]
    autocomplete_fields = ["resident"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[OptOut]:
        return OptOut.objects.visible_to(request.user).for_listing()

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "resident":  # only a resident within the staff member's scope
            kwargs["queryset"] = Resident.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: OptOut, form: Any, change: bool) -> None:
        actions.opt_out_save(opt_out=obj, by=request.user)

    def delete_record(self, request: HttpRequest, obj: OptOut) -> None:
        actions.opt_out_delete(opt_out=obj)
