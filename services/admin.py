from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ExportMixin

from licang.errors import ConflictError
from licang.idnumber import age_on
from licang.masking import mask_phone
from services import access, actions, selectors, workdays
from services.forms import QuestionFieldsMixin
from services.models import (
    CalendarDay,
    Center,
    Community,
    Facility,
    Household,
    OpeningException,
    OpeningHours,
    RequestStep,
    Resident,
    ServiceCategory,
    ServiceItem,
    ServiceQuestion,
    ServiceRequest,
    StaffProfile,
    Subdistrict,
    Volunteer,
    Weekday,
)


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
class SubdistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "area", "community_count"]
    list_filter = ["area"]
    search_fields = ["name", "code"]
    readonly_fields = ["code"]
    ordering = ["sort_order"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Subdistrict]:
        return Subdistrict.objects.for_listing()

    @admin.display(description=_("number of communities"), ordering="community_count")
    def community_count(self, obj: Subdistrict) -> int:
        return obj.community_count  # type: ignore[attr-defined,no-any-return]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the eleven subdistricts come from a data migration

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "subdistrict", "resident_count"]
    list_filter = ["subdistrict"]
    search_fields = ["name", "subdistrict__name"]
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
class HouseholdAdmin(ScopedAdminMixin, admin.ModelAdmin):
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


class ResidentExportResource(resources.ModelResource):
    """Exports are lists: ID numbers and phones leave the portal masked."""

    id_number = fields.Field(attribute="masked_id_number", column_name=_("ID number"))
    phone = fields.Field(attribute="masked_phone", column_name=_("mobile phone"))
    community = fields.Field(attribute="community__name", column_name=_("community"))
    subdistrict = fields.Field(
        attribute="community__subdistrict__name", column_name=_("subdistrict")
    )

    class Meta:
        model = Resident
        fields = [
            "name",
            "id_number",
            "sex",
            "birth_date",
            "phone",
            "subdistrict",
            "community",
            "registered_in_licang",
            "special_family_planning",
            "child_in_difficulty",
            "limited_mobility",
        ]
        export_order = fields

    def get_queryset(self) -> QuerySet[Resident]:
        return Resident.objects.for_listing()


@admin.register(Resident)
class ResidentAdmin(ScopedAdminMixin, ExportMixin, admin.ModelAdmin):
    resource_classes = [ResidentExportResource]
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
    ]
    list_filter = [
        "community__subdistrict",
        "sex",
        "registered_in_licang",
        "special_family_planning",
        "child_in_difficulty",
        "limited_mobility",
    ]
    search_fields = ["name", "=id_number", "=phone"]
    readonly_fields = ["public_id", "birth_date", "sex", "created_at", "updated_at"]
    autocomplete_fields = ["community", "household"]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Resident]:
        return Resident.objects.visible_to(request.user).for_listing()

    def get_export_queryset(self, request: HttpRequest) -> QuerySet[Resident]:
        return self.get_queryset(request)

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj: Resident) -> str:
        return obj.masked_id_number

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj: Resident) -> str:
        return obj.masked_phone

    @admin.display(description=_("age"), ordering="-birth_date")
    def age(self, obj: Resident) -> int:
        from django.utils import timezone

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
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "subdistrict", "center"]
    list_filter = ["role", "subdistrict"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "subdistrict", "center"]
    autocomplete_fields = ["user", "subdistrict", "center"]

    def save_model(self, request: HttpRequest, obj: StaffProfile, form: Any, change: bool) -> None:
        try:
            actions.staff_member_assign(
                user=obj.user, role=obj.role, subdistrict=obj.subdistrict, center=obj.center
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))


# --- Centers, catalogue and calendar ----------------------------------------------------------


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
        formset.save_m2m()


class CenterHoursInline(admin.TabularInline):
    model = OpeningHours
    fk_name = "center"
    fields = ["weekday", "opens", "closes"]
    extra = 0


class FacilityInline(admin.TabularInline):
    model = Facility
    fields = ["kind", "name", "phone", "open_all_day", "sort_order"]
    extra = 0
    show_change_link = True


class OpeningExceptionInline(admin.TabularInline):
    model = OpeningException
    fields = ["date", "closed", "opens", "closes", "note"]
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[OpeningException]:
        return super().get_queryset(request).filter(date__gte=timezone.localdate())


