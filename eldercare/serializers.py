"""Input serializers validate partner requests; output serializers render records. None saves.

ID numbers arrive only in request bodies and leave masked. Money is a decimal string in yuan,
dates are ISO 8601.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from eldercare.models import Delivery, Meal, MealPoint, Menu, Mode, Order, SubsidyReason, Tag
from licang.api.fields import IdNumberField, money
from licang.api.schema import MaskedIdNumberField

MAX_DISHES = 60
MAX_BATCH = 500


class PlainText(serializers.CharField):
    """A single line of text: no control characters (NUL included)."""

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if any(ord(c) < 32 for c in value):
            raise serializers.ValidationError(
                _("Control characters are not allowed."), code="invalid"
            )
        return value


# --- Inputs -------------------------------------------------------------------------------------


class DishInputSerializer(serializers.Serializer):
    name = PlainText(max_length=50, help_text=_("The dish's name in Chinese."))
    name_en = PlainText(
        max_length=50, required=False, allow_blank=True, help_text=_("Its English name.")
    )
    price = money(min_value=0, max_value=9999, help_text=_("Standard price in yuan."))
    tags = serializers.ListField(
        child=serializers.ChoiceField(choices=Tag.choices), required=False, max_length=5
    )


class MenuInputSerializer(serializers.Serializer):
    point = serializers.SlugField(max_length=20, help_text=_("The meal point's code."))
    date = serializers.DateField()
    meal = serializers.ChoiceField(choices=Meal.choices)
    dishes = DishInputSerializer(many=True, max_length=MAX_DISHES)  # type: ignore[call-arg]
    set_price = money(
        min_value=0,
        max_value=9999,
        required=False,
        allow_null=True,
        help_text=_("Price of a set meal (an order without a choice of dishes); absent: none."),
    )


class MealQuerySerializer(serializers.Serializer):
    """A point's meal on a date, in the query string (declared in the schema; the view reads it)."""

    point = serializers.SlugField(max_length=20, help_text=_("The meal point's code."))
    date = serializers.DateField()
    meal = serializers.ChoiceField(choices=Meal.choices)


class OrderInputSerializer(serializers.Serializer):
    point = serializers.SlugField(max_length=20, help_text=_("The meal point's code."))
    date = serializers.DateField()
    meal = serializers.ChoiceField(choices=Meal.choices)
    mode = serializers.ChoiceField(choices=Mode.choices)
    id_number = IdNumberField(
        required=False,
        help_text=_(
            "The elder's ID number; absent for a member of the public. A number that matches no "
            "current enrolment is charged the standard price, whoever it belongs to."
        ),
    )
    dishes = serializers.ListField(
        child=PlainText(max_length=50),
        required=False,
        max_length=MAX_DISHES,
        help_text=_("Names of the dishes chosen; absent or empty: the set meal."),
    )


class ServingLineSerializer(serializers.Serializer):
    order = serializers.UUIDField(
        required=False, help_text=_("An order served (its id); or give point, date and meal.")
    )
    point = serializers.SlugField(max_length=20, required=False)
    date = serializers.DateField(required=False)
    meal = serializers.ChoiceField(choices=Meal.choices, required=False)
    id_number = IdNumberField(required=False, help_text=_("A walk-in elder; absent: the public."))
    dishes = serializers.ListField(
        child=PlainText(max_length=50), required=False, max_length=MAX_DISHES
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        walk_in = [name for name in ("point", "date", "meal") if name in attrs]
        if "order" in attrs and (walk_in or "id_number" in attrs or "dishes" in attrs):
            raise serializers.ValidationError(
                _("Give either an order or a walk-in's point, date and meal, not both."),
                code="invalid",
            )
        if "order" not in attrs and len(walk_in) < 3:
            raise serializers.ValidationError(
                _("A walk-in needs the point, the date and the meal."), code="required"
            )
        return attrs


class ServingsInputSerializer(serializers.Serializer):
    lines = ServingLineSerializer(  # type: ignore[call-arg]  # the ListSerializer takes them
        many=True, min_length=1, max_length=MAX_BATCH
    )


class DeliveryOutcomeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[(Delivery.Status.DELIVERED, _("Delivered")), (Delivery.Status.FAILED, _("Failed"))]
    )
    failure = serializers.ChoiceField(
        choices=Delivery.Failure.choices,
        required=False,
        help_text=_("Why it failed (failed only)."),
    )
    note = PlainText(max_length=200, required=False, allow_blank=True)


