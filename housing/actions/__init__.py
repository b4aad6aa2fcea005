"""Every state change of the property-certificate program. Admin, pages, API, commands and the
demo call these.

Invalid input raises ``ValidationError`` (a field-keyed dict); a request that conflicts with the
current state (a skipped step, a held case, missing documents, an open blocking obstacle) raises
``ConflictError`` whose message is the plain-language reason.
"""

from housing.actions.cases import (
    advance_refusal,
    case_advance,
    case_correct,
    case_document_receive,
    case_documents_receive_all,
    case_hold,
    case_resume,
    missing_items,
)
from housing.actions.days import processing_day_apply, processing_day_save
from housing.actions.estates import (
    checklist_item_save,
    estate_save,
    milestone_record,
    obstacle_save,
    unit_save,
)

__all__ = [
    "advance_refusal",
    "case_advance",
    "case_correct",
    "case_document_receive",
    "case_documents_receive_all",
    "case_hold",
    "case_resume",
    "checklist_item_save",
    "estate_save",
    "milestone_record",
    "missing_items",
    "obstacle_save",
    "processing_day_apply",
    "processing_day_save",
    "unit_save",
]
