"""The registry in the admin: subdistricts, communities, households, residents and staff roles."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from licang import admin_exports
from licang.admin_writes import ActionAdmin
from licang.idnumber import age_on
from licang.registry import access, actions, overview
from licang.registry.models import Community, Household, Resident, StaffProfile, Subdistrict

# The plumbing's exports and change pages reveal personal numbers by the registry's rule.
admin_exports.register_full_identity_rule(access.can_see_full_identity)


class ScopedAdminMixin:
    """Restrict a ModelAdmin's foreign-key choices to the staff member's scope."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "community":
            kwargs["queryset"] = Community.objects.visible_to(request.user).select_related(
                "subdistrict"
            )
        if db_field.name == "household":
            kwargs["queryset"] = Household.objects.visible_to(request.user).select_related(
                "community"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


@admin.register(Subdistrict)
class SubdistrictAdmin(TranslationAdmin, ActionAdmin):  # type: ignore[misc]
    """The name is edited in Chinese and English side by side (``translation.py``)."""

    list_display = ["name", "code", "area", "community_count"]
    list_filter = ["area"]
    search_fields = ["name_zh_hans", "name_en", "code"]
    readonly_fields = ["code"]
    ordering = ["sort_order"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Subdistrict]:
        return Subdistrict.objects.for_listing()

    @admin.display(description=_("number of communities"), ordering="community_count")
    def community_count(self, obj: Subdistrict) -> int:
        return obj.community_count  # type: ignore[attr-defined,no-any-return]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the eleven subdistricts come from a data migration

    def save_model(self, request: HttpRequest, obj: Subdistrict, form: Any, change: bool) -> None:
        actions.subdistrict_save(subdistrict=obj)


@admin.register(Community)
class CommunityAdmin(TranslationAdmin, ActionAdmin):  # type: ignore[misc]
    """The name is edited in Chinese and English side by side (``translation.py``)."""

    list_display = ["name", "subdistrict", "resident_count"]
    list_filter = ["subdistrict"]
    search_fields = ["name_zh_hans", "name_en", "subdistrict__name_zh_hans"]
    list_select_related = ["subdistrict"]
    autocomplete_fields = ["subdistrict"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Community]:
        return Community.objects.visible_to(request.user).for_listing()

    @admin.display(description=_("number of residents"), ordering="resident_count")
    def resident_count(self, obj: Community) -> int:
        return obj.resident_count  # type: ignore[attr-defined,no-any-return]

    def save_model(self, request: HttpRequest, obj: Community, form: Any, change: bool) -> None:
        actions.community_save(community=obj)


@admin.register(Household)
class HouseholdAdmin(ScopedAdminMixin, ActionAdmin):
    list_display = ["number", "address", "community", "member_count"]
    list_filter = ["community__subdistrict"]
    search_fields = ["number", "address"]
    readonly_fields = ["public_id", "created_at"]
    autocomplete_fields = ["community"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Household]:
        return Household.objects.visible_to(request.user).for_listing()

    @admin.display(description=_("number of members"), ordering="member_count")
    def member_count(self, obj: Household) -> int:
        return obj.member_count  # type: ignore[attr-defined,no-any-return]

    def save_model(self, request: HttpRequest, obj: Household, form: Any, change: bool) -> None:
        actions.household_save(household=obj)


class CommunityFilter(admin.SimpleListFilter):
    """The communities of the staff member's scope (of the chosen subdistrict, when one is):
    one query on communities, not a scan of the residents for the communities they live in."""

    title = _("community")
    parameter_name = "community"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[Any, str]]:
        communities = Community.objects.visible_to(request.user).order_by(
            "subdistrict__sort_order", "name"
        )
        subdistrict = request.GET.get("community__subdistrict__id__exact", "")
        if subdistrict.isdigit():
            communities = communities.filter(subdistrict_id=subdistrict)
        return [(c.pk, c.name) for c in communities]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(community_id=value)
        return queryset