@admin.register(Center)
class CenterAdmin(ActionFormsetMixin, admin.ModelAdmin):
    list_display = ["name", "brand", "area", "subdistrict", "status", "phone", "address"]
    list_filter = ["status", "subdistrict__area", "subdistrict"]
    search_fields = ["name", "address"]
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

    @admin.display(description=_("area"), ordering="subdistrict__area")
    def area(self, obj: Center) -> str:
        return obj.get_area_display()

    def save_model(self, request: HttpRequest, obj: Center, form: Any, change: bool) -> None:
        actions.center_save(center=obj)


class FacilityHoursInline(admin.TabularInline):
    model = OpeningHours
    fk_name = "facility"
    fields = ["weekday", "opens", "closes"]
    extra = 0


@admin.register(Facility)
class FacilityAdmin(ActionFormsetMixin, admin.ModelAdmin):
    list_display = ["display_name", "kind", "center", "phone", "open_all_day"]
    list_filter = ["kind", "center"]
    search_fields = ["name", "center__name"]
    list_select_related = ["center"]
    autocomplete_fields = ["center"]
    inlines = [FacilityHoursInline]
    inline_savers = {OpeningHours: lambda r: actions.opening_hours_save(hours=r)}

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, obj: Facility) -> str:
        return obj.display_name

    def save_model(self, request: HttpRequest, obj: Facility, form: Any, change: bool) -> None:
        actions.facility_save(facility=obj)

    def delete_model(self, request: HttpRequest, obj: Facility) -> None:
        actions.center_record_delete(record=obj)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
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


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "item_count", "sort_order"]
    search_fields = ["name", "name_en", "code"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ServiceCategory]:
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(description=_("items"), ordering="item_count")
    def item_count(self, obj: ServiceCategory) -> int:
        return obj.item_count  # type: ignore[attr-defined,no-any-return]

    def save_model(
        self, request: HttpRequest, obj: ServiceCategory, form: Any, change: bool
    ) -> None:
        actions.service_category_save(category=obj)


class ServiceQuestionInline(admin.StackedInline):
    model = ServiceQuestion
    fields = [("code", "order", "required"), "prompt", "datatype", "help_text", "choices"]
    extra = 0


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "category",
        "fee_display",
        "target_working_days",
        "needs_address",
        "is_active",
    ]
    list_filter = ["category", "is_active", "needs_address", "centers"]
    search_fields = ["code", "name", "name_en", "keywords"]
    list_select_related = ["category"]
    autocomplete_fields = ["category"]
    filter_horizontal = ["centers"]
    inlines = [ServiceQuestionInline]

    @admin.display(description=_("fee"), ordering="fee")
    def fee_display(self, obj: ServiceItem) -> str:
        return str(_("free")) if obj.is_free else f"¥{obj.fee}"

    def save_model(self, request: HttpRequest, obj: ServiceItem, form: Any, change: bool) -> None:
        actions.service_item_save(item=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for question in formset.save(commit=False):
            actions.service_question_save(question=question)
        for question in formset.deleted_objects:
            question.delete()


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ["name", "masked_phone", "center", "skills", "is_active"]
    list_filter = ["is_active", "center"]
    search_fields = ["name", "=phone", "skills"]
    list_select_related = ["center"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Volunteer]:
        return Volunteer.objects.visible_to(request.user).select_related("center")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "center":
            kwargs["queryset"] = access.center_scope_filter(Center.objects.all(), request.user, "")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj: Volunteer) -> str:
        return mask_phone(obj.phone)

    def save_model(self, request: HttpRequest, obj: Volunteer, form: Any, change: bool) -> None:
        actions.volunteer_save(volunteer=obj)


