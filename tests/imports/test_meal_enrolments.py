"""Importing elders' meal enrolments: the enrol action's rules row by row, scope, re-import,
compare-and-set updates, history, who is offered the kind, and its template.

Time stands still on Monday 15 June 2026 (Asia/Shanghai); the meal rules are those of the
program's data migration (elders from 60 in 2025 and 2026, no rule for later years).
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import resolve, reverse

from eldercare import actions
from eldercare.models import Enrolment, MealRule
from licang.imports.kinds import Row, kind_named, kinds_for
from licang.imports.models import ImportBatch, ImportRow
from licang.models import Partner
from tests import factories
from tests.eldercare.conftest import make_point
from tests.imports.conftest import (
    as_csv,
    as_xlsx,
    confirm_and_write,
    reasons_by_row,
    run_dry_run,
    upload,
)

pytestmark = pytest.mark.django_db

HEADINGS = ["身份证号", "姓名", "助餐点编号", "饮食禁忌", "是否送餐", "开始日期"]
START = "2026-06-15"
History = Enrolment.pgh_event_model


@pytest.fixture(autouse=True)
def frozen_time():
    moment = datetime.datetime(2026, 6, 15, 8, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def points(district):
    """Two points of 李村社区: one delivering within 1,500 m, one that does not deliver."""
    caterer, _token, _secret = factories.make_partner(Partner.Kind.CATERER)
    return SimpleNamespace(
        delivers=make_point(caterer, district.licun_a),
        no_delivery=make_point(caterer, district.licun_a, delivery_radius_m=0),
    )


def elder(community: Any, name: str = "王桂兰", birth=datetime.date(1950, 3, 2)) -> Any:
    return factories.make_resident(community, name=name, birth=birth)


def meal_file(rows: list[list[str]], headings: list[str] = HEADINGS) -> bytes:
    return as_csv(rows, headings=headings)


def send(client, content: bytes, name: str = "助餐.csv") -> ImportBatch:
    response = upload(client, content, name=name, kind="meal_enrolments")
    assert response.status_code == 302
    # by the page it leads to: time stands still, so batches share their upload time
    batch_id = resolve(response["Location"]).kwargs["object_id"]
    return run_dry_run(ImportBatch.objects.get(pk=batch_id))


def test_the_dry_run_refuses_exactly_the_bad_rows_and_confirm_enrols_the_rest(
    licun_staff, district, points, as_user
):
    client = as_user(licun_staff)
    code, quiet = points.delivers.code, points.no_delivery.code
    good = elder(district.licun_a)
    others = [elder(district.licun_a, name=f"老人{i}") for i in range(6)]
    young = elder(district.licun_a, name="张伟", birth=datetime.date(1980, 5, 17))
    elsewhere = elder(district.jiushui_a, name="刘芳")
    unknown = factories.id_number_for(datetime.date(1948, 1, 1))
    rows = [
        [good.id_number, "王桂兰", code, "低盐、软烂", "是", START],  # 2: enrolled
        [unknown, "", code, "", "", START],  # 3: not in the registry
        [young.id_number, "", code, "", "", START],  # 4: 46, under the rule's 60
        [others[0].id_number, "", "mp-nowhere", "", "", START],  # 5: unknown point
        [elsewhere.id_number, "", code, "", "", START],  # 6: another subdistrict's
        [good.id_number, "", code, "", "", START],  # 7: row 2 again
        [others[1].id_number, "", quiet, "", "是", START],  # 8: the point does not deliver
        [others[2].id_number, "", code, "辣", "", START],  # 9: no such restriction
        [others[3].id_number, "", code, "", "", "2026-13-01"],  # 10: no such date
        [others[4].id_number, "", code, "", "", "2031-01-05"],  # 11: no rule for 2031
        [others[5].id_number, "李强", code, "", "", START],  # 12: another name
    ]
    batch = send(client, meal_file(rows))

    assert not Enrolment.objects.exists()
    assert (batch.status, batch.created_count, batch.refused_count) == ("validated", 1, 10)
    assert reasons_by_row(batch) == {
        3: ["id_number"],
        4: ["id_number"],
        5: ["point"],
        6: ["id_number"],
        7: [""],
        8: ["needs_delivery"],
        9: ["dietary_restrictions"],
        10: ["enrolled_on"],
        11: ["enrolled_on"],
        12: ["name"],
    }
    too_young = ImportRow.objects.get(batch=batch, number=4).reasons[0][1]
    assert "60" in too_young and "46" in too_young
    assert "负责范围以外" in ImportRow.objects.get(batch=batch, number=6).reasons[0][1]
    assert "2031" in ImportRow.objects.get(batch=batch, number=11).reasons[0][1]

    batch = confirm_and_write(client, batch)
    assert (batch.status, batch.written_count) == ("done", 1)
    enrolment = Enrolment.objects.get()
    assert (enrolment.resident, enrolment.point, enrolment.status) == (
        good,
        points.delivers,
        "active",
    )
    assert enrolment.dietary_restrictions == ["low_salt", "soft"]
    assert enrolment.needs_delivery and enrolment.enrolled_on == datetime.date(2026, 6, 15)
    assert enrolment.enrolled_by == licun_staff


def test_re_importing_the_same_file_changes_nothing(licun_staff, district, points, as_user):
    client = as_user(licun_staff)
    elders = [elder(district.licun_a, name=f"老人{i}") for i in range(3)]
    content = meal_file(
        [[e.id_number, e.name, points.delivers.code, "低糖", "否", START] for e in elders]
    )
    assert confirm_and_write(client, send(client, content)).written_count == 3
    before = list(Enrolment.objects.values().order_by("pk"))
    events = History.objects.count()

    again = send(client, content)

    assert (again.unchanged_count, again.to_write) == (3, 0)
    assert list(Enrolment.objects.values().order_by("pk")) == before
    assert History.objects.count() == events


def test_an_update_changes_only_what_differs_and_a_blank_cell_keeps_the_enrolment(
    licun_staff, district, points, as_user
):
    enrolment = actions.enrolment_create(
        resident=elder(district.licun_a),
        point=points.delivers,
        enrolled_on=datetime.date(2026, 3, 1),
        dietary_restrictions=["low_salt"],
        needs_delivery=True,
    )
    client = as_user(licun_staff)
    number = enrolment.resident.id_number
    batch = send(client, meal_file([[number, "", points.delivers.code, "", "否", ""]]))
    row = ImportRow.objects.get(batch=batch)
    assert (row.outcome, row.changes) == ("update", ["needs_delivery"])

    assert confirm_and_write(client, batch).status == "done"
    enrolment.refresh_from_db()
    assert not enrolment.needs_delivery
    assert enrolment.dietary_restrictions == ["low_salt"]
    assert enrolment.enrolled_on == datetime.date(2026, 3, 1)
    event = History.objects.filter(pgh_obj=enrolment).latest("pgh_id")
    assert (event.pgh_label, event.needs_delivery) == ("update", False)
    assert event.pgh_context.metadata["import_batch"] == str(batch.public_id)
    assert event.pgh_context.metadata["user"] == licun_staff.pk


def test_an_enrolment_edited_since_the_dry_run_fails_the_batch_and_writes_nothing(
    licun_staff, district, points, as_user
):
    enrolment = actions.enrolment_create(
        resident=elder(district.licun_a),
        point=points.delivers,
        enrolled_on=datetime.date(2026, 3, 1),
    )
    newcomer = elder(district.licun_a, name="新老人")
    client = as_user(licun_staff)
    batch = send(
        client,
        meal_file(
            [
                [enrolment.resident.id_number, "", points.delivers.code, "清真", "", ""],
                [newcomer.id_number, "", points.delivers.code, "", "", START],
            ]
        ),
    )
    assert (batch.created_count, batch.updated_count) == (1, 1)
    # staff change the diet at the desk between the dry run and the confirmation
    enrolment.dietary_restrictions = ["vegetarian"]
    actions.enrolment_save(enrolment=enrolment)

    batch = confirm_and_write(client, batch)

    assert batch.status == "failed"
    assert "未写入" in batch.error or "Nothing was written" in batch.error
    enrolment.refresh_from_db()
    assert enrolment.dietary_restrictions == ["vegetarian"]
    assert not Enrolment.objects.filter(resident=newcomer).exists()


def test_every_enrolment_written_has_its_history_with_the_batch_and_the_confirming_user(
    licun_staff, district, points, as_user
):
    client = as_user(licun_staff)
    elders = [elder(district.licun_a, name=f"老人{i}") for i in range(2)]
    batch = send(
        client, meal_file([[e.id_number, "", points.delivers.code, "", "", START] for e in elders])
    )
    confirm_and_write(client, batch)

    events = History.objects.filter(pgh_label="insert").select_related("pgh_context")
    assert sorted(e.resident_id for e in events) == sorted(e.pk for e in elders)
    assert {e.pgh_obj_id for e in events} == set(Enrolment.objects.values_list("pk", flat=True))
    assert {e.pgh_context.metadata["import_batch"] for e in events} == {str(batch.public_id)}
    assert {e.pgh_context.metadata["user"] for e in events} == {licun_staff.pk}


def test_the_age_is_the_rule_of_the_start_dates_year_as_the_database_holds_it(
    licun_staff, district, points, as_user
):
    rule = MealRule.objects.get(year=2026)
    rule.elder_age = 65
    actions.rule_save(rule=rule)
    sixty_two = elder(district.licun_a, birth=datetime.date(1964, 1, 10))
    rows = [
        [sixty_two.id_number, "", points.delivers.code, "", "", START],
        [sixty_two.id_number, "", points.delivers.code, "", "", "2025-12-31"],
    ]
    batch = send(as_user(licun_staff), meal_file(rows[:1]))
    assert reasons_by_row(batch) == {2: ["id_number"]}
    assert "65" in ImportRow.objects.get(batch=batch).reasons[0][1]
    # 2025's rule is still 60: at 61 on the last day of 2025 the elder is one
    assert send(as_user(licun_staff), meal_file(rows[1:])).created_count == 1


def test_center_staff_import_only_the_elders_of_the_communities_they_serve(
    center_staff, district, points, as_user
):
    served, not_served = elder(district.licun_b), elder(district.licun_c, name="赵敏")
    batch = send(
        as_user(center_staff),
        meal_file(
            [[e.id_number, "", points.delivers.code, "", "", START] for e in (served, not_served)]
        ),
    )
    assert (batch.created_count, reasons_by_row(batch)) == (1, {3: ["id_number"]})


def test_the_report_masks_the_id_number_unless_the_reader_may_see_full_identity(
    center_staff, licun_staff, district, points, as_user
):
    someone = elder(district.licun_a)
    content = meal_file([[someone.id_number, "", points.delivers.code, "", "", START]])
    for user, shown in ((center_staff, someone.masked_id_number), (licun_staff, someone.id_number)):
        client = as_user(user)
        batch = send(client, content)
        page = client.get(reverse("admin:imports_importbatch_change", args=[batch.pk]))
        report = page.content.decode()
        assert shown in report
        if shown != someone.id_number:
            assert someone.id_number not in report


def test_chinese_synonyms_an_xlsx_date_cell_and_english_restrictions_are_read(
    licun_staff, district, points, as_user
):
    someone = elder(district.licun_a)
    headings = ["公民身份号码", "老人姓名", "助餐点", "忌口", "送餐上门", "登记日期"]
    date_cell = datetime.datetime(2026, 6, 1)  # noqa: DTZ001 - an Excel cell has no time zone
    rows = [[someone.id_number, "王桂兰", points.delivers.name, "Low salt, soft", "是", date_cell]]
    batch = send(as_user(licun_staff), as_xlsx(rows, headings=headings), name="助餐.xlsx")
    row = ImportRow.objects.get(batch=batch)
    assert (row.outcome, row.data["point_id"]) == ("create", points.delivers.pk)
    assert (row.data["restrictions"], row.data["enrolled_on"]) == (
        ["low_salt", "soft"],
        "2026-06-01",
    )


def test_staff_whose_role_may_not_enrol_elders_are_not_offered_the_kind(
    health_staff, licun_staff, as_user
):
    kind = kind_named("meal_enrolments")
    assert kind in kinds_for(licun_staff)
    assert kind not in kinds_for(health_staff)  # health staff read the registry, never enrol
    # a health-program member who may also edit residents is offered residents, not enrolments
    health_staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="registry", codename__in=["add_resident", "change_resident"]
        )
    )
    health_staff = type(health_staff).objects.get(pk=health_staff.pk)  # no cached permissions
    client = as_user(health_staff)
    page = client.get(reverse("admin:imports_importbatch_add")).content.decode()
    assert 'value="residents"' in page and 'value="meal_enrolments"' not in page
    template = reverse("admin:imports_importbatch_template", args=["meal_enrolments", "csv"])
    assert client.get(template).status_code == 404
    upload(client, meal_file([]), kind="meal_enrolments")
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_the_template_downloads_with_chinese_headings_and_reads_back(
    licun_staff, district, points, as_user, extension, tmp_path
):
    client = as_user(licun_staff)
    url = reverse("admin:imports_importbatch_template", args=["meal_enrolments", extension])
    response = client.get(url)
    assert response.status_code == 200
    assert "meal_enrolments-template" in response["Content-Disposition"]
    if extension == "csv":
        headings = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    else:
        path = tmp_path / "t.xlsx"
        path.write_bytes(response.content)
        headings = [c.value for c in next(openpyxl.load_workbook(path).active.iter_rows())]
    assert headings == HEADINGS

    someone = elder(district.licun_a)
    filled = meal_file([[someone.id_number, "", points.delivers.code, "", "", START]], headings)
    assert send(client, filled).created_count == 1


def test_the_dry_run_reads_the_registry_in_three_queries_a_chunk_whatever_its_rows(
    licun_staff, district, points, django_assert_num_queries
):
    kind = kind_named("meal_enrolments")
    context = kind.context(ImportBatch(uploaded_by=licun_staff))
    elders = [elder(district.licun_a, name=f"老人{i}") for i in range(30)]

    def rows(count: int) -> list[Row]:
        return [
            Row(n, {"id_number": e.id_number, "point": points.delivers.code, "enrolled_on": START})
            for n, e in enumerate(elders[:count], start=2)
        ]

    kind.validate(rows(1), context)  # reads the uploader's scope and 2026's rule once
    # the residents, those in the uploader's scope, and their current enrolments
    with django_assert_num_queries(3):
        checked = kind.validate(rows(30), context)
    assert {c.outcome for c in checked} == {"create"}
