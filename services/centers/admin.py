"""The centers in the admin: centers, facilities and their hours, the working-day calendar and
volunteers.

Every write goes through ``services.centers.actions``, inline rows and the communities served
included. Centers are closed and volunteers ended, never deleted; facilities, opening hours,
exceptions and calendar days entered by mistake are deleted through their actions.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from licang.admin_writes import ActionAdmin
from licang.masking import mask_phone
from services.centers import actions
from services.centers.hours import Weekday
from services.centers.models import (
    CalendarDay,
    Center,
    Facility,
    OpeningException,
    OpeningHours,
    Volunteer,
)


class ActionFormsetMixin:
    """Saves inline rows through the actions instead of ``formset.save()``."""

    inline_savers: dict[type, Any] = {}

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        records = formset.save(commit=False)
        for record in formset.deleted_objects:
            actions.center_record_delete(record=record)
        for record in records:
            save = self.inline_savers[type(record)]
            save(record)


class CenterHoursInline(admin.TabularInline):
    model = OpeningHours
    fk_name = "center"
    fields = ["weekday", "opens", "closes"]
    extra = 0


class FacilityInline(TranslationTabularInline):  # type: ignore[type-arg]
    model = Facility
    fields = ["kind", "name", "phone", "open_all_day", "sort_order"]
    extra = 0
    show_change_link = True


class OpeningExceptionInline(TranslationTabularInline):  # type: ignore[type-arg]
    model = OpeningException
    fields = ["date", "closed", "opens", "closes", "note"]
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[OpeningException]:
        return super().get_queryset(request).filter(date__gte=timezone.localdate())


@admin.register(Center)
class CenterAdmin(ActionFormsetMixin, TranslationAdmin, ActionAdmin):  # type: ignore[misc]
    """Name, description, address and status note are edited in Chinese and English side by
    side (``translation.py``), the facilities' names and the exceptions' notes too."""

    list_display = ["name", "brand", "area", "subdistrict", "status", "phone", "address"]
    list_filter = ["status", "subdistrict__area", "subdistrict"]
    search_fields = ["name_zh_hans", "name_en", "address_zh_hans", "address_en"]
    list_select_related = ["subdistrict"]
    autocomplete_fields = ["subdistrict"]
    filter_horizontal = ["communities"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CenterHoursInline, FacilityInline, OpeningExceptionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "brand", "subdistrict", "communities"]}),
        (
            _("Place and building"),
            {
                "fields": [
                    "address",
                    "postcode",
                    "latitude",
                    "longitude",
                    "floor_area",
                    "investment",
                    "opened_on",
                    "phone",
                    "description",
                ]
            },
        ),
        (_("Status"), {"fields": ["status", "status_note"]}),
    ]
    inline_savers = {
        OpeningHours: lambda r: actions.opening_hours_save(hours=r),
        Facility: lambda r: actions.facility_save(facility=r),
        OpeningException: lambda r: actions.opening_exception_save(exception=r),
    }
    actions = ["close_selected"]

    @admin.display(description=_("area"), ordering="subdistrict__area")
    def area(self, obj: Center) -> str:
        return obj.get_area_display()

    def save_model(self, request: HttpRequest, obj: Center, form: Any, change: bool) -> None:
        actions.center_save(center=obj, communities=form.cleaned_data["communities"])

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # the communities were set by the action in save_model; only the inline rows are left
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    @admin.action(description=_("Close the selected centers for good"), permissions=["change"])
    def close_selected(self, request: HttpRequest, queryset: QuerySet[Center]) -> None:
        self.run_action(
            request,
            queryset,
            lambda center: actions.center_close(center=center),
            str(_("%(count)d centers closed.")),
        )


class FacilityHoursInline(admin.TabularInline):
    model = OpeningHours
    fk_name = "facility"
    fields = ["weekday", "opens", "closes"]
    extra = 0


@admin.register(Facility)
class FacilityAdmin(ActionFormsetMixin, TranslationAdmin, ActionAdmin):  # type: ignore[misc]
    list_display = ["display_name", "kind", "center", "phone", "open_all_day"]
    list_filter = ["kind", "center"]
    search_fields = ["name_zh_hans", "name_en", "center__name_zh_hans"]
    list_select_related = ["center"]
    autocomplete_fields = ["center"]
    inlines = [FacilityHoursInline]
    inline_savers = {OpeningHours: lambda r: actions.opening_hours_save(hours=r)}

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, obj: Facility) -> str:
        return obj.display_name

    def save_model(self, request: HttpRequest, obj: Facility, form: Any, change: bool) -> None:
        actions.facility_save(facility=obj)

    def delete_record(self, request: HttpRequest, obj: Facility) -> None:
        actions.center_record_delete(record=obj)


@admin.register(CalendarDay)
class CalendarDayAdmin(ActionAdmin):
    list_display = ["date", "weekday", "kind", "name"]
    list_filter = ["kind", ("date", admin.DateFieldListFilter)]
    search_fields = ["name"]
    date_hierarchy = "date"
    ordering = ["-date"]

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarDay) -> str:
        return str(Weekday(obj.date.weekday()).label)

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        actions.calendar_day_save(day=obj)

    def delete_record(self, request: HttpRequest, obj: CalendarDay) -> None:
        actions.calendar_day_delete(day=obj)


@admin.register(Volunteer)
class VolunteerAdmin(ActionAdmin):
    list_display = ["name", "masked_phone", "center", "skills", "is_active"]
    list_filter = ["is_active", "center"]
    search_fields = ["name", "=phone", "skills"]
    list_select_related = ["center"]
    actions = ["end_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Volunteer]:
        return Volunteer.objects.visible_to(request.user).select_related("center")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "center":
            kwargs["queryset"] = Center.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj: Volunteer) -> str:
        return mask_phone(obj.phone)

    def save_model(self, request: HttpRequest, obj: Volunteer, form: Any, change: bool) -> None:
        actions.volunteer_save(volunteer=obj)

    @admin.action(description=_("End the selected volunteers"), permissions=["change"])
    def end_selected(self, request: HttpRequest, queryset: QuerySet[Volunteer]) -> None:
        self.run_action(
            request,
            queryset,
            lambda volunteer: actions.volunteer_end(volunteer=volunteer),
            str(_("%(count)d volunteers ended.")),
        )
