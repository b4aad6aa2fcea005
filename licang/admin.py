from typing import Any

from django.apps import apps
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from licang import actions
from licang.admin_exports import ExportAdmin
from licang.admin_writes import ActionAdmin
from licang.models import AccessLog, ApiToken, Partner

admin.site.site_header = _("Licang Community Services Portal")
admin.site.site_title = _("Licang portal administration")
admin.site.index_title = _("Administration")


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    fk_name = "partner"
    extra = 0
    can_delete = False
    fields = ["prefix", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "name", "created_at", "last_used_at", "revoked_at"]
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # tokens are issued from the API token page, which shows the secret once


@admin.register(Partner)
class PartnerAdmin(ActionAdmin):
    """Partners are never deleted (their tokens, claims and requests keep naming them): a
    partner that stops working with the district is made inactive."""

    list_display = ["name", "kind", "is_active", "active_tokens", "created_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "contact_name"]
    readonly_fields = ["public_id", "created_at"]
    inlines = [ApiTokenInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Partner]:
        return Partner.objects.for_listing()

    @admin.display(description=_("active tokens"), ordering="active_tokens")
    def active_tokens(self, obj: Partner) -> int:
        return obj.active_tokens  # type: ignore[attr-defined,no-any-return]

    def save_model(self, request: HttpRequest, obj: Partner, form: Any, change: bool) -> None:
        actions.partner_save(partner=obj)


@admin.register(ApiToken)
class ApiTokenAdmin(ActionAdmin):
    list_display = ["prefix", "holder", "name", "created_at", "last_used_at", "status"]
    list_filter = ["partner__kind", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["prefix", "name", "partner__name", "user__username"]
    list_select_related = ["partner", "user"]
    autocomplete_fields = ["partner", "user"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> Any:
        if obj is None:
            return ["partner", "user", "name"]
        return ["partner", "user", "name", *self.readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        if obj is None:
            return []
        return ["partner", "user", *self.readonly_fields]

    @admin.display(description=_("holder"))
    def holder(self, obj: ApiToken) -> str:
        return str(obj.partner or obj.user)

    @admin.display(description=_("status"), boolean=False)
    def status(self, obj: ApiToken) -> str:
        return str(_("revoked")) if obj.revoked_at else str(_("active"))

    # no delete (ActionAdmin): revoke instead, so the history of who held which token stays

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            actions.token_relabel(token=obj, name=obj.name)
            return
        token, secret = actions.token_issue(
            partner=obj.partner,
            user=obj.user,
            name=obj.name,
            created_by=request.user if request.user.is_authenticated else None,
        )
        obj.pk = token.pk
        messages.warning(
            request,
            _("Copy this token now; it is shown only once: %(token)s") % {"token": secret},
        )

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        self.run_action(
            request,
            queryset,
            lambda token: actions.token_revoke(token=token),
            str(_("%(count)d tokens revoked.")),
        )


@admin.register(AccessLog)
class AccessLogAdmin(ActionAdmin):
    """The access log: district administrators read it; nobody adds, changes or deletes a row,
    superusers included (the database refuses it too: a trigger)."""

    list_display = [
        "at",
        "user",
        "action",
        "list_shown",
        "query",
        "rows",
        "file_format",
        "client_ip",
    ]
    list_filter = ["action", "file_format", "at"]
    search_fields = ["user__username", "list_label", "list_name", "object_id"]
    list_select_related = ["user"]
    readonly_fields = [
        "at",
        "user",
        "action",
        "list_label",
        "list_name",
        "object_id",
        "query",
        "rows",
        "file_format",
        "client_ip",
    ]
    fields = readonly_fields  # type: ignore[assignment]
    date_hierarchy = "at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[AccessLog]:
        return AccessLog.objects.for_listing()

    @admin.display(description=_("list"), ordering="list_label")
    def list_shown(self, obj: AccessLog) -> str:
        """The list's name in the reader's language (as written down if the list is gone)."""
        try:
            return str(apps.get_model(obj.list_label)._meta.verbose_name_plural)
        except (LookupError, ValueError):
            return obj.list_name or obj.list_label

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _exporting(model: type[Any]) -> None:
    """Register a library's list again with the export in front of its own ModelAdmin, so that
    every list of the admin exports (and logs) the same way."""
    if not admin.site.is_registered(model):
        return
    original = type(admin.site.get_model_admin(model))
    if issubclass(original, ExportAdmin):
        return
    admin.site.unregister(model)
    admin.site.register(model, type(original.__name__, (ExportAdmin, original), {}))


# Django's and procrastinate's admin modules are imported before this one (INSTALLED_APPS order).
for _label in ["auth.User", "auth.Group", "procrastinate.ProcrastinateJob"]:
    _exporting(apps.get_model(_label))
