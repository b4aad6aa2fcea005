"""The certificate program tells each owner when their case reaches a new step."""

from __future__ import annotations

import pytest

from housing import actions
from housing.models import Step
from licang.outbox.models import Message
from tests.housing.conftest import (  # noqa: F401  (the fixtures)
    _documents_folder,
    agent,
    complete_documents,
    estate,
    make_case,
)

pytestmark = pytest.mark.django_db


def test_an_owner_is_told_each_step_their_case_reaches(estate, make_case, housing_staff, resident):  # noqa: F811
    case = make_case(estate)
    complete_documents(case, housing_staff)
    actions.case_advance(case=case, to=Step.DOCUMENTS_COMPLETE, by=housing_staff)
    actions.case_advance(case=case, to=Step.TAX_ASSESSED, by=housing_staff)
    told = list(Message.objects.filter(event="case_step").order_by("created_at", "pk"))
    assert [m.resident for m in told] == [resident, resident]
    assert all(case.case_number in m.body for m in told)
    assert str(Step.TAX_ASSESSED.label) != told[1].body and "环节" in told[1].body
    assert resident.id_number not in "".join(m.body for m in told)