# --- Outputs ------------------------------------------------------------------------------------


class MealCountsSerializer(serializers.Serializer):
    lunch = serializers.IntegerField(required=False, allow_null=True)
    dinner = serializers.IntegerField(required=False, allow_null=True)


class MealPointSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    operating_model = serializers.ChoiceField(choices=MealPoint.OperatingModel.choices)
    subdistrict = serializers.CharField(source="subdistrict.name")
    community = serializers.CharField(source="community.name")
    address = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, coerce_to_string=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, coerce_to_string=True)
    phone = serializers.CharField()
    meals = serializers.ListField(child=serializers.ChoiceField(choices=Meal.choices))
    capacity = serializers.SerializerMethodField()
    seats_left = serializers.SerializerMethodField()
    open_to_public = serializers.BooleanField()
    delivers = serializers.SerializerMethodField()
    paused_today = serializers.SerializerMethodField()

    @extend_schema_field(MealCountsSerializer)
    def get_capacity(self, point: MealPoint) -> dict[str, int]:
        """Seats per meal, for the meals the point serves."""
        return {meal: point.capacity_for(meal) for meal in point.meals}

    @extend_schema_field(MealCountsSerializer)
    def get_seats_left(self, point: MealPoint) -> dict[str, int | None]:
        """Seats left for today's meals; null where no menu is published today (or paused)."""
        seats = self.context["seats"].get(point.pk, [])
        return {s.meal: (s.left if s.published else None) for s in seats}

    def get_delivers(self, point: MealPoint) -> bool:
        return point.delivery_radius_m > 0

    def get_paused_today(self, point: MealPoint) -> bool:
        return any(s.paused for s in self.context["seats"].get(point.pk, []))


class DishSerializer(serializers.Serializer):
    name = serializers.CharField()
    price = money()
    tags = serializers.ListField(child=serializers.ChoiceField(choices=Tag.choices))


class MenuSerializer(serializers.Serializer):
    point = serializers.CharField(source="point.code")
    date = serializers.DateField()
    meal = serializers.ChoiceField(choices=Meal.choices)
    status = serializers.ChoiceField(choices=Menu.Status.choices)
    set_price = money(allow_null=True)
    dishes = DishSerializer(many=True)
    published_at = serializers.DateTimeField(allow_null=True)


class DietaryConflictSerializer(serializers.Serializer):
    dish = serializers.CharField()
    restrictions = serializers.ListField(child=serializers.ChoiceField(choices=Tag.choices))


class OrderSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    point = serializers.CharField(source="point.code")
    date = serializers.DateField()
    meal = serializers.ChoiceField(choices=Meal.choices)
    mode = serializers.ChoiceField(choices=Mode.choices)
    status = serializers.ChoiceField(choices=Order.Status.choices)
    id_number = MaskedIdNumberField(
        source="resident.masked_id_number", read_only=True, allow_null=True, default=None
    )
    dishes = serializers.SerializerMethodField()
    standard_price = money()
    price_charged = money()
    subsidy = money()
    tier = serializers.CharField(source="tier.code", allow_null=True, default=None)
    rule = serializers.SerializerMethodField()
    reason_code = serializers.ChoiceField(source="reason", choices=SubsidyReason.choices)
    reason = serializers.SerializerMethodField(
        help_text=_("Why the order has its subsidy, in the language of Accept-Language.")
    )
    dietary_conflicts = DietaryConflictSerializer(many=True)
    created_at = serializers.DateTimeField()

    def get_dishes(self, order: Order) -> list[str]:
        return [dish.name for dish in order.dishes.all()]

    def get_reason(self, order: Order) -> str:
        return str(SubsidyReason(order.reason).label)

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"year": {"type": "integer"}, "version": {"type": "integer"}},
        }
    )
    def get_rule(self, order: Order) -> dict[str, int] | None:
        """The year and version of the subsidy tier the price was computed with."""
        if order.rule_year is None or order.rule_version is None:
            return None
        return {"year": order.rule_year, "version": order.rule_version}


