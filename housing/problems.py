"""The API problem codes of the property-certificate program, added to the project's catalogue
(``licang.api.problems.PROBLEM_TYPES``, explained at /api/problems/<code>) when this module is
imported. ``housing.api`` imports it, and the URL configuration imports ``housing.api`` before any
request is answered, so every page of the catalogue and every answer knows these codes. The
plumbing names no program; the messages are translated in this app's catalogue."""

from django.utils.translation import gettext_lazy as _

from licang.api.problems import PROBLEM_TYPES as CATALOGUE
from licang.api.problems import ProblemType

PROBLEM_TYPES: dict[str, ProblemType] = {
    "step_skipped": ProblemType(
        409,
        _(
            "The step asked for is not the case's next step: steps cannot be skipped, and a step "
            "back is a correction that only staff record with its reason."
        ),
        _("Fetch the case: next_step says which step it can take now."),
    ),
    "documents_missing": ProblemType(
        409,
        _("The case cannot be marked documents-complete while checklist items are missing."),
        _("Upload the items listed in missing_documents, then try again."),
    ),
    "on_hold": ProblemType(
        409,
        _("The case is on hold for a special cause and does not move."),
        _("Staff resume the case once the cause is solved."),
    ),
    "not_on_hold": ProblemType(
        409, _("The case is not on hold."), _("Nothing to resume: fetch the case.")
    ),
    "obstacle_open": ProblemType(
        409,
        _(
            "The estate's initial registration cannot be recorded while a blocking obstacle is "
            "open."
        ),
        _("Resolve the obstacle first (its status, resolution and date)."),
    ),
}

for _code, _problem_type in PROBLEM_TYPES.items():
    CATALOGUE.setdefault(_code, _problem_type)
