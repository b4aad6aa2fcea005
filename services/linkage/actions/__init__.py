"""Every state change of the five-society linkage: one action each (admin, pages and API call
them)."""

from services.linkage.actions.directory import (
    organisation_save,
    resource_draw,
    resource_return,
    resource_save,
    social_worker_save,
    volunteer_from_center,
    volunteer_save,
)
from services.linkage.actions.hours import hours_confirm, hours_log, hours_refuse
from services.linkage.actions.needs import (
    MOVES,
    need_add,
    need_match,
    need_progress,
    need_save,
    visit_record,
    visit_save,
)
from services.linkage.actions.projects import (
    funding_set,
    milestone_reach,
    milestone_save,
    project_progress_update,
    project_save,
    spending_record,
)
from services.linkage.actions.wishes import (
    child_record_read,
    child_save,
    pledge_accept,
    pledge_decline,
    pledge_offer,
    wish_adopt,
    wish_collect,
    wish_fulfil,
    wish_save,
)

__all__ = [
    "MOVES",
    "child_record_read",
    "child_save",
    "funding_set",
    "hours_confirm",
    "hours_log",
    "hours_refuse",
    "milestone_reach",
    "milestone_save",
    "need_add",
    "need_match",
    "need_progress",
    "need_save",
    "organisation_save",
    "pledge_accept",
    "pledge_decline",
    "pledge_offer",
    "project_progress_update",
    "project_save",
    "resource_draw",
    "resource_return",
    "resource_save",
    "social_worker_save",
    "spending_record",
    "visit_record",
    "visit_save",
    "volunteer_from_center",
    "volunteer_save",
    "wish_adopt",
    "wish_collect",
    "wish_fulfil",
    "wish_save",
]