class KitchenDishSerializer(serializers.Serializer):
    dish = serializers.CharField()
    tags = serializers.ListField(child=serializers.ChoiceField(choices=Tag.choices))
    dine_in = serializers.IntegerField()
    delivery = serializers.IntegerField()
    total = serializers.IntegerField()


class KitchenCountSerializer(serializers.Serializer):
    point = serializers.CharField(source="menu.point.code")
    date = serializers.DateField(source="menu.date")
    meal = serializers.ChoiceField(source="menu.meal", choices=Meal.choices)
    orders = serializers.IntegerField()
    dine_in = serializers.IntegerField()
    delivery = serializers.IntegerField()
    set_meals_dine_in = serializers.IntegerField()
    set_meals_delivery = serializers.IntegerField()
    dishes = KitchenDishSerializer(many=True)
    restrictions = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Diners keeping each diet (by tag).")
    )
    conflicts = serializers.IntegerField(
        help_text=_("Orders with a dish flagged against the diet.")
    )


class DeliveryStopSerializer(serializers.Serializer):
    stop = serializers.IntegerField()
    order = serializers.UUIDField(source="order.public_id")
    name = serializers.CharField(help_text=_("The elder's name, for the courier at the door."))
    phone = serializers.CharField(help_text=_("Masked: the point calls through the community."))
    address = serializers.CharField()
    community = serializers.CharField()
    dishes = serializers.ListField(child=serializers.CharField())
    dietary_restrictions = serializers.ListField(child=serializers.ChoiceField(choices=Tag.choices))
    status = serializers.ChoiceField(choices=Delivery.Status.choices)
    failure = serializers.CharField()


class DeliveryListSerializer(serializers.Serializer):
    point = serializers.CharField()
    date = serializers.DateField()
    meal = serializers.ChoiceField(choices=Meal.choices)
    stops = DeliveryStopSerializer(many=True)


class ServingsOutputSerializer(serializers.Serializer):
    recorded = serializers.IntegerField()
    orders = OrderSerializer(many=True)


class MealDayFiguresSerializer(serializers.Serializer):
    date = serializers.DateField()
    meals_served = serializers.IntegerField()
    elders_served = serializers.IntegerField()
    care_center_elders = serializers.IntegerField(
        help_text=_("Elders served at points on the care-center model.")
    )
    capacity_use = serializers.FloatField(
        allow_null=True, help_text=_("Seats taken over seats offered; null without menus.")
    )


class MealPointFiguresSerializer(serializers.Serializer):
    code = serializers.CharField(source="point__code")
    name = serializers.CharField(source="point__name")
    operating_model = serializers.ChoiceField(
        source="point__operating_model", choices=MealPoint.OperatingModel.choices
    )
    meals = serializers.IntegerField()
    elders = serializers.IntegerField()
    elders_per_day = serializers.FloatField()


class MealSubsidyFiguresSerializer(serializers.Serializer):
    month = serializers.CharField(help_text=_("YYYY-MM"))
    tier = serializers.CharField()
    tier_name = serializers.CharField()
    meals = serializers.IntegerField()
    subsidy = money()


class MealDeliveryFiguresSerializer(serializers.Serializer):
    delivered = serializers.IntegerField()
    failed = serializers.IntegerField()


class MealDishFiguresSerializer(serializers.Serializer):
    dish = serializers.CharField()
    times = serializers.IntegerField()


class MealFiguresSerializer(serializers.Serializer):
    start = serializers.DateField(source="from")
    end = serializers.DateField(source="to")
    points = serializers.IntegerField()
    care_center_points = serializers.IntegerField()
    seats_per_day = serializers.IntegerField()
    elders_per_day = serializers.IntegerField()
    care_center_elders_per_day = serializers.IntegerField()
    care_center_elders_per_point = serializers.FloatField(allow_null=True)
    days = MealDayFiguresSerializer(many=True)
    per_point = MealPointFiguresSerializer(many=True)
    subsidy = MealSubsidyFiguresSerializer(many=True)
    deliveries = MealDeliveryFiguresSerializer()
    dishes = MealDishFiguresSerializer(many=True)
