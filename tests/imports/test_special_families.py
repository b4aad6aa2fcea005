"""Importing special family-planning families: dry run, confirm, re-import, scope, history."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from pghistory.models import Context

from health import actions as health_actions
from health.models import SpecialFamily
from licang.imports.kinds import kinds_for
from licang.imports.models import ImportBatch, ImportRow
from tests.factories import id_number_for, make_household, make_resident
from tests.imports.conftest import (
    as_csv,
    as_xlsx,
    confirm_and_write,
    reasons_by_row,
    run_dry_run,
    upload,
)

pytestmark = pytest.mark.django_db

HEADINGS = ["身份证号", "姓名", "家庭类别", "证明编号", "认定日期"]
KIND = "special_families"


def import_file(client, rows, *, headings=HEADINGS) -> ImportBatch:
    response = upload(client, as_csv(rows, headings=headings), name="families.csv", kind=KIND)
    assert response.status_code == 302
    return run_dry_run(ImportBatch.objects.latest("uploaded_at"))


def parent(community, name: str, birth: datetime.date, **fields):
    household = make_household(community)
    return make_resident(community, name=name, birth=birth, household=household, **fields)


def family_of(person) -> SpecialFamily:
    return SpecialFamily.objects.get(household=person.household_id)


@pytest.fixture
def parents(district):
    return [
        parent(district.licun_a, name, datetime.date(1960, 1, i + 1))
        for i, name in enumerate(["王芳", "李强", "张敏", "刘洋"])
    ]


@pytest.fixture
def licun_family_editor(center_staff):
    """Center staff (李村社区 and 东李社区, masked ID numbers) given the family permissions."""
    center_staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="health",
            codename__in=["add_specialfamily", "change_specialfamily"],
        )
    )
    return center_staff


def test_the_dry_run_refuses_bad_rows_with_their_field_and_confirm_writes_the_rest(
    health_staff, district, parents, as_user
):
    client = as_user(health_staff)
    known = parents[1]
    health_actions.special_family_save(
        family=SpecialFamily(household=known.household, situation="child_died")
    )
    stranger = id_number_for(datetime.date(1961, 5, 5))
    rows = [
        [parents[0].id_number, "王芳", "独生子女死亡", "TJ-2019-001", "2019-03-01"],
        [known.id_number, "李强", "", "TJ-2015-007", "2015/6/9"],  # an update of two fields
        [stranger, "无名", "独生子女伤残", "", ""],
        [parents[2].id_number, "张敏", "离异", "", ""],
        [parents[0].id_number, "王芳", "独生子女死亡", "TJ-2019-001", "2019-03-01"],
        [parents[3].id_number, "刘洋", "伤残", "", "2019-02-30"],
    ]
    batch = import_file(client, rows)

    assert SpecialFamily.objects.count() == 1
    assert (batch.status, batch.created_count, batch.updated_count, batch.refused_count) == (
        "validated",
        1,
        1,
        4,
    )
    assert reasons_by_row(batch) == {
        4: ["id_number"],
        5: ["situation"],
        6: [""],
        7: ["recognised_on"],
    }
    assert ImportRow.objects.get(batch=batch, number=3).changes == [
        "certificate_number",
        "recognised_on",
    ]
    unknown = ImportRow.objects.get(batch=batch, number=4).reasons[0][1]
    assert "身份证号" in unknown or "ID number" in unknown

    batch = confirm_and_write(client, batch)
    assert (batch.status, batch.written_count) == ("done", 2)
    created = family_of(parents[0])
    assert (created.situation, created.certificate_number, created.recognised_on) == (
        "child_died",
        "TJ-2019-001",
        datetime.date(2019, 3, 1),
    )
    updated = family_of(known)
    assert (updated.situation, updated.certificate_number, updated.recognised_on) == (
        "child_died",  # a blank category keeps the record's
        "TJ-2015-007",
        datetime.date(2015, 6, 9),
    )


def test_re_importing_the_same_file_changes_nothing(health_staff, district, parents, as_user):
    client = as_user(health_staff)
    rows = [
        [parents[0].id_number, "王芳", "独生子女死亡", "TJ-1", "2019-03-01"],
        [parents[1].id_number, "", "child_disabled", "", ""],
    ]
    confirm_and_write(client, import_file(client, rows))
    Event = SpecialFamily.pgh_event_model
    before = list(SpecialFamily.objects.values().order_by("pk")), Event.objects.count()

    again = import_file(client, rows)

    assert (again.unchanged_count, again.to_write) == (2, 0)
    assert (list(SpecialFamily.objects.values().order_by("pk")), Event.objects.count()) == before


def test_two_parents_of_one_household_are_one_family(health_staff, district, parents, as_user):
    client = as_user(health_staff)
    spouse = make_resident(
        district.licun_a,
        name="王伟",
        birth=datetime.date(1958, 8, 8),
        household=parents[0].household,
    )
    rows = [
        [parents[0].id_number, "王芳", "独生子女死亡", "", ""],
        [spouse.id_number, "王伟", "独生子女死亡", "", ""],
    ]
    batch = confirm_and_write(client, import_file(client, rows))
    assert (batch.written_count, batch.refused_count) == (1, 1)
    assert SpecialFamily.objects.filter(household=parents[0].household).count() == 1


def test_a_person_outside_the_uploaders_part_of_the_district_is_refused_and_masked(
    licun_family_editor, district, parents, as_user
):
    client = as_user(licun_family_editor)
    outside = parent(district.licun_c, "赵静", datetime.date(1962, 2, 2))  # not the center's
    no_household = make_resident(district.licun_a, name="孙丽", birth=datetime.date(1963, 3, 3))
    rows = [
        [parents[0].id_number, "", "独生子女死亡", "", ""],
        [outside.id_number, "", "独生子女死亡", "", ""],
        [no_household.id_number, "", "独生子女死亡", "", ""],
        [parents[1].id_number, "李四", "独生子女死亡", "", ""],  # another name than the registry's
    ]
    batch = import_file(client, rows)

    assert reasons_by_row(batch) == {3: ["id_number"], 4: ["id_number"], 5: ["name"]}
    message = ImportRow.objects.get(batch=batch, number=3).reasons[0][1]
    assert "outside your part of the district" in message or "范围以外" in message
    page = client.get(reverse("admin:imports_importbatch_change", args=[batch.pk]))
    content = page.content.decode()
    assert outside.id_number not in content and outside.id_number[:6] + "********" in content


def test_a_role_without_the_family_permissions_is_not_offered_the_kind(
    licun_staff, outsider, district, as_user
):
    # subdistrict staff import residents but only read special families
    assert KIND not in [k.code for k in kinds_for(licun_staff)]
    assert kinds_for(outsider) == []
    client = as_user(licun_staff)
    page = client.get(reverse("admin:imports_importbatch_add")).content.decode()
    assert "家庭类别" not in page
    template = reverse("admin:imports_importbatch_template", args=[KIND, "csv"])
    assert client.get(template).status_code == 404
    upload(client, as_csv([], headings=HEADINGS), name="families.csv", kind=KIND)
    assert not ImportBatch.objects.exists()


def test_the_write_keeps_the_history_of_each_family_with_the_batch(
    health_staff, district, parents, as_user
):
    client = as_user(health_staff)
    known = parents[1]
    health_actions.special_family_save(
        family=SpecialFamily(household=known.household, situation="child_died")
    )
    rows = [
        [parents[0].id_number, "", "独生子女伤残", "", ""],
        [known.id_number, "", "独生子女伤残", "", ""],
    ]
    batch = confirm_and_write(client, import_file(client, rows))

    events = SpecialFamily.pgh_event_model.objects.filter(
        pgh_context__metadata__import_batch=str(batch.public_id)
    )
    assert sorted(events.values_list("pgh_label", "pgh_obj_id", "situation")) == sorted(
        [
            ("insert", family_of(parents[0]).pk, "child_disabled"),
            ("update", family_of(known).pk, "child_disabled"),
        ]
    )
    context = Context.objects.get(metadata__import_batch=str(batch.public_id))
    assert context.metadata["user"] == health_staff.pk


def test_a_family_edited_after_the_dry_run_fails_the_batch_and_writes_nothing(
    health_staff, district, parents, as_user
):
    client = as_user(health_staff)
    known = health_actions.special_family_save(
        family=SpecialFamily(household=parents[1].household, situation="child_died")
    )
    rows = [
        [parents[0].id_number, "", "独生子女死亡", "", ""],
        [parents[1].id_number, "", "", "TJ-9", ""],
    ]
    batch = import_file(client, rows)
    known.certificate_number = "TJ-8"  # edited in the admin meanwhile
    health_actions.special_family_save(family=known)

    batch = confirm_and_write(client, batch)
    assert batch.status == "failed"
    assert "Nothing was written" in batch.error or "未写入" in batch.error
    assert list(SpecialFamily.objects.values_list("certificate_number", flat=True)) == ["TJ-8"]


def test_an_xlsx_file_with_other_headings_and_date_cells_is_read(
    health_staff, district, parents, as_user
):
    client = as_user(health_staff)
    rows = [[parents[0].id_number, "独生子女死亡家庭", datetime.date(2018, 4, 2), "TJ-7"]]
    content = as_xlsx(rows, headings=["公民身份号码", "特殊家庭类别", "认定时间", "证书号"])
    upload(client, content, name="特殊家庭.xlsx", kind=KIND)
    batch = run_dry_run(ImportBatch.objects.latest("uploaded_at"))
    assert (batch.created_count, batch.refused_count) == (1, 0)
    confirm_and_write(client, batch)
    assert family_of(parents[0]).recognised_on == datetime.date(2018, 4, 2)


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_the_template_is_downloadable_with_chinese_headings(
    health_staff, as_user, extension, tmp_path
):
    client = as_user(health_staff)
    page = client.get(reverse("admin:imports_importbatch_add")).content.decode()
    url = reverse("admin:imports_importbatch_template", args=[KIND, extension])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert f"{KIND}-template.{extension}" in response["Content-Disposition"]
    if extension == "csv":
        first = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    else:
        path = tmp_path / "t.xlsx"
        path.write_bytes(response.content)
        first = [c.value for c in next(openpyxl.load_workbook(path).active.iter_rows())]
    assert first == HEADINGS
