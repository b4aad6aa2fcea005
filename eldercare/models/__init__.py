"""Elder meals and community care.

- meal points under three operating models, their menus and dishes;
- enrolment of elders and the yearly subsidy tiers (``eldercare.pricing`` applies them);
- orders with hard capacity, standing orders, their pauses and the waiting list;
- home deliveries and the follow-ups a failed one raises;
- each caterer's monthly settlement;
- care centers, their classes and outings, and the care-planning norms.
"""

from eldercare.models.amounts import ZERO, money
from eldercare.models.care import Activity, ActivityQuerySet, ActivitySignup, SignupQuerySet
from eldercare.models.delivery import Delivery, DeliveryQuerySet, FollowUp, FollowUpQuerySet
from eldercare.models.enrolment import Enrolment, EnrolmentQuerySet
from eldercare.models.menus import SEAT_HOLDING, Dish, Menu, MenuQuerySet
from eldercare.models.orders import (
    Mode,
    Order,
    OrderQuerySet,
    StandingOrder,
    StandingOrderPause,
    StandingOrderQuerySet,
    SubsidyReason,
    WaitlistEntry,
    WaitlistQuerySet,
)
from eldercare.models.points import (
    CareCenter,
    CareCenterQuerySet,
    MealPoint,
    MealPointPause,
    MealPointPauseQuerySet,
    MealPointQuerySet,
)
from eldercare.models.rules import MealRule, PlanningNorm, SubdistrictPopulation, SubsidyTier
from eldercare.models.settlement import Settlement, SettlementAdjustment, SettlementLine
from eldercare.models.tags import Meal, Tag, conflicts, tag_labels

__all__ = [
    "SEAT_HOLDING",
    "ZERO",
    "Activity",
    "ActivityQuerySet",
    "ActivitySignup",
    "CareCenter",
    "CareCenterQuerySet",
    "Delivery",
    "DeliveryQuerySet",
    "Dish",
    "Enrolment",
    "EnrolmentQuerySet",
    "FollowUp",
    "FollowUpQuerySet",
    "Meal",
    "MealPoint",
    "MealPointPause",
    "MealPointPauseQuerySet",
    "MealPointQuerySet",
    "MealRule",
    "Menu",
    "MenuQuerySet",
    "Mode",
    "Order",
    "OrderQuerySet",
    "PlanningNorm",
    "Settlement",
    "SettlementAdjustment",
    "SettlementLine",
    "SignupQuerySet",
    "StandingOrder",
    "StandingOrderPause",
    "StandingOrderQuerySet",
    "SubdistrictPopulation",
    "SubsidyReason",
    "SubsidyTier",
    "Tag",
    "WaitlistEntry",
    "WaitlistQuerySet",
    "conflicts",
    "money",
    "tag_labels",
]
