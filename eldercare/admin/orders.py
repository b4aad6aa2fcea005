"""Orders (placed by staff through the action, moved by bulk actions), walk-in servings in a batch,
the waiting lists and the deliveries."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from eldercare import actions, selectors
from eldercare.actions.orders import BatchRefused, ServingLine
from eldercare.admin.base import ResidentColumns, ScopedAdmin, ask_reason
from eldercare.models import Delivery, Menu, Order, SubsidyReason, WaitlistEntry
from licang import idnumber

MAX_LINES = 500
SHORT_REASONS: dict[str, Any] = {
    SubsidyReason.PUBLIC: _("public"),
    SubsidyReason.NOT_ENROLLED: _("not enrolled"),
    SubsidyReason.ENROLMENT_SUSPENDED: _("enrolment suspended"),
    SubsidyReason.ALREADY_SUBSIDISED: _("second meal"),
    SubsidyReason.NO_TIER: _("no tier"),
    SubsidyReason.NO_RULE: _("no rule"),
}


class OrderAddForm(forms.ModelForm):
    class Meta:
        model = Order
        fields = ["menu", "mode", "enrolment"]
        help_texts = {"enrolment": _("Empty for a member of the public.")}


@admin.register(Order)
class OrderAdmin(ResidentColumns, ScopedAdmin):
    list_display = [
        "date",
        "meal",
        "point_code",
        "resident_name",
        "masked_id_number",
        "mode",
        "status",
        "price_charged",
        "subsidy",
        "why",
    ]
    list_filter = ["status", "meal", "mode", "source", "reason", "date", "point__operating_model"]
    search_fields = ["point__code", "resident__name", "=resident__id_number", "=public_id"]
    autocomplete_fields = ["menu", "enrolment"]
    date_hierarchy = "date"
    list_select_related = ["point", "resident", "tier"]
    show_full_result_count = False
    actions = ["cancel_selected", "serve_selected", "no_show_selected"]
    change_list_template = "admin/eldercare/order/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Order]:
        return Order.objects.visible_to(request.user).select_related("point", "resident", "tier")

    @admin.display(description=_("meal point"), ordering="point__code")
    def point_code(self, obj: Order) -> str:
        return obj.point.code

    @admin.display(description=_("subsidy tier"))
    def why(self, obj: Order) -> str:
        """The tier, or in a word why there is no subsidy (the order's page says it in full)."""
        if obj.tier is not None:
            return str(obj.tier.name)
        return str(SHORT_REASONS.get(obj.reason, obj.get_reason_display()))

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = OrderAddForm
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return []
        return [f.name for f in Order._meta.fields] + ["dishes"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # an order changes only through its actions (cancel, served, no-show)
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Order, form: Any, change: bool) -> None:
        enrolment = form.cleaned_data.get("enrolment")
        order = actions.order_place(
            menu=form.cleaned_data["menu"],
            mode=form.cleaned_data["mode"],
            enrolment=enrolment,
            source=Order.Source.ADMIN,
            user=request.user,
        )
        obj.pk = order.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # the action saved the order whole

    @admin.action(description=_("Cancel the selected orders"), permissions=["view"])
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        self.run_action(
            request,
            queryset,
            lambda o: actions.order_cancel(order=o),
            _("%(count)d orders cancelled."),
        )

    @admin.action(description=_("Mark the selected orders served"), permissions=["view"])
    def serve_selected(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        self.run_action(
            request,
            queryset,
            lambda o: actions.order_mark(order=o, status=Order.Status.SERVED),
            _("%(count)d orders marked served."),
        )

    @admin.action(description=_("Record the selected orders as no-shows"), permissions=["view"])
    def no_show_selected(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        self.run_action(
            request,
            queryset,
            lambda o: actions.order_mark(order=o, status=Order.Status.NO_SHOW),
            _("%(count)d orders recorded as no-shows."),
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "servings/",
                self.admin_site.admin_view(self.servings_view),
                name="eldercare_order_servings",
            ),
            *super().get_urls(),
        ]

    def servings_view(self, request: HttpRequest) -> HttpResponse:
        """Walk-in servings in a batch: one line each, all or nothing, with each bad line's
        reason."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ServingsForm(request.POST or None)
        line_errors: list[dict[str, Any]] = []
        if request.method == "POST" and form.is_valid():
            lines, line_errors = _parse_lines(request, form.cleaned_data["lines"])
            if not line_errors:
                try:
                    done = actions.servings_record(lines=lines, user=request.user)
                except BatchRefused as refused:
                    line_errors = refused.errors
                else:
                    self.message_user(
                        request,
                        _("%(count)d servings recorded.") % {"count": len(done)},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:eldercare_order_changelist"))
        return TemplateResponse(
            request,
            "admin/eldercare/servings.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Record walk-in servings"),
                "opts": self.opts,
                "form": form,
                "line_errors": line_errors,
                "max_lines": MAX_LINES,
            },
        )


class ServingsForm(forms.Form):
    lines = forms.CharField(
        label=_("servings, one a line"),
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        help_text=_(
            "point code, date (YYYY-MM-DD), meal (lunch or dinner), the elder's ID number (empty "
            "for a member of the public), dishes separated by “/” (empty for the set meal). At "
            "most 500 lines."
        ),
    )


def _parse_lines(request: HttpRequest, text: str) -> tuple[list[ServingLine], list[dict[str, Any]]]:
    rows = [row for row in csv.reader(io.StringIO(text.replace("，", ","))) if any(row)]
    errors: list[dict[str, Any]] = []
    lines: list[ServingLine] = []
    if len(rows) > MAX_LINES:
        return [], [{"line": MAX_LINES, "code": "too_many", "detail": _("At most 500 lines.")}]
    for index, row in enumerate(rows):
        cells = [cell.strip() for cell in row] + [""] * 5
        code, day, meal, number, dishes = cells[:5]
        try:
            date = datetime.date.fromisoformat(day)
        except ValueError:
            errors.append(
                {"line": index, "code": "invalid", "detail": _("The date is not a date.")}
            )
            continue
        menu = (
            Menu.objects.visible_to(request.user)
            .filter(point__code=code, date=date, meal=meal)
            .first()
        )
        if menu is None:
            errors.append(
                {"line": index, "code": "no_menu", "detail": _("No menu of yours for this meal.")}
            )
            continue
        if number:
            try:
                number = idnumber.parse(number).value
            except ValidationError as exc:
                errors.append({"line": index, "code": "invalid", "detail": " ".join(exc.messages)})
                continue
        lines.append(
            ServingLine(
                menu=menu,
                enrolment=selectors.enrolment_for(number) if number else None,
                claimed_elder=bool(number),
                dish_names=[d.strip() for d in dishes.split("/") if d.strip()],
            )
        )
    return lines, errors


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(ScopedAdmin):
    list_display = ["menu", "standing_order", "status", "created_at", "order"]
    list_filter = ["status", "menu__date"]
    search_fields = ["standing_order__enrolment__resident__name", "menu__point__code"]
    readonly_fields = ["menu", "standing_order", "status", "order", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the daily job puts regulars on the list

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(ResidentColumns, ScopedAdmin):
    resident_path = "order__resident"
    list_display = ["order_date", "point", "resident_name", "status", "failure", "recorded_at"]
    list_filter = ["status", "failure", "order__date", "order__point__subdistrict"]
    search_fields = ["order__resident__name", "order__point__code"]
    fields = ["order", "status", "failure", "note", "recorded_at"]
    readonly_fields = ["order", "recorded_at"]
    actions = ["delivered_selected", "not_home_selected"]

    def save_model(self, request: HttpRequest, obj: Delivery, form: Any, change: bool) -> None:
        actions.delivery_record(delivery=obj, status=obj.status, failure=obj.failure, note=obj.note)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Delivery]:
        return Delivery.objects.visible_to(request.user).select_related(
            "order__point", "order__resident"
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a delivery order brings its delivery

    @admin.display(description=_("date"), ordering="order__date")
    def order_date(self, obj: Delivery) -> datetime.date:
        return obj.order.date

    @admin.display(description=_("meal point"))
    def point(self, obj: Delivery) -> str:
        return str(obj.order.point.name)

    @admin.action(description=_("Mark the selected deliveries delivered"), permissions=["change"])
    def delivered_selected(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        self.run_action(
            request,
            queryset,
            lambda d: actions.delivery_record(delivery=d, status=Delivery.Status.DELIVERED),
            _("%(count)d deliveries recorded."),
        )

    @admin.action(
        description=_("Record the selected deliveries failed: not at home"),
        permissions=["change"],
    )
    def not_home_selected(
        self, request: HttpRequest, queryset: QuerySet[Delivery]
    ) -> HttpResponse | None:
        page = ask_reason(
            self, request, queryset, action="not_home_selected", title=_("Failed deliveries")
        )
        if page is not None:
            return page
        note = request.POST["reason"]
        self.run_action(
            request,
            queryset,
            lambda d: actions.delivery_record(
                delivery=d,
                status=Delivery.Status.FAILED,
                failure=Delivery.Failure.NOT_HOME,
                note=note,
            ),
            _("%(count)d deliveries recorded."),
        )
        return None
