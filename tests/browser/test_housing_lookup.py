"""A family looks up its property-certificate case on a phone: the right case number and ID
characters answer the step, a wrong pair nothing, and repeated failures are throttled."""

from decimal import Decimal

import pytest

from housing import actions
from housing.models import Case, Step, Unit
from tests.housing.conftest import make_estate

pytestmark = pytest.mark.browser


@pytest.fixture
def family_case(district, resident, housing_staff, partners):
    estate = make_estate(district.licun_a, "ygz-north", None, "杨哥庄北小区")
    unit = actions.unit_save(
        unit=Unit(estate=estate, building="3", entrance="2", room="501", floor_area=Decimal("72")),
        owners=[(resident, Decimal(100))],
    )
    case = Case.objects.get(unit=unit)
    actions.case_document_receive(
        case=case, item=estate.checklist.get(code="id_card"), by=housing_staff
    )
    actions.case_document_receive(
        case=case, item=estate.checklist.get(code="household_book"), by=housing_staff
    )
    return case


def look_up(page, number, four):
    page.get_by_label("案件编号").fill(number)
    page.get_by_label("产权人身份证号码后四位").fill(four)
    page.get_by_role("button", name="查询").click()


def test_a_family_finds_its_step_a_stranger_nothing_and_guessing_is_throttled(
    page, transactional_db, settings, family_case, resident, housing_staff
):
    # day-long windows: the test never straddles a window boundary
    settings.HOUSING_LOOKUP_LIMITS = {"client": (4, 86400), "case": (3, 86400)}
    page.goto("/housing/")
    page.get_by_role("link", name="查询办证进度").click()

    # the right pair: the step, the date it was reached, what is still to bring
    look_up(page, family_case.case_number.lower(), resident.id_number[-4:])
    result = page.get_by_test_id("lookup-result")
    result.wait_for()
    assert "未开始" in result.inner_text()
    assert "安置协议" in result.locator(".missing").inner_text()
    assert "身份证" not in result.locator(".missing").inner_text()
    assert resident.name not in page.content() and resident.id_number not in page.content()

    # staff move the case on; the family sees the new step
    actions.case_document_receive(
        case=family_case,
        item=family_case.unit.estate.checklist.get(code="agreement"),
        by=housing_staff,
    )
    actions.case_advance(case=family_case, to=Step.DOCUMENTS_COMPLETE, by=housing_staff)
    look_up(page, family_case.case_number, resident.id_number[-4:])
    assert "材料齐全" in page.get_by_test_id("lookup-result").inner_text()
    assert "目前无需再提交材料" in page.content()

    # a wrong pair: one message, nothing about the case
    look_up(page, family_case.case_number, "0000")
    page.get_by_role("alert").wait_for()
    assert "没有与该案件编号和身份证后四位相符的案件" in page.get_by_role("alert").inner_text()
    assert page.get_by_test_id("lookup-result").count() == 0
    assert "杨哥庄北小区" not in page.content()

    # two more failures on this case number: the case's short window is used up; even the
    # right pair waits (a quarter hour at most by default), and says so
    look_up(page, family_case.case_number, "1111")
    look_up(page, family_case.case_number, "2222")
    look_up(page, family_case.case_number, resident.id_number[-4:])
    page.get_by_role("alert").wait_for()
    assert "尝试次数过多" in page.get_by_role("alert").inner_text()
    assert page.get_by_test_id("lookup-result").count() == 0
