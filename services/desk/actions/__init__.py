"""Actions of the service desk: the catalogue and service requests from filing to rating.

``catalogue`` writes the catalogue and checks answers to its questions; ``filing`` files requests
and records their steps; ``moves`` moves them on, through ``request_move``. Callers import this
package (``from services.desk import actions``).
"""

from services.desk.access import FILING_PARTNER_KINDS
from services.desk.actions.catalogue import (
    clean_answers,
    service_category_delete,
    service_category_save,
    service_item_deactivate,
    service_item_save,
    service_question_delete,
    service_question_save,
)
from services.desk.actions.filing import (
    State,
    Step,
    new_reference,
    request_prepare,
    request_submit,
)
from services.desk.actions.moves import (
    ACTION_VERBS,
    MOVE_STEPS,
    TRANSITIONS,
    request_accept,
    request_assign,
    request_cancel,
    request_complete,
    request_move,
    request_moves_available,
    request_rate,
    request_reject,
    request_reopen,
    request_start,
)

__all__ = [
    "ACTION_VERBS",
    "FILING_PARTNER_KINDS",
    "MOVE_STEPS",
    "TRANSITIONS",
    "State",
    "Step",
    "clean_answers",
    "new_reference",
    "request_accept",
    "request_assign",
    "request_cancel",
    "request_complete",
    "request_move",
    "request_moves_available",
    "request_prepare",
    "request_rate",
    "request_reject",
    "request_reopen",
    "request_start",
    "request_submit",
    "service_category_delete",
    "service_category_save",
    "service_item_deactivate",
    "service_item_save",
    "service_question_delete",
    "service_question_save",
]
