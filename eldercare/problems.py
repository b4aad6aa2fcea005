"""The problem codes of the meal program's API, added to ``licang.api.problems.PROBLEM_TYPES``
(listed at ``/api/problems/``) when the API module imports this one."""

from django.utils.translation import gettext_lazy as _

from licang.api import problems
from licang.api.problems import ProblemType

PROBLEM_TYPES = {
    "too_few_dishes": ProblemType(
        400,
        _("A meal needs at least the year's minimum number of dishes to be published."),
        _("Add dishes up to the minimum given in the answer."),
    ),
    "unknown_point": ProblemType(
        400, _("No meal point has this code."), _("Use a code from the meal-points list.")
    ),
    "batch_refused": ProblemType(
        400,
        _("Some lines of the batch are wrong; nothing of the batch was recorded."),
        _("Correct the lines listed in `lines` and send the whole batch again."),
    ),
    "elders_only": ProblemType(
        400,
        _("The point serves enrolled elders only."),
        _("Give the elder's ID number, or choose a point open to the public."),
    ),
    "not_an_elder": ProblemType(
        400,
        _("The person is younger than the program's age for elders."),
        _("Order for them as a member of the public, without an ID number."),
    ),
    "meal_full": ProblemType(
        409,
        _("Every seat of the meal is taken."),
        _("Order the next meal with seats, given in the answer as next_available."),
    ),
    "past_cutoff": ProblemType(
        409,
        _("Orders and cancellations for the meal closed at its cut-off time."),
        _("Order a later meal."),
    ),
    "no_menu": ProblemType(
        409,
        _("No menu is published for this meal yet."),
        _("Ask the caterer to publish the menu, or choose another day."),
    ),
    "point_paused": ProblemType(
        409,
        _("The meal point serves no meals on that day."),
        _("Go to the point named in the answer instead."),
    ),
    "menu_has_orders": ProblemType(
        409,
        _("The menu already has orders and can no longer be changed."),
        _("Publish the change as a note to the point, or cancel the orders first."),
    ),
    "delivery_not_offered": ProblemType(
        409,
        _("The point does not deliver, or delivery needs an enrolled elder."),
        _("Order to dine in."),
    ),
    "order_closed": ProblemType(
        409,
        _("The order can no longer be changed in this way; the detail says why."),
        _("Read the order's status."),
    ),
    "month_settled": ProblemType(
        409,
        _("The caterer's settlement for that month is approved and locked."),
        _("Record a correction; it goes into the next month as an adjustment."),
    ),
    "already_enrolled": ProblemType(
        409,
        _("The elder already has a current enrolment."),
        _("Change or end the current enrolment."),
    ),
    "activity_full": ProblemType(
        409,
        _("Every place of the class or outing is taken."),
        _("Choose another class or outing."),
    ),
}


problems.PROBLEM_TYPES.update(PROBLEM_TYPES)
