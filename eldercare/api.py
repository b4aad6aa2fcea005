"""The API of the meal program. Thin views: validate, authorise, call an action, render.

- anyone: the meal-points directory with today's seats, and the figures;
- a caterer: publishes menus for its own points, takes and reads orders, cancels them and records
  no-shows, reads kitchen counts and delivery lists, records servings and delivery outcomes;
  nothing of another caterer's points (they are 404, or an unknown point code);
- staff (session or staff token): the same reads within their scope, and orders.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from eldercare import actions, figures, selectors
from eldercare.actions.orders import BatchRefused, ServingLine
from eldercare.models import Delivery, MealPoint, Menu, Order
from eldercare.problems import PROBLEM_TYPES
from eldercare.serializers import (
    DeliveryListSerializer,
    DeliveryOutcomeSerializer,
    KitchenCountSerializer,
    MealFiguresSerializer,
    MealPointSerializer,
    MealQuerySerializer,
    MenuInputSerializer,
    MenuSerializer,
    OrderInputSerializer,
    OrderSerializer,
    ServingsInputSerializer,
    ServingsOutputSerializer,
)
from licang.api.authentication import partner_of
from licang.api.idempotency import IdempotentPostMixin
from licang.api.pagination import KeysetPagination
from licang.api.permissions import IsStaffMember, partner_of_kind
from licang.api.problems import problem
from licang.masking import mask_phone
from licang.models import Partner

IsCaterer = partner_of_kind(Partner.Kind.CATERER)

assert "meal_full" in PROBLEM_TYPES  # the module registers the program's problem codes


def _point(actor: Any, code: str, *, field: str = "point") -> MealPoint:
    """A point the caller works by its code; another caterer's point reads as unknown."""
    point = MealPoint.objects.visible_to(actor).filter(code=code, is_active=True).first()
    if point is None:
        raise exceptions.ValidationError(
            {field: [_("No meal point of yours has this code.")]}, code="unknown_point"
        )
    return point


def _menu(actor: Any, point_code: str, date: Any, meal: str) -> Menu:
    point = _point(actor, point_code)
    menu = Menu.objects.filter(point=point, date=date, meal=meal).select_related("point").first()
    if menu is None:
        raise exceptions.NotFound(_("No menu for this point, date and meal."))
    return menu


class OrderFilter(django_filters.FilterSet):
    point = django_filters.CharFilter(field_name="point__code", label=_("Meal point code"))
    date = django_filters.DateFilter()

    class Meta:
        model = Order
        fields = ["point", "date", "meal", "status", "mode"]


class MenuFilter(django_filters.FilterSet):
    point = django_filters.CharFilter(field_name="point__code", label=_("Meal point code"))
    date = django_filters.DateFilter()
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Menu
        fields = ["point", "date", "meal", "status"]


class MealPointFilter(django_filters.FilterSet):
    subdistrict = django_filters.CharFilter(
        field_name="subdistrict__code", label=_("Subdistrict code")
    )
    community = django_filters.NumberFilter(field_name="community_id", label=_("Community id"))

    class Meta:
        model = MealPoint
        fields = ["subdistrict", "community", "operating_model", "open_to_public"]


