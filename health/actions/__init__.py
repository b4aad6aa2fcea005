"""Every state change of the health programs. Admin, pages, API, commands and the demo call these.

Invalid input raises ``ValidationError`` (a field-keyed dict); a request that conflicts with the
current state (a cap used up, a second check in a year, the same eye twice, a budget exceeded)
raises ``ConflictError`` whose message is the plain-language reason.

One module per subdomain: ``budgets`` (rules and budgets), ``places``, ``ledger``,
``insurance``, ``checkups``, ``cataract``; ``decisions`` is the one approve/reject/pay lifecycle
of claims and cataract cases.
"""

from health.actions.budgets import budget_override, budget_save, rule_save
from health.actions.cataract import (
    cataract_case_approve,
    cataract_case_file,
    cataract_case_pay,
    cataract_case_reject,
)
from health.actions.checkups import (
    CheckupRow,
    checkup_cancel,
    checkup_complete,
    checkup_record,
    checkups_import,
)
from health.actions.decisions import (
    decision_approve,
    decision_moves,
    decision_pay,
    decision_reject,
)
from health.actions.insurance import (
    claim_approve,
    claim_pay,
    claim_reject,
    claim_submit,
    policy_issue,
    special_family_save,
)
from health.actions.places import (
    check_site_close,
    check_site_save,
    designation_end,
    designation_save,
)

__all__ = [
    "CheckupRow",
    "budget_override",
    "budget_save",
    "cataract_case_approve",
    "cataract_case_file",
    "cataract_case_pay",
    "cataract_case_reject",
    "check_site_close",
    "check_site_save",
    "checkup_cancel",
    "checkup_complete",
    "checkup_record",
    "checkups_import",
    "claim_approve",
    "claim_pay",
    "claim_reject",
    "claim_submit",
    "decision_approve",
    "decision_moves",
    "decision_pay",
    "decision_reject",
    "designation_end",
    "designation_save",
    "policy_issue",
    "rule_save",
    "special_family_save",
]
