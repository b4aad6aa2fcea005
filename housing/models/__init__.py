"""Property-certificate cases.

- ``Estate``: a resettlement estate, its ``Obstacle``s, ``Milestone``s and document checklist
  (``ChecklistItem``, set per estate by staff: the program's rule as data);
- ``Unit`` (home or shop) with its owners (``UnitOwner``, shares);
- ``Case``: one per unit, moving step by step (``Step``) to ``certificate_issued``, with holds for
  special causes; each move is a ``CaseMove``; received documents are ``CaseDocument``s;
- ``ProcessingDay``: a day on site whose batch leaves one ``ProcessingDayEntry`` per case.
"""

from housing.models.cases import (
    STEPS,
    Case,
    CaseDocument,
    CaseMove,
    CaseQuerySet,
    HoldReason,
    Step,
    Unit,
    UnitOwner,
    UnitQuerySet,
    new_case_number,
    next_step,
    step_index,
)
from housing.models.days import ProcessingDay, ProcessingDayEntry, ProcessingDayQuerySet
from housing.models.estates import (
    ChecklistItem,
    ChecklistItemQuerySet,
    Estate,
    EstateQuerySet,
    Milestone,
    MilestoneQuerySet,
    Obstacle,
    ObstacleQuerySet,
)

__all__ = [
    "STEPS",
    "Case",
    "CaseDocument",
    "CaseMove",
    "CaseQuerySet",
    "ChecklistItem",
    "ChecklistItemQuerySet",
    "Estate",
    "EstateQuerySet",
    "HoldReason",
    "Milestone",
    "MilestoneQuerySet",
    "Obstacle",
    "ObstacleQuerySet",
    "ProcessingDay",
    "ProcessingDayEntry",
    "ProcessingDayQuerySet",
    "Step",
    "Unit",
    "UnitOwner",
    "UnitQuerySet",
    "new_case_number",
    "next_step",
    "step_index",
]