@extend_schema(
    summary=gettext_noop("Meal points, with today's seats left"),
    description=gettext_noop(
        "Open to anyone. `capacity` gives the seats of each meal the point serves; `seats_left` "
        "today's seats left for each meal, null where no menu is published today or the point "
        "is paused."
    ),
    tags=["eldercare: meal points"],
)
class MealPointList(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = MealPointSerializer
    filterset_class = MealPointFilter
    queryset = MealPoint.objects.public().for_listing().order_by("code")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        points = list(page or [])
        now = timezone.now()
        today = timezone.localdate(now)
        context = self.get_serializer_context()
        context["seats"] = selectors.seats_on(points, today, now, with_dishes=False)
        data = MealPointSerializer(points, many=True, context=context).data
        return self.get_paginated_response(data)


@extend_schema_view(
    get=extend_schema(summary=gettext_noop("The caller's menus"), tags=["eldercare: menus"]),
    post=extend_schema(
        summary=gettext_noop("Publish a menu for one of the caterer's points"),
        description=gettext_noop(
            "Replaces the dishes of the point's menu for that date and meal, until the menu has "
            "orders (409 `menu_has_orders`). A meal needs at least the year's minimum number of "
            "dishes (the meal rule's `min_dishes`): fewer is refused with 400 `too_few_dishes` "
            "and the `minimum`."
        ),
        request=MenuInputSerializer,
        responses={201: MenuSerializer},
        tags=["eldercare: menus"],
    ),
)
class MenuList(IdempotentPostMixin, generics.ListCreateAPIView):
    filterset_class = MenuFilter
    ordering = ["-date", "point__code", "meal"]

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [IsCaterer()]
        return [(IsCaterer | IsStaffMember)()]

    def get_serializer_class(self) -> Any:
        return MenuInputSerializer if self.request.method == "POST" else MenuSerializer

    def get_queryset(self) -> Any:
        return (
            Menu.objects.visible_to(self.request.user)
            .select_related("point")
            .prefetch_related("dishes")
            .order_by("-date", "point__code", "meal")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = MenuInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        point = _point(request.user, data["point"])
        try:
            menu = actions.menu_publish(
                point=point,
                date=data["date"],
                meal=data["meal"],
                dishes=data["dishes"],
                set_price=data.get("set_price"),
            )
        except DjangoValidationError as exc:
            minimum = _too_few(exc)
            if minimum is None:
                raise
            detail = " ".join(exc.messages)
            return problem(
                status_code=400,
                code="too_few_dishes",
                detail=detail,
                errors=[{"field": "dishes", "code": "too_few_dishes", "detail": detail}],
                minimum=minimum,
            )
        menu = self.get_queryset().get(pk=menu.pk)
        return Response(MenuSerializer(menu).data, status=201)


def _too_few(exc: DjangoValidationError) -> int | None:
    for error in getattr(exc, "error_dict", {}).get("dishes", []):
        if error.code == "too_few_dishes":
            return int((error.params or {}).get("minimum", 0))
    return None


@extend_schema_view(
    get=extend_schema(
        summary=gettext_noop("The caller's orders, newest first (keyset pages: no total)"),
        tags=["eldercare: orders"],
    ),
    post=extend_schema(
        summary=gettext_noop("Order a meal"),
        description=gettext_noop(
            "The price and the subsidy are computed by the year's rules and stored with the "
            "tier's year and version. An enrolled elder gets one subsidised meal per meal-time "
            'and day: a further order is charged the standard price with `subsidy` "0.00" and '
            "the `reason`. 409 `meal_full` when no seat is left (with `next_available`, the "
            "next meal with seats, or null), 409 `past_cutoff` after the cut-off, 409 `no_menu` "
            "before the menu is published, 409 `point_paused` on a paused day (with the "
            "`alternative`). A dish that does not suit the elder's diet is flagged in "
            "`dietary_conflicts`, not refused."
        ),
        request=OrderInputSerializer,
        responses={201: OrderSerializer},
        tags=["eldercare: orders"],
    ),
)
class OrderList(IdempotentPostMixin, generics.ListCreateAPIView):
    filterset_class = OrderFilter
    pagination_class = KeysetPagination

    def get_permissions(self) -> list[Any]:
        return [(IsCaterer | IsStaffMember)()]

    def get_serializer_class(self) -> Any:
        return OrderInputSerializer if self.request.method == "POST" else OrderSerializer

    def get_queryset(self) -> Any:
        return Order.objects.visible_to(self.request.user).for_listing()

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = OrderInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        point = _point(request.user, data["point"])
        menu = Menu.objects.filter(point=point, date=data["date"], meal=data["meal"]).first()
        if menu is None:
            if data["meal"] not in point.meals:
                raise exceptions.ValidationError(
                    {"meal": [_("The point does not serve this meal.")]}
                )
            return problem(
                status_code=409,
                code="no_menu",
                detail=_("No menu is published for this meal yet."),
            )
        enrolment = selectors.enrolment_for(data["id_number"]) if "id_number" in data else None
        order = actions.order_place(
            menu=menu,
            mode=data["mode"],
            enrolment=enrolment,
            claimed_elder="id_number" in data,
            dish_names=data.get("dishes") or None,
            source=Order.Source.API,
            partner=partner_of(request.user),
            user=request.user,
        )
        return Response(OrderSerializer(self.get_queryset().get(pk=order.pk)).data, status=201)


class OrderMove(IdempotentPostMixin, generics.GenericAPIView):
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    serializer_class = OrderSerializer

    def get_permissions(self) -> list[Any]:
        return [(IsCaterer | IsStaffMember)()]

    def get_queryset(self) -> Any:
        return Order.objects.visible_to(self.request.user).for_listing()

    def move(self, order: Order) -> Order:
        raise NotImplementedError

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        order = self.move(self.get_object())
        return Response(OrderSerializer(self.get_queryset().get(pk=order.pk)).data)


@extend_schema(
    summary=gettext_noop("Cancel an order (until the meal's cut-off)"),
    description=gettext_noop(
        "The seat returns to the meal; when regulars wait for it, the first in line gets it. "
        "409 `past_cutoff` after the cut-off, 409 `order_closed` for an order that is not placed."
    ),
    request=None,
    responses={200: OrderSerializer},
    tags=["eldercare: orders"],
)
class OrderCancel(OrderMove):
    def move(self, order: Order) -> Order:
        return actions.order_cancel(order=order)


@extend_schema(
    summary=gettext_noop("Record that the diner did not come (after the cut-off)"),
    request=None,
    responses={200: OrderSerializer},
    tags=["eldercare: orders"],
)
class OrderNoShow(OrderMove):
    def move(self, order: Order) -> Order:
        return actions.order_mark(order=order, status=Order.Status.NO_SHOW)


def _meal_query(request: Request) -> dict[str, Any]:
    query = MealQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


@extend_schema(
    summary=gettext_noop("The kitchen count of a point's meal"),
    description=gettext_noop(
        "Each dish with its dine-in and delivery portions, the set meals, and how many diners "
        "keep each diet, over the orders that hold a seat."
    ),
    parameters=[MealQuerySerializer],
    responses={200: KitchenCountSerializer},
    tags=["eldercare: kitchen and delivery"],
)
class KitchenCountView(generics.GenericAPIView):
    serializer_class = KitchenCountSerializer

    def get_permissions(self) -> list[Any]:
        return [(IsCaterer | IsStaffMember)()]

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = _meal_query(request)
        menu = _menu(request.user, query["point"], query["date"], query["meal"])
        return Response(KitchenCountSerializer(selectors.kitchen_count(menu)).data)


def delivery_stops(menu: Menu) -> dict[str, Any]:
    stops = []
    for index, delivery in enumerate(selectors.delivery_round(menu), start=1):
        order = delivery.order
        resident = order.resident
        stops.append(
            {
                "stop": index,
                "order": order,
                "name": resident.name if resident else "",
                "phone": mask_phone(resident.phone) if resident and resident.phone else "",
                "address": resident.household.address if resident and resident.household else "",
                "community": resident.community.name if resident else "",
                "dishes": [dish.name for dish in order.dishes.all()],
                "dietary_restrictions": order.enrolment.dietary_restrictions
                if order.enrolment
                else [],
                "status": delivery.status,
                "failure": delivery.get_failure_display() if delivery.failure else "",
            }
        )
    return {"point": menu.point.code, "date": menu.date, "meal": menu.meal, "stops": stops}


@extend_schema(
    summary=gettext_noop("The delivery list of a point's meal, in walking order"),
    parameters=[MealQuerySerializer],
    responses={200: DeliveryListSerializer},
    tags=["eldercare: kitchen and delivery"],
)
class DeliveryListView(generics.GenericAPIView):
    serializer_class = DeliveryListSerializer

    def get_permissions(self) -> list[Any]:
        return [(IsCaterer | IsStaffMember)()]

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = _meal_query(request)
        menu = _menu(request.user, query["point"], query["date"], query["meal"])
        return Response(DeliveryListSerializer(delivery_stops(menu)).data)


@extend_schema(
    summary=gettext_noop("Record a delivery's outcome"),
    description=gettext_noop(
        "`delivered` marks the order served; `failed` needs the `failure` (not_home, refused, "
        "address_wrong), and for an elder who lives alone raises a follow-up for the community."
    ),
    request=DeliveryOutcomeSerializer,
    responses={200: OrderSerializer},
    tags=["eldercare: kitchen and delivery"],
)
class DeliveryOutcome(OrderMove):
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        order = self.get_object()
        delivery = Delivery.objects.filter(order=order).first()
        if delivery is None:
            raise exceptions.NotFound(_("This order is not a delivery."))
        serializer = DeliveryOutcomeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actions.delivery_record(
            delivery=delivery,
            status=serializer.validated_data["status"],
            failure=serializer.validated_data.get("failure", ""),
            note=serializer.validated_data.get("note", ""),
        )
        return Response(OrderSerializer(self.get_queryset().get(pk=order.pk)).data)


@extend_schema(
    summary=gettext_noop("Record servings in a batch (up to 500 lines, all or nothing)"),
    description=gettext_noop(
        "Each line marks an order served (`order`) or records a walk-in served at the point "
        "(`point`, `date`, `meal`, and `id_number` for an enrolled elder). A batch with bad "
        "lines writes nothing and answers 400 `batch_refused` with `lines`: each bad line's "
        "index (from 0), code and reason."
    ),
    request=ServingsInputSerializer,
    responses={201: ServingsOutputSerializer},
    tags=["eldercare: orders"],
)
class Servings(IdempotentPostMixin, generics.GenericAPIView):
    serializer_class = ServingsInputSerializer

    def get_permissions(self) -> list[Any]:
        return [(IsCaterer | IsStaffMember)()]

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ServingsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lines: list[ServingLine] = []
        errors: list[dict[str, Any]] = []
        visible = Order.objects.visible_to(request.user)
        for index, line in enumerate(serializer.validated_data["lines"]):
            try:
                lines.append(self._line(request, visible, line, index))
            except exceptions.APIException as exc:
                errors.append({"line": index, "code": _code(exc), "detail": _text(exc.detail)})
        try:
            # the lines that could be read are tried too, so that the answer lists every bad
            # line; with any bad line the whole batch is rolled back
            with transaction.atomic():
                orders = actions.servings_record(
                    lines=lines, partner=partner_of(request.user), user=request.user
                )
                if errors:
                    raise BatchRefused([])
        except BatchRefused as refused:
            return _batch_refused(sorted(errors + refused.errors, key=lambda e: e["line"]))
        rows = Order.objects.filter(pk__in=[o.pk for o in orders]).for_listing().order_by("id")
        return Response(
            ServingsOutputSerializer({"recorded": len(orders), "orders": rows}).data, status=201
        )

    def _line(
        self, request: Request, visible: Any, line: dict[str, Any], index: int
    ) -> ServingLine:
        if "order" in line:
            order = visible.filter(public_id=line["order"]).first()
            if order is None:
                raise exceptions.ValidationError(
                    {"order": [_("No order of yours has this id.")]}, code="not_found"
                )
            return ServingLine(order=order, index=index)
        point = _point(request.user, line["point"])
        menu = Menu.objects.filter(point=point, date=line["date"], meal=line["meal"]).first()
        if menu is None:
            raise exceptions.ValidationError(
                {"meal": [_("No menu for this point, date and meal.")]}, code="no_menu"
            )
        enrolment = selectors.enrolment_for(line["id_number"]) if "id_number" in line else None
        return ServingLine(
            menu=menu,
            enrolment=enrolment,
            claimed_elder="id_number" in line,
            dish_names=line.get("dishes") or [],
            index=index,
        )


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    while isinstance(codes, dict | list):
        codes = next(iter(codes.values())) if isinstance(codes, dict) else codes[0]
    return str(codes)


def _text(detail: Any) -> str:
    if isinstance(detail, dict):
        return "；".join(f"{key}: {_text(value)}" for key, value in detail.items())
    if isinstance(detail, list):
        return "；".join(_text(value) for value in detail)
    return str(detail)


def _batch_refused(errors: list[dict[str, Any]]) -> Response:
    detail = _("%(count)d lines are refused; nothing was recorded.") % {"count": len(errors)}
    return problem(
        status_code=400,
        code="batch_refused",
        detail=detail,
        errors=[
            {"field": f"lines[{e['line']}]", "code": e["code"], "detail": e["detail"]}
            for e in errors
        ],
        lines=errors,
    )


@extend_schema(
    summary=gettext_noop("The meal program's figures"),
    description=gettext_noop(
        "Elders served per day (district and per point) over the last 7 days, capacity use, "
        "subsidy per month and tier, deliveries made and failed, the most chosen dishes."
    ),
    responses={200: MealFiguresSerializer},
    tags=["eldercare: figures"],
)
class Figures(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = MealFiguresSerializer

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(MealFiguresSerializer(figures.program_figures(timezone.localdate())).data)