# --- The request queue ------------------------------------------------------------------------


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.overdue()  # type: ignore[attr-defined,no-any-return]
        if self.value() == "no":
            return queryset.not_overdue()  # type: ignore[attr-defined,no-any-return]
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = _("assignee")
    parameter_name = "assignee"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        centers = access.center_scope_filter(Center.objects.all(), request.user, "")
        staff = get_user_model().objects.filter(
            staff_profile__role=StaffProfile.Role.CENTER_STAFF, staff_profile__center__in=centers
        )
        return [
            ("me", _("Me")),
            ("none", _("Unassigned")),
            ("volunteer", _("A volunteer")),
            *[(f"staff-{u.pk}", u.get_full_name() or u.get_username()) for u in staff],
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value() or ""
        if value == "me":
            return queryset.filter(assigned_staff=request.user)
        if value == "none":
            return queryset.filter(assigned_staff__isnull=True, assigned_volunteer__isnull=True)
        if value == "volunteer":
            return queryset.filter(assigned_volunteer__isnull=False)
        if value.startswith("staff-") and value[6:].isdigit():
            return queryset.filter(assigned_staff_id=int(value[6:]))
        return queryset


class RequestStepInline(admin.TabularInline):
    model = RequestStep
    fields = ["at", "action", "from_state", "to_state", "actor", "note"]
    readonly_fields = ["at", "action", "from_state", "to_state", "actor", "note"]
    extra = 0
    can_delete = False
    verbose_name_plural = _("history")

    def get_queryset(self, request: HttpRequest) -> QuerySet[RequestStep]:
        return super().get_queryset(request).select_related("actor_user", "actor_partner")

    @admin.display(description=_("by"))
    def actor(self, obj: RequestStep) -> str:
        return obj.actor_display

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RequestAddForm(QuestionFieldsMixin, forms.ModelForm):
    """Staff file a request at the desk or from a phone call; the item's questions appear once
    the item is chosen (the form comes back with them)."""

    class Meta:
        model = ServiceRequest
        fields = [
            "center",
            "item",
            "channel",
            "resident",
            "name",
            "phone",
            "address",
            "description",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [  # type: ignore[attr-defined]
            (c.value, c.label) for c in (ServiceRequest.Channel.DESK, ServiceRequest.Channel.PHONE)
        ]
        self.fields["name"].required = False
        self.fields["phone"].required = False
        self.fields["name"].help_text = _("Leave empty for a registered resident.")
        self.item = None
        raw_item = self.data.get("item") or self.initial.get("item")
        if raw_item and str(raw_item).isdigit():
            self.item = ServiceItem.objects.filter(pk=raw_item).first()
        if self.item is not None:
            self.add_question_fields(self.item)
        self.prepared: dict[str, Any] = {}

    def _post_clean(self) -> None:
        # the request is checked by the action below, not by the model's own validation
        data = self.cleaned_data
        if self.errors or self.item is None:
            return
        self.prepared = {
            "center": data["center"],
            "item": data["item"],
            "channel": data["channel"],
            "resident": data.get("resident"),
            "name": data.get("name", ""),
            "phone": data.get("phone", ""),
            "address": data.get("address", ""),
            "description": data.get("description", ""),
            "answers": self.answers(),
            "submitted_by": self.request_user,  # type: ignore[attr-defined]
        }
        try:
            actions.request_prepare(**self.prepared)
        except (ValidationError, ConflictError) as exc:
            self.add_action_errors(exc)


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"))

    def __init__(self, *args: Any, centers: QuerySet[Center], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = (
            get_user_model()
            .objects.filter(
                is_active=True,
                staff_profile__role=StaffProfile.Role.CENTER_STAFF,
                staff_profile__center__in=centers,
            )
            .select_related("staff_profile__center")
        )
        volunteers = Volunteer.objects.filter(center__in=centers, is_active=True).select_related(
            "center"
        )
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            (
                _("Staff"),
                [
                    (
                        f"staff-{u.pk}",
                        f"{u.get_full_name() or u.get_username()} · {u.staff_profile.center}",
                    )
                    for u in staff
                ],
            ),
            (
                _("Volunteers"),
                [(f"volunteer-{v.pk}", f"{v.name} · {v.center}") for v in volunteers],
            ),
        ]

    def assignee_kwargs(self) -> dict[str, Any]:
        kind, _sep, pk = self.cleaned_data["assignee"].partition("-")
        if kind == "staff":
            return {"staff": get_user_model().objects.get(pk=pk)}
        return {"volunteer": Volunteer.objects.get(pk=pk)}


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    """The desk's queue: center staff see their center's requests (``center_scope_filter``)."""

    list_display = [
        "reference",
        "item_name",
        "center",
        "requester",
        "state",
        "assignee",
        "submitted_at",
        "due",
        "rating",
    ]
    list_filter = [
        "state",
        OverdueFilter,
        ("item", admin.RelatedOnlyFieldListFilter),
        AssigneeFilter,
        "channel",
        ("center", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["=reference", "name", "=phone"]
    list_select_related = ["center", "item__category", "assigned_staff", "assigned_volunteer"]
    list_per_page = 50
    show_full_result_count = False
    actions = ["accept_selected", "assign_selected", "assign_to_me"]
    inlines = [RequestStepInline]
    autocomplete_fields = ["resident"]
    readonly_fields = [
        "reference",
        "center",
        "item",
        "channel",
        "state",
        "state_note",
        "overdue",
        "resident",
        "name",
        "phone",
        "address",
        "description",
        "answers_display",
        "partner",
        "submitted_by",
        "submitted_at",
        "due_at",
        "accepted_at",
        "started_at",
        "completed_at",
        "closed_at",
        "assigned_staff",
        "assigned_volunteer",
        "rating",
        "rating_comment",
        "rated_at",
        "reopened_count",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["reference", "center", "item", "channel", "state", "state_note"]}),
        (
            _("Resident"),
            {"fields": ["resident", "name", "phone", "address", "description", "answers_display"]},
        ),
        (
            _("Progress"),
            {
                "fields": [
                    "overdue",
                    "submitted_by",
                    "partner",
                    "submitted_at",
                    "due_at",
                    "accepted_at",
                    "started_at",
                    "completed_at",
                    "closed_at",
                    "assigned_staff",
                    "assigned_volunteer",
                    "reopened_count",
                ]
            },
        ),
        (_("Rating"), {"fields": ["rating", "rating_comment", "rated_at"]}),
    ]

    # --- reads

    def get_queryset(self, request: HttpRequest) -> QuerySet[ServiceRequest]:
        return ServiceRequest.objects.visible_to(request.user).for_listing()

    @admin.display(description=_("service item"), ordering="item__code")
    def item_name(self, obj: ServiceRequest) -> str:
        return str(obj.item)

    @admin.display(description=_("resident"))
    def requester(self, obj: ServiceRequest) -> str:
        return f"{obj.masked_name} · {obj.masked_phone}"

    @admin.display(description=_("assignee"))
    def assignee(self, obj: ServiceRequest) -> str:
        person = obj.assignee
        if person is None:
            return "—"
        if obj.assigned_staff_id:
            return person.get_full_name() or person.get_username()
        return str(person)

    @admin.display(description=_("due"), ordering="due_at")
    def due(self, obj: ServiceRequest) -> Any:
        text = date_format(timezone.localtime(obj.due_at), "SHORT_DATETIME_FORMAT")
        if obj.is_overdue():
            return format_html('<strong class="overdue">{} · {}</strong>', text, _("overdue"))
        return text

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj: ServiceRequest) -> bool:
        return obj.is_overdue()

    @admin.display(description=_("answers"))
    def answers_display(self, obj: ServiceRequest) -> Any:
        questions = {q.code: q for q in obj.item.questions.all()}
        rows = []
        for code, value in obj.answers.items():
            question = questions.get(code)
            names = question.choice_names if question else {}
            values = value if isinstance(value, list) else [value]
            shown = ", ".join(names.get(str(v), str(v)) for v in values)
            rows.append((question.prompt if question else code, shown))
        if not rows:
            return "—"
        return format_html_join(mark_safe("<br>"), "{}: {}", rows)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        queue = self.get_queryset(request)
        this_year = timezone.localdate().year
        extra_context = {
            **(extra_context or {}),
            "figures": selectors.queue_figures(queue),
            "format_duration": selectors.format_duration,
            "calendar_missing": workdays.years_missing([this_year, this_year + 1])
            if timezone.localdate().month >= 11
            else workdays.years_missing([this_year]),
        }
        figures = extra_context["figures"]
        extra_context["median_text"] = selectors.format_duration(figures.median_completion)
        return super().changelist_view(request, extra_context)

    # --- writes

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):  # type: ignore[no-untyped-def]
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        form_class = super().get_form(request, obj, change=change, form=RequestAddForm, **kwargs)
        return type("RequestAddFormFor", (form_class,), {"request_user": request.user})

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            return self.fieldsets
        return [(None, {"fields": list(RequestAddForm.Meta.fields)})]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else []

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.inlines if obj is not None else []

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "center":
            kwargs["queryset"] = access.center_scope_filter(
                Center.objects.accepting_requests(), request.user, ""
            )
        if db_field.name == "item":
            kwargs["queryset"] = ServiceItem.objects.active().select_related("category")
        if db_field.name == "resident":
            kwargs["queryset"] = Resident.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: ServiceRequest, form: Any, change: bool
    ) -> None:
        if change:
            return  # the change page is read-only; transitions have their own view
        created = actions.request_submit(**form.prepared)
        obj.__dict__.update(created.__dict__)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # a request has no related rows to save from the form

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # requests are rejected or cancelled, never deleted

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        service_request = self.get_object(request, unquote(object_id))
        context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False}
        context["show_save_and_add_another"] = False
        if service_request is not None and self.has_change_permission(request, service_request):
            context["transitions"] = self._transition_context(request, service_request)
        return super().change_view(request, object_id, form_url, context)

    def _transition_context(self, request: HttpRequest, obj: ServiceRequest) -> dict[str, Any]:
        state = obj.state
        available = {
            action
            for action, (sources, _target) in actions.TRANSITIONS.items()
            if state in sources and action != actions.Step.REOPENED
        }
        return {
            "url": reverse("admin:services_servicerequest_transition", args=[obj.pk]),
            "accept": actions.Step.ACCEPTED in available,
            "start": actions.Step.STARTED in available,
            "complete": actions.Step.COMPLETED in available,
            "reject": actions.Step.REJECTED in available,
            "cancel": actions.Step.CANCELLED in available,
            "assign_form": AssignForm(centers=Center.objects.filter(pk=obj.center_id))
            if obj.is_open
            else None,
        }

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<path:object_id>/transition/",
                self.admin_site.admin_view(self.transition_view),
                name="services_servicerequest_transition",
            ),
            path(
                "statistics/",
                self.admin_site.admin_view(self.statistics_view),
                name="services_servicerequest_statistics",
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        action = request.POST.get("action", "")
        text = request.POST.get("text", "")
        user = request.user
        try:
            if action == "accept":
                actions.request_accept(service_request=obj, actor=user)
            elif action == "start":
                actions.request_start(service_request=obj, actor=user)
            elif action == "complete":
                actions.request_complete(service_request=obj, actor=user, note=text)
            elif action == "reject":
                actions.request_reject(service_request=obj, actor=user, reason=text)
            elif action == "cancel":
                actions.request_cancel(service_request=obj, actor=user, reason=text)
            elif action == "assign":
                form = AssignForm(request.POST, centers=Center.objects.filter(pk=obj.center_id))
                if not form.is_valid():
                    raise ValidationError(_("Choose whom to assign the request to."))
                actions.request_assign(service_request=obj, actor=user, **form.assignee_kwargs())
            else:
                raise ValidationError(_("Unknown action."))
        except ConflictError as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("Request %(reference)s updated.") % {"reference": obj})
        return HttpResponseRedirect(reverse("admin:services_servicerequest_change", args=[obj.pk]))

    def statistics_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        stats = selectors.request_statistics(self.get_queryset(request))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Service desk statistics"),
            "stats": stats,
            "median_text": selectors.format_duration(stats.median_completion),
        }
        return TemplateResponse(request, "admin/services/servicerequest/statistics.html", context)

    @admin.action(description=_("Accept the selected requests"), permissions=["change"])
    def accept_selected(self, request: HttpRequest, queryset: QuerySet[ServiceRequest]) -> None:
        done, refused = 0, []
        for obj in queryset:
            try:
                actions.request_accept(service_request=obj, actor=request.user)
                done += 1
            except ConflictError:
                refused.append(obj.reference)
        self._report(request, done, refused)

    @admin.action(description=_("Assign the selected requests to me"), permissions=["change"])
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[ServiceRequest]) -> None:
        done, refused = 0, []
        for obj in queryset:
            try:
                actions.request_assign(service_request=obj, actor=request.user, staff=request.user)
                done += 1
            except (ConflictError, ValidationError):
                refused.append(obj.reference)
        self._report(request, done, refused)

    @admin.action(description=_("Assign the selected requests…"), permissions=["change"])
    def assign_selected(self, request: HttpRequest, queryset: QuerySet[ServiceRequest]) -> Any:
        centers = Center.objects.filter(pk__in=queryset.values("center_id"))
        if "apply" in request.POST:
            form = AssignForm(request.POST, centers=centers)
            if form.is_valid():
                done, refused = 0, []
                for obj in queryset:
                    try:
                        actions.request_assign(
                            service_request=obj, actor=request.user, **form.assignee_kwargs()
                        )
                        done += 1
                    except (ConflictError, ValidationError):
                        refused.append(obj.reference)
                self._report(request, done, refused)
                return None
        else:
            form = AssignForm(centers=centers)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Assign requests"),
            "form": form,
            "requests": list(queryset),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/services/servicerequest/assign.html", context)

    def _report(self, request: HttpRequest, done: int, refused: list[str]) -> None:
        if done:
            self.message_user(
                request, _("%(count)d requests updated.") % {"count": done}, messages.SUCCESS
            )
        if refused:
            self.message_user(
                request,
                _("Not possible for: %(references)s (see each request's state and center).")
                % {"references": ", ".join(refused)},
                messages.ERROR,
            )
