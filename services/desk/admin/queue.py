"""The desk's request queue in the admin: center staff work their centers' requests, file requests
at the desk or from a phone call and move them on through ``actions.request_move``."""

import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
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
from django.utils.formats import date_format, time_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from licang.admin_writes import ActionAdmin
from licang.errors import ConflictError
from licang.registry.access import scope_of
from licang.registry.models import Resident
from services.centers import workdays
from services.centers.models import Center, Volunteer
from services.centers.selectors import center_staff
from services.desk import actions, selectors
from services.desk.forms import QuestionFieldsMixin
from services.desk.models import RequestStep, ServiceItem, ServiceRequest


def compact_moment(moment: datetime.datetime) -> str:
    """``12月3日 23:59`` (the year only when it is not this one): a queue column stays one line."""
    local = timezone.localtime(moment)
    # Django's MONTH_DAY_FORMAT pads the month in Chinese (03月3日); the catalogue gives 3月3日
    day = date_format(local, pgettext("compact date format", "M j"))
    if local.year != timezone.localdate().year:
        day = date_format(local, "SHORT_DATE_FORMAT")
    return f"{day} {time_format(local, 'H:i')}"


# what a refused move in a bulk action is: the request is named in the error message
REFUSALS = (ConflictError, ValidationError, PermissionDenied)


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
        staff = center_staff(Center.objects.visible_to(request.user))
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
        staff = center_staff(centers).select_related("staff_profile__center")
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
class ServiceRequestAdmin(ActionAdmin):
    """The desk's queue: center staff see their center's requests (``center_scope_filter``)."""

    # what staff act on first, left to right; on narrower screens the template hides the columns
    # after "assignee" (see its style), and a center's own staff get no center column
    list_display = [
        "reference",
        "item_name",
        "requester",
        "state",
        "due",
        "assignee",
        "center",
        "submitted",
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

    def get_list_display(self, request: HttpRequest) -> Any:
        if scope_of(request.user).center_id is not None:  # a center's own staff
            return [column for column in self.list_display if column != "center"]
        return self.list_display

    @admin.display(description=_("resident"))
    def requester(self, obj: ServiceRequest) -> str:
        return format_html("{} <br>{}", obj.masked_name, obj.masked_phone)

    @admin.display(description=_("assignee"))
    def assignee(self, obj: ServiceRequest) -> str:
        person = obj.assignee
        if person is None:
            return "—"
        if obj.assigned_staff_id:
            return person.get_full_name() or person.get_username()
        return str(person)

    @admin.display(description=_("submitted at"), ordering="submitted_at")
    def submitted(self, obj: ServiceRequest) -> str:
        return compact_moment(obj.submitted_at)

    @admin.display(description=_("due"), ordering="due_at")
    def due(self, obj: ServiceRequest) -> Any:
        text = compact_moment(obj.due_at)
        if obj.is_overdue():
            return format_html('<strong class="overdue">{} · {}</strong>', text, _("overdue"))
        return text

    # not ``boolean=True``: the admin draws True as a green tick, and being overdue is no success
    @admin.display(description=_("overdue"))
    def overdue(self, obj: ServiceRequest) -> Any:
        if obj.is_overdue():
            return format_html('<strong class="overdue">{}</strong>', _("Overdue"))
        return _("Not overdue")

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
            kwargs["queryset"] = Center.objects.accepting_requests().visible_to(request.user)
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
        # the admin goes on with ``obj``: its log entry, message and redirect name the request
        obj.pk, obj.reference = created.pk, created.reference

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # a request has no related rows to save from the form

    # requests are rejected or cancelled, never deleted: ActionAdmin offers no delete

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
        moves = actions.request_moves_available(service_request=obj, actor=request.user)
        return {
            "url": reverse("admin:desk_servicerequest_transition", args=[obj.pk]),
            **{move: move in moves for move in ["accept", "start", "complete", "reject", "cancel"]},
            "assign_form": AssignForm(centers=Center.objects.filter(pk=obj.center_id))
            if "assign" in moves
            else None,
        }

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<path:object_id>/transition/",
                self.admin_site.admin_view(self.transition_view),
                name="desk_servicerequest_transition",
            ),
            path(
                "statistics/",
                self.admin_site.admin_view(self.statistics_view),
                name="desk_servicerequest_statistics",
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
        try:
            assignee: dict[str, Any] = {}
            if action == "assign":
                form = AssignForm(request.POST, centers=Center.objects.filter(pk=obj.center_id))
                if not form.is_valid():
                    raise ValidationError(_("Choose whom to assign the request to."))
                assignee = form.assignee_kwargs()
            # the one text box is the note of complete and the reason of reject and cancel
            actions.request_move(
                service_request=obj,
                action=action,
                actor=request.user,
                note=text,
                reason=text,
                **assignee,
            )
        except ConflictError as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("Request %(reference)s updated.") % {"reference": obj})
        return HttpResponseRedirect(reverse("admin:desk_servicerequest_change", args=[obj.pk]))

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
        return TemplateResponse(request, "admin/desk/servicerequest/statistics.html", context)

    @admin.action(description=_("Accept the selected requests"), permissions=["change"])
    def accept_selected(self, request: HttpRequest, queryset: QuerySet[ServiceRequest]) -> None:
        done, refused = 0, []
        for obj in queryset:
            try:
                actions.request_move(service_request=obj, action="accept", actor=request.user)
                done += 1
            except REFUSALS:
                refused.append(obj.reference)
        self._report(request, done, refused)

    @admin.action(description=_("Assign the selected requests to me"), permissions=["change"])
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[ServiceRequest]) -> None:
        done, refused = 0, []
        for obj in queryset:
            try:
                actions.request_move(
                    service_request=obj, action="assign", actor=request.user, staff=request.user
                )
                done += 1
            except REFUSALS:
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
                        actions.request_move(
                            service_request=obj,
                            action="assign",
                            actor=request.user,
                            **form.assignee_kwargs(),
                        )
                        done += 1
                    except REFUSALS:
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
        return TemplateResponse(request, "admin/desk/servicerequest/assign.html", context)

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
