"""Importing property units and their owners: dry run, confirm, re-import, scope, counters, history.

Personas (``tests/conftest.py``): ``housing_staff`` edit units district-wide and see masked ID
numbers; ``licun_housing`` is 李村 subdistrict staff given the unit permissions, so that an estate
of 九水 is outside their part of the district; ``licun_staff`` (view only) gets no unit import.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from housing import actions as housing_actions
from housing.models import Case, Estate, Unit, UnitOwner
from licang.imports import tasks
from licang.imports.kinds import kinds_for
from licang.imports.models import ImportBatch, ImportRow
from tests.factories import ROLE, make_resident, make_staff
from tests.imports.conftest import as_csv, confirm_and_write, id_number, reasons_by_row, upload

pytestmark = pytest.mark.django_db

HEADINGS = ["小区", "楼号", "单元", "房号", "类型", "面积", "产权人身份证号", "份额"]
KIND = "property_units"


def make_estate(community: Any, name: str, *, homes: int = 260, shops: int = 30) -> Estate:
    return housing_actions.estate_save(
        estate=Estate(
            code=f"estate-{Estate.objects.count() + 1}",
            name_zh_hans=name,
            community=community,
            land_type=Estate.LandType.ALLOCATED,
            year_occupied=2000,
            homes=homes,
            shops=shops,
        )
    )


@pytest.fixture
def estate(district: Any) -> Estate:
    return make_estate(district.licun_a, "杨哥庄北小区")


@pytest.fixture
def owners(district: Any) -> list[Any]:
    return [
        make_resident(district.licun_a, name=name, birth=datetime.date(1960 + i, 3, 1))
        for i, name in enumerate(["王建国", "李秀英", "张伟"])
    ]


@pytest.fixture
def licun_housing(district: Any) -> Any:
    """李村 subdistrict staff who may also edit units (their role alone may not)."""
    user = make_staff("licun_housing", ROLE.SUBDISTRICT_STAFF, subdistrict_code="licun")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="housing",
            codename__in=[
                "add_unit",
                "change_unit",
                "add_unitowner",
                "change_unitowner",
                "add_case",
            ],
        )
    )
    return type(user).objects.get(pk=user.pk)  # without the permissions cached before


def import_file(client: Any, rows: list[list[str]], headings: list[str] = HEADINGS) -> ImportBatch:
    response = upload(client, as_csv(rows, headings=headings), name="units.csv", kind=KIND)
    assert response.status_code == 302
    batch = ImportBatch.objects.latest("uploaded_at")
    tasks.validate_batch(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch


def owned(unit: Unit) -> dict[str, Decimal]:
    return dict(UnitOwner.objects.filter(unit=unit).values_list("resident__id_number", "share"))


def test_the_dry_run_refuses_exactly_the_bad_rows_and_confirm_writes_the_rest(
    licun_housing, district, estate, owners, as_user
):
    make_estate(district.jiushui_a, "九水花园")
    a, b, _c = (o.id_number for o in owners)
    elsewhere = make_resident(district.jiushui_a, name="赵强", birth=datetime.date(1970, 1, 2))
    bad_check_digit = a[:17] + ("0" if a[17] != "0" else "1")
    rows = [
        ["杨哥庄北小区", "1", "1", "101", "住宅", "68.5", a, ""],
        ["杨哥庄北小区", "1", "1", "102", "", "72.30㎡", f"{a}、{b}", ""],
        ["不存在小区", "1", "1", "103", "住宅", "60", a, ""],
        ["九水花园", "1", "1", "101", "住宅", "60", a, ""],
        ["杨哥庄北小区", "1", "1", "104", "住宅", "60", bad_check_digit, ""],
        ["杨哥庄北小区", "1", "1", "105", "住宅", "60", id_number(4242), ""],
        ["杨哥庄北小区", "1", "1", "106", "住宅", "六十", a, ""],
        ["杨哥庄北小区", "1", "1", "101", "住宅", "68.5", a, ""],
        ["杨哥庄北小区", "商铺", "", "S01", "商铺", "45.5", f"{a},{b}", "70、30"],
        ["杨哥庄北小区", "1", "1", "107", "住宅", "60", elsewhere.id_number, ""],
    ]
    client = as_user(licun_housing)
    batch = import_file(client, rows)

    assert Unit.objects.count() == 0
    assert (batch.status, batch.created_count, batch.refused_count) == ("validated", 3, 7)
    assert reasons_by_row(batch) == {
        4: ["estate"],
        5: ["estate"],
        6: ["owners"],
        7: ["owners"],
        8: ["floor_area"],
        9: [""],
        11: ["owners"],  # a resident of 九水, outside their part of the district
    }
    messages = {
        row.number: row.reasons[0][1]
        for row in ImportRow.objects.filter(batch=batch, outcome="refused")
    }
    assert "不存在小区" in messages[4] and "不在您" in messages[5]
    assert "校验" in messages[6] and "不在您辖区" in messages[7]
    assert id_number(4242) not in messages[7]

    batch = confirm_and_write(client, batch)
    assert (batch.status, batch.written_count) == ("done", 3)
    units = {u.room: u for u in Unit.objects.filter(estate=estate)}
    assert set(units) == {"101", "102", "S01"}
    assert (units["102"].kind, units["102"].floor_area) == ("home", Decimal("72.30"))
    assert units["S01"].kind == "shop"
    assert owned(units["102"]) == {a: Decimal("50.00"), b: Decimal("50.00")}
    assert owned(units["S01"]) == {a: Decimal("70.00"), b: Decimal("30.00")}
    # a new unit opens its case, as when staff add one
    cases = Case.objects.filter(unit__estate=estate)
    assert sorted(c.step for c in cases) == ["not_started"] * 3
    assert all(c.case_number.startswith("FC") for c in cases)


def test_re_importing_the_same_file_changes_nothing(housing_staff, estate, owners, as_user):
    a, b, _c = (o.id_number for o in owners)
    rows = [
        ["杨哥庄北小区", "2", "1", "201", "住宅", "80", f"{a}、{b}", "60、40"],
        ["杨哥庄北小区", "2", "1", "202", "", "75.25", "", ""],
    ]
    client = as_user(housing_staff)
    confirm_and_write(client, import_file(client, rows))
    events = (Unit.pgh_event_model.objects.count(), UnitOwner.pgh_event_model.objects.count())

    again = import_file(client, rows)

    assert (again.unchanged_count, again.to_write) == (2, 0)
    response = client.get(reverse("admin:imports_importbatch_change", args=[again.pk]))
    assert "没有可写入的数据" in response.content.decode()
    assert Case.objects.count() == 2
    after = (Unit.pgh_event_model.objects.count(), UnitOwner.pgh_event_model.objects.count())
    assert after == events


def test_an_update_changes_only_what_differs_and_keeps_blank_cells(
    housing_staff, estate, owners, as_user
):
    a, b, c = owners
    unit = housing_actions.unit_save(
        unit=Unit(estate=estate, building="3", entrance="", room="301", floor_area=Decimal("60")),
        owners=[(a, Decimal(100))],
    )
    other = housing_actions.unit_save(
        unit=Unit(estate=estate, building="3", entrance="", room="302", floor_area=Decimal("61")),
        owners=[(c, Decimal(100))],
    )
    rows = [
        ["杨哥庄北小区", "3", "", "301", "", "60.00", f"{a.id_number}、{b.id_number}", "60、40"],
        ["杨哥庄北小区", "3", "", "302", "商铺", "", "", ""],
    ]
    client = as_user(housing_staff)
    batch = import_file(client, rows)
    changes = dict(ImportRow.objects.filter(batch=batch).values_list("number", "changes"))
    assert changes == {2: ["owners"], 3: ["kind"]}

    assert confirm_and_write(client, batch).status == "done"
    unit.refresh_from_db()
    other.refresh_from_db()
    assert (unit.floor_area, other.kind, other.floor_area) == (60, "shop", Decimal("61.00"))
    assert owned(unit) == {a.id_number: Decimal("60.00"), b.id_number: Decimal("40.00")}
    assert owned(other) == {c.id_number: Decimal("100.00")}
    assert Case.objects.filter(unit__in=[unit, other]).count() == 2  # no second case
    # the owners named replace the unit's, as in ``unit_save``: the old row goes, two come
    events = UnitOwner.pgh_event_model.objects.filter(unit_id=unit.pk)
    assert sorted(events.values_list("pgh_label", "resident_id", "share")) == sorted(
        [
            ("insert", a.pk, Decimal("100.00")),
            ("delete", a.pk, Decimal("100.00")),
            ("insert", a.pk, Decimal("60.00")),
            ("insert", b.pk, Decimal("40.00")),
        ]
    )
    # the unit whose area and owners did not change has no new event
    assert Unit.pgh_event_model.objects.filter(pgh_obj_id=unit.pk).count() == 1


def test_a_unit_edited_since_the_dry_run_fails_the_batch_and_writes_nothing(
    housing_staff, estate, owners, as_user
):
    a = owners[0]
    unit = housing_actions.unit_save(
        unit=Unit(estate=estate, building="4", room="401", floor_area=Decimal("60")),
        owners=[(a, Decimal(100))],
    )
    rows = [
        ["杨哥庄北小区", "4", "", "401", "", "65", "", ""],
        ["杨哥庄北小区", "4", "", "402", "", "66", a.id_number, ""],
    ]
    client = as_user(housing_staff)
    batch = import_file(client, rows)
    assert (batch.created_count, batch.updated_count) == (1, 1)
    unit.floor_area = Decimal("62")  # staff correct the area at the counter meanwhile
    housing_actions.unit_save(unit=unit)

    batch = confirm_and_write(client, batch)

    assert batch.status == "failed" and "未写入" in batch.error
    unit.refresh_from_db()
    assert unit.floor_area == Decimal("62.00")
    assert not Unit.objects.filter(room="402").exists()


def test_a_unit_added_since_the_dry_run_fails_the_batch_and_writes_nothing(
    housing_staff, estate, owners, as_user
):
    rows = [
        ["杨哥庄北小区", "8", "", "801", "", "65", owners[0].id_number, ""],
        ["杨哥庄北小区", "8", "", "802", "", "66", "", ""],
    ]
    client = as_user(housing_staff)
    batch = import_file(client, rows)
    housing_actions.unit_save(unit=Unit(estate=estate, building="8", room="802", floor_area=70))

    batch = confirm_and_write(client, batch)

    assert batch.status == "failed" and "新增" in batch.error
    assert list(Unit.objects.values_list("room", flat=True)) == ["802"]
    assert Case.objects.count() == 1 and not UnitOwner.objects.exists()


def test_the_write_refuses_to_take_an_estate_past_its_homes_added_meanwhile(
    housing_staff, district, as_user
):
    small = make_estate(district.licun_b, "东李安置小区", homes=1, shops=0)
    client = as_user(housing_staff)
    batch = import_file(client, [["东李安置小区", "1", "", "101", "", "50", "", ""]])
    assert batch.created_count == 1
    housing_actions.unit_save(unit=Unit(estate=small, building="1", room="102", floor_area=50))

    batch = confirm_and_write(client, batch)

    assert batch.status == "failed" and "东李安置小区" in batch.error
    assert Unit.objects.filter(estate=small).count() == 1


def test_rows_past_the_estate_s_numbers_of_homes_and_shops_are_refused(
    housing_staff, district, owners, as_user
):
    small = make_estate(district.licun_b, "东李安置小区", homes=2, shops=0)
    housing_actions.unit_save(unit=Unit(estate=small, building="1", room="101", floor_area=50))
    rows = [
        ["东李安置小区", "1", "", "102", "住宅", "50", "", ""],
        ["东李安置小区", "1", "", "102", "住宅", "50", "", ""],  # a duplicate takes no home
        ["东李安置小区", "1", "", "103", "住宅", "50", "", ""],
        ["东李安置小区", "1", "", "S1", "商铺", "30", "", ""],
    ]
    batch = import_file(as_user(housing_staff), rows)
    assert reasons_by_row(batch) == {3: [""], 4: ["kind"], 5: ["kind"]}
    assert batch.created_count == 1


def test_the_report_masks_every_owner_s_id_number(housing_staff, estate, owners, as_user):
    a, b, _c = (o.id_number for o in owners)
    client = as_user(housing_staff)  # housing staff may not see full ID numbers
    batch = import_file(client, [["杨哥庄北小区", "5", "", "501", "", "70", f"{a}、{b}", ""]])
    page = client.get(reverse("admin:imports_importbatch_change", args=[batch.pk]))
    text = page.content.decode()
    assert a not in text and b not in text
    assert f"{a[:6]}********{a[-4:]}、{b[:6]}********{b[-4:]}" in text


def test_chinese_synonyms_of_the_headings_are_accepted(housing_staff, estate, owners, as_user):
    headings = [
        "小区名称",
        "楼栋",
        "单元号",
        "房间号",
        "房屋用途",
        "建筑面积（㎡）",
        "产权人身份证号码",
    ]
    rows = [["杨哥庄北小区", "6", "2", "601", "住宅", "88.8", owners[0].id_number]]
    batch = import_file(as_user(housing_staff), rows, headings)
    assert (batch.created_count, batch.refused_count, batch.ignored_headings) == (1, 0, [])


def test_staff_whose_role_may_not_edit_units_do_not_get_the_kind(
    licun_staff, health_staff, outsider, housing_staff, licun_housing, as_user
):
    for user in (licun_staff, health_staff, outsider):
        assert KIND not in [k.code for k in kinds_for(user)]
        response = upload(as_user(user), as_csv([], headings=HEADINGS), name="u.csv", kind=KIND)
        assert response.status_code != 302
    assert not ImportBatch.objects.exists()
    assert KIND in [k.code for k in kinds_for(housing_staff)]
    assert KIND in [k.code for k in kinds_for(licun_housing)]


def test_the_write_keeps_the_history_with_the_batch_in_its_context(
    housing_staff, estate, owners, as_user
):
    client = as_user(housing_staff)
    batch = import_file(
        client, [["杨哥庄北小区", "7", "", "701", "", "70", owners[0].id_number, ""]]
    )
    confirm_and_write(client, batch)
    unit = Unit.objects.get(room="701")
    for model, obj in (
        (Unit, unit),
        (Case, unit.case),
        (UnitOwner, UnitOwner.objects.get(unit=unit)),
    ):
        event = model.pgh_event_model.objects.get(pgh_obj_id=obj.pk)
        assert event.pgh_label == "insert"
        assert event.pgh_context.metadata["import_batch"] == str(batch.public_id)
        assert event.pgh_context.metadata["user"] == housing_staff.pk


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_the_template_has_the_chinese_headings(
    housing_staff, licun_staff, as_user, extension, tmp_path
):
    url = reverse("admin:imports_importbatch_template", args=[KIND, extension])
    response = as_user(housing_staff).get(url)
    assert response.status_code == 200
    assert f"{KIND}-template.{extension}" in response["Content-Disposition"]
    if extension == "csv":
        first = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    else:
        path = tmp_path / "t.xlsx"
        path.write_bytes(response.content)
        first = [c.value for c in next(openpyxl.load_workbook(path).active.iter_rows())]
    assert first == HEADINGS
    assert as_user(licun_staff).get(url).status_code == 404