@admin.register(Resident)
class ResidentAdmin(ScopedAdminMixin, ActionAdmin):
    """Residents of the staff member's scope, found by characters, pinyin, initials or the last
    digits of the ID number or phone (``Resident.objects.search``); each opens on the one-stop
    overview of what every program knows of them (``overview_view``)."""

    list_display = [
        "name",
        "masked_id_number",
        "sex",
        "age",
        "masked_phone",
        "community",
        "registered_in_licang",
        "special_family_planning",
        "child_in_difficulty",
        "limited_mobility",
        "overview_link",
    ]
    list_filter = [
        "community__subdistrict",
        CommunityFilter,
        "sex",
        "registered_in_licang",
        "special_family_planning",
        "child_in_difficulty",
        "limited_mobility",
    ]
    # the search box: get_search_results answers it through Resident.objects.search
    search_fields = ["name"]
    search_help_text = _(
        "Name in characters, full pinyin or initials (张三, zhangsan, zs), or the last 4 digits "
        "or more of the ID number or mobile phone."
    )
    readonly_fields = ["public_id", "birth_date", "sex", "created_at", "updated_at"]
    autocomplete_fields = ["community", "household"]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Resident]:
        return Resident.objects.visible_to(request.user).for_listing()

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Resident], search_term: str
    ) -> tuple[QuerySet[Resident], bool]:
        """Each word by the index that serves its kind (``licang.registry.search``), in place of
        the stock ``ILIKE`` on every search field; no join, so no duplicates."""
        return queryset.search(search_term), False  # type: ignore[attr-defined]

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<path:object_id>/overview/",
                self.admin_site.admin_view(self.overview_view),
                name="registry_resident_overview",
            ),
            *super().get_urls(),
        ]

    def overview_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Everything the programs know of one resident (``licang.registry.overview``): a
        resident outside the staff member's scope is 404, whether they exist or not."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        resident = overview.visible_resident(request.user, unquote(object_id))
        if resident is None:
            raise Http404
        page = overview.resident_page(resident, request.user, today=timezone.localdate())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("%(name)s: the one-stop overview") % {"name": resident.name},
            "page": page,
            "change_url": reverse("admin:registry_resident_change", args=[resident.pk]),
        }
        return TemplateResponse(request, "admin/registry/resident/overview.html", context)

    @admin.display(description=_("overview"))
    def overview_link(self, obj: Resident) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:registry_resident_overview", args=[obj.pk]),
            _("All programs"),
        )

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj: Resident) -> str:
        return obj.masked_id_number

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj: Resident) -> str:
        return obj.masked_phone

    @admin.display(description=_("age"), ordering="-birth_date")
    def age(self, obj: Resident) -> int:
        return age_on(obj.birth_date, timezone.localdate())

    def get_fields(self, request: HttpRequest, obj: Resident | None = None) -> Any:
        identity = ["id_number", "phone"]
        if obj is not None and not access.can_see_full_identity(request.user):
            identity = ["masked_id_number", "masked_phone"]
        return [
            "name",
            *identity,
            "birth_date",
            "sex",
            "community",
            "household",
            "registered_in_licang",
            "special_family_planning",
            "child_in_difficulty",
            "limited_mobility",
            "public_id",
            "created_at",
            "updated_at",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Resident | None = None) -> list[str]:
        readonly = list(self.readonly_fields)
        if obj is not None and not access.can_see_full_identity(request.user):
            readonly += ["masked_id_number", "masked_phone"]
        return readonly

    def save_model(self, request: HttpRequest, obj: Resident, form: Any, change: bool) -> None:
        actions.resident_save(resident=obj)


@admin.register(StaffProfile)
class StaffProfileAdmin(ActionAdmin):
    list_display = ["user", "role", "subdistrict", "center"]
    list_filter = ["role", "subdistrict"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "subdistrict", "center"]
    autocomplete_fields = ["user", "subdistrict", "center"]

    def save_model(self, request: HttpRequest, obj: StaffProfile, form: Any, change: bool) -> None:
        saved = actions.staff_member_assign(
            user=obj.user, role=obj.role, subdistrict=obj.subdistrict, center=obj.center
        )
        obj.pk = saved.pk

    def delete_record(self, request: HttpRequest, obj: StaffProfile) -> None:
        actions.staff_member_unassign(profile=obj)
