"""Every state change of the meal program: admin, pages, API, jobs and commands call these."""

from eldercare.actions.care import (
    activity_save,
    activity_sign_up,
    care_center_save,
    population_save,
    signup_cancel,
)
from eldercare.actions.delivery import delivery_record, follow_up_close
from eldercare.actions.enrolment import (
    enrolment_create,
    enrolment_end,
    enrolment_resume,
    enrolment_save,
    enrolment_suspend,
)
from eldercare.actions.menus import dish_delete, dish_save, menu_publish, menu_save
from eldercare.actions.orders import (
    ServingLine,
    order_cancel,
    order_mark,
    order_place,
    servings_record,
)
from eldercare.actions.points import meal_point_save, pause_save, rule_save, tier_save
from eldercare.actions.regulars import (
    standing_order_pause_save,
    standing_order_save,
    standing_orders_place,
)
from eldercare.actions.settlement import (
    settlement_adjust,
    settlement_approve,
    settlement_compute,
    settlement_correct,
)

__all__ = [
    "ServingLine",
    "activity_save",
    "activity_sign_up",
    "care_center_save",
    "delivery_record",
    "dish_delete",
    "dish_save",
    "enrolment_create",
    "enrolment_end",
    "enrolment_resume",
    "enrolment_save",
    "enrolment_suspend",
    "follow_up_close",
    "meal_point_save",
    "menu_publish",
    "menu_save",
    "order_cancel",
    "order_mark",
    "order_place",
    "pause_save",
    "population_save",
    "rule_save",
    "servings_record",
    "settlement_adjust",
    "settlement_approve",
    "settlement_compute",
    "settlement_correct",
    "signup_cancel",
    "standing_order_pause_save",
    "standing_order_save",
    "standing_orders_place",
    "tier_save",
]
