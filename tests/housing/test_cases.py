"""A case's steps through the actions: one step at a time, corrections, holds and the checklist."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from housing import actions
from housing.models import STEPS, CaseMove, HoldReason, Step
from licang.errors import ConflictError
from tests.housing.conftest import complete_documents

pytestmark = pytest.mark.django_db


def test_a_case_walks_every_step_to_its_certificate(estate, make_case, housing_staff):
    case = make_case(estate)
    assert case.step == Step.NOT_STARTED
    complete_documents(case, housing_staff)
    for step in STEPS[1:]:
        case = actions.case_advance(case=case, to=step, by=housing_staff, note=f"到 {step}")
    assert case.step == Step.CERTIFICATE_ISSUED
    moves = list(case.moves.order_by("at", "pk"))
    assert [m.to_step for m in moves] == STEPS[1:]
    assert all(m.by_user == housing_staff for m in moves)
    assert moves[0].note == "到 documents_complete"


def test_it_refuses_documents_complete_while_an_item_is_missing(estate, make_case, housing_staff):
    case = make_case(estate)
    item = estate.checklist.get(code="id_card")
    actions.case_document_receive(case=case, item=item, by=housing_staff)
    with pytest.raises(ConflictError) as refused:
        actions.case_advance(case=case, to=Step.DOCUMENTS_COMPLETE, by=housing_staff)
    assert refused.value.code == "documents_missing"
    assert "户口簿" in str(refused.value) and "安置协议" in str(refused.value)
    assert "身份证" not in str(refused.value)
    case.refresh_from_db()
    assert case.step == Step.NOT_STARTED and not case.moves.exists()


def test_it_refuses_a_skipped_step_with_the_next_one_named(estate, make_case, housing_staff):
    case = make_case(estate)
    complete_documents(case, housing_staff)
    with pytest.raises(ConflictError) as refused:
        actions.case_advance(case=case, to=Step.TAX_ASSESSED, by=housing_staff)
    assert refused.value.code == "step_skipped"
    assert "材料齐全" in str(refused.value) or "Documents complete" in str(refused.value)


def test_it_refuses_going_back_without_a_correction(estate, make_case, housing_staff):
    case = make_case(estate)
    complete_documents(case, housing_staff)
    case = actions.case_advance(case=case, to=Step.DOCUMENTS_COMPLETE, by=housing_staff)
    case = actions.case_advance(case=case, to=Step.TAX_ASSESSED, by=housing_staff)
    with pytest.raises(ConflictError) as refused:
        actions.case_advance(case=case, to=Step.DOCUMENTS_COMPLETE, by=housing_staff)
    assert refused.value.code == "step_skipped"


def test_staff_correct_a_case_back_with_a_reason(estate, make_case, housing_staff):
    case = make_case(estate)
    complete_documents(case, housing_staff)
    case = actions.case_advance(case=case, to=Step.DOCUMENTS_COMPLETE, by=housing_staff)
    case = actions.case_advance(case=case, to=Step.TAX_ASSESSED, by=housing_staff)
    with pytest.raises(ValidationError):
        actions.case_correct(case=case, to=Step.DOCUMENTS_COMPLETE, by=housing_staff, reason=" ")
    case = actions.case_correct(
        case=case, to=Step.DOCUMENTS_COMPLETE, by=housing_staff, reason="面积核定有误，重新核税"
    )
    assert case.step == Step.DOCUMENTS_COMPLETE
    correction = case.moves.get(kind=CaseMove.Kind.CORRECTION)
    assert correction.from_step == Step.TAX_ASSESSED and correction.note == "面积核定有误，重新核税"
    # and it moves forward again from there
    assert actions.case_advance(case=case, to=Step.TAX_ASSESSED, by=housing_staff).step == (
        Step.TAX_ASSESSED
    )


def test_an_agent_may_not_record_a_correction(estate, make_case, agent, housing_staff):
    from licang.api.authentication import PartnerPrincipal

    case = make_case(estate)
    complete_documents(case, housing_staff)
    case = actions.case_advance(case=case, to=Step.DOCUMENTS_COMPLETE, by=housing_staff)
    with pytest.raises(PermissionDenied):
        actions.case_correct(
            case=case, to=Step.NOT_STARTED, by=PartnerPrincipal(agent.partner), reason="x"
        )


def test_a_held_case_does_not_move_and_resumes_where_it_stood(estate, make_case, housing_staff):
    case = make_case(estate)
    complete_documents(case, housing_staff)
    case = actions.case_advance(case=case, to=Step.DOCUMENTS_COMPLETE, by=housing_staff)
    case = actions.case_hold(
        case=case, reason=HoldReason.INHERITANCE_DISPUTE, by=housing_staff, note="继承人未协商一致"
    )
    with pytest.raises(ConflictError) as refused:
        actions.case_advance(case=case, to=Step.TAX_ASSESSED, by=housing_staff)
    assert refused.value.code == "on_hold"
    with pytest.raises(ConflictError):
        actions.case_hold(case=case, reason=HoldReason.OTHER, by=housing_staff)
    case = actions.case_resume(case=case, by=housing_staff, note="已公证")
    assert case.step == Step.DOCUMENTS_COMPLETE and not case.on_hold and case.hold_reason == ""
    assert actions.case_advance(case=case, to=Step.TAX_ASSESSED, by=housing_staff).step == (
        Step.TAX_ASSESSED
    )
    kinds = list(case.moves.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == ["advance", "hold", "resume", "advance"]


def test_nothing_moves_past_the_certificate(estate, make_case, housing_staff):
    case = make_case(estate)
    complete_documents(case, housing_staff)
    for step in STEPS[1:]:
        case = actions.case_advance(case=case, to=step, by=housing_staff)
    with pytest.raises(ConflictError) as refused:
        actions.case_advance(case=case, to=Step.CERTIFICATE_ISSUED, by=housing_staff)
    assert refused.value.code == "step_skipped"


def test_case_numbers_are_random_and_unique(estate, make_case):
    numbers = {make_case(estate).case_number for _ in range(20)}
    assert len(numbers) == 20
    assert all(n.startswith("FC") and len(n) == 12 for n in numbers)
