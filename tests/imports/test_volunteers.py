"""Importing the linkage's volunteers from spreadsheets: residents and others, their communities,
re-imports, compare-and-set updates, who may import, history and the template."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from licang.imports.kinds import kinds_for
from licang.imports.models import ImportBatch, ImportRow
from services.linkage import actions
from services.linkage.imports import LIST, _days
from services.linkage.models import Volunteer
from tests.factories import make_resident
from tests.imports.conftest import (
    as_csv,
    as_xlsx,
    confirm_and_write,
    latest_batch,
    reasons_by_row,
    run_dry_run,
    upload,
)

pytestmark = pytest.mark.django_db

HEADINGS = ["姓名", "身份证号", "手机号", "技能", "服务社区", "每周可服务时间", "同意联系"]
Event = Volunteer.pgh_event_model


def volunteer_csv(rows: list[list[str]], headings: list[str] = HEADINGS) -> bytes:
    return as_csv(rows, headings=headings)


def make_volunteer(name: str, phone: str, communities: list, **fields) -> Volunteer:
    return actions.volunteer_save(
        volunteer=Volunteer(name=name, phone=phone, **fields), communities=communities
    )


@pytest.fixture
def people(district):
    """王伟 lives in 李村社区 (李村), 赵刚 in 九水路社区 (九水, outside 李村's staff scope)."""
    wang = make_resident(district.licun_a, name="王伟", phone="13811110001")
    zhao = make_resident(district.jiushui_a, name="赵刚", phone="13811110002", male=False)
    return wang, zhao


def a_file(people) -> list[list[str]]:
    wang, zhao = people
    bad_check = wang.id_number[:-1] + ("0" if wang.id_number[-1] != "0" else "1")
    return [
        # 2: a resident, the phone left to the registry's
        ["王伟", wang.id_number, "", "照护、陪伴", "李村社区、东李社区", "周二、周六", "是"],
        # 3: not a resident, found by the phone
        ["李娜", "", "139 0000 0002", "维修;学习辅导", "李村社区", "周一至周五", "否"],
        ["张敏", bad_check, "13900000003", "照护", "李村社区", "周一", "是"],  # 4
        ["刘洋", "", "1234", "照护", "李村社区", "周一", "是"],  # 5
        ["陈静", "", "13900000005", "照护", "不存在社区", "周一", "是"],  # 6
        ["赵刚", zhao.id_number, "13900000006", "照护", "李村社区", "周一", "是"],  # 7
        ["杨丽", "", "13900000007", "照护", "九水路社区", "周一", "是"],  # 8
        ["李娜", "", "13900000002", "维修", "东李社区", "周三", "是"],  # 9: row 3 again
        ["黄磊", "", "13900000009", "照护", "李村社区", "周一", "也许"],  # 10
        ["周杰", "", "13900000010", "开飞机", "李村社区", "周八", "是"],  # 11
    ]


def test_the_dry_run_refuses_exactly_the_bad_rows_with_their_fields(
    licun_staff, district, people, as_user
):
    upload(as_user(licun_staff), volunteer_csv(a_file(people)), kind="volunteers")
    batch = run_dry_run(latest_batch())

    assert Volunteer.objects.count() == 0
    assert (batch.status, batch.created_count, batch.refused_count) == ("validated", 2, 8)
    assert reasons_by_row(batch) == {
        4: ["id_number"],
        5: ["phone"],
        6: ["communities"],
        7: ["id_number"],
        8: ["communities"],
        9: [""],
        10: ["consents_to_contact"],
        11: ["skills", "available_on"],
    }
    outside = dict(ImportRow.objects.get(batch=batch, number=7).reasons)["id_number"]
    assert "负责范围以外" in outside or "outside your part" in outside
    resident = ImportRow.objects.get(batch=batch, number=2).data
    assert resident["phone"] == "13811110001"  # the registry's
    assert resident["available_on"] == "星期二、星期六"


def test_confirm_writes_residents_and_others_with_their_communities_and_history(
    licun_staff, district, people, as_user
):
    client = as_user(licun_staff)
    upload(client, volunteer_csv(a_file(people)), kind="volunteers")
    batch = confirm_and_write(client, run_dry_run(latest_batch()))

    assert (batch.status, batch.written_count) == ("done", 2)
    wang = Volunteer.objects.get(name="王伟")
    assert (wang.resident, wang.phone, wang.skills) == (
        people[0],
        "13811110001",
        ["care", "companionship"],
    )
    assert (wang.available_on, wang.consents_to_contact, wang.is_active) == ([1, 5], True, True)
    assert set(wang.communities.all()) == {district.licun_a, district.licun_b}
    li = Volunteer.objects.get(phone="13900000002")
    assert (li.name, li.resident, li.skills) == ("李娜", None, ["repairs", "study"])
    assert (li.available_on, li.consents_to_contact) == ([0, 1, 2, 3, 4], False)
    assert list(li.communities.all()) == [district.licun_a]
    events = Event.objects.filter(pgh_label="insert").select_related("pgh_context")
    assert sorted(e.pgh_obj_id for e in events) == sorted([wang.pk, li.pk])
    assert {e.pgh_context.metadata["import_batch"] for e in events} == {str(batch.public_id)}


def test_re_importing_the_same_file_changes_nothing(licun_staff, district, people, as_user):
    client = as_user(licun_staff)
    content = volunteer_csv(a_file(people)[:2])
    upload(client, content, kind="volunteers")
    confirm_and_write(client, run_dry_run(latest_batch()))
    before = list(Volunteer.objects.values_list("pk", "phone", "skills", "available_on"))

    upload(client, content, kind="volunteers")
    again = run_dry_run(latest_batch())

    assert (again.unchanged_count, again.to_write) == (2, 0)
    assert list(Volunteer.objects.values_list("pk", "phone", "skills", "available_on")) == before
    assert Event.objects.count() == 2


def test_an_update_changes_only_what_differs_and_keeps_communities_outside_the_scope(
    licun_staff, district, as_user
):
    known = make_volunteer(
        "李娜",
        "13900000002",
        [district.licun_a, district.jiushui_a],
        skills=["repairs"],
        available_on=[2],
    )
    client = as_user(licun_staff)
    upload(
        client,
        volunteer_csv([["李娜", "", "13900000002", "维修、照护", "东李社区", "", ""]]),
        kind="volunteers",
    )
    batch = run_dry_run(latest_batch())
    row = ImportRow.objects.get(batch=batch)
    assert (row.outcome, row.changes) == ("update", ["skills", "communities"])

    assert confirm_and_write(client, batch).status == "done"
    known.refresh_from_db()
    assert (known.skills, known.available_on) == (["care", "repairs"], [2])
    assert set(known.communities.all()) == {district.licun_b, district.jiushui_a}
    event = Event.objects.filter(pgh_obj=known, pgh_label="update").get()
    assert event.pgh_context.metadata["import_batch"] == str(batch.public_id)


def test_a_volunteer_edited_after_the_dry_run_is_not_overwritten(licun_staff, district, as_user):
    known = make_volunteer("李娜", "13900000002", [district.licun_a], skills=["repairs"])
    client = as_user(licun_staff)
    upload(
        client,
        volunteer_csv(
            [
                ["李娜", "", "13900000002", "照护", "", "", ""],
                ["王芳", "", "13900000003", "照护", "李村社区", "", "是"],
            ]
        ),
        kind="volunteers",
    )
    batch = run_dry_run(latest_batch())
    assert (batch.created_count, batch.updated_count) == (1, 1)
    # staff change the volunteer's communities at the desk meanwhile
    actions.volunteer_save(volunteer=known, communities=[district.licun_b])

    batch = confirm_and_write(client, batch)
    assert batch.status == "failed"
    assert "未写入" in batch.error or "Nothing was written" in batch.error
    known.refresh_from_db()
    assert known.skills == ["repairs"]
    assert not Volunteer.objects.filter(phone="13900000003").exists()


def test_a_phone_of_another_volunteer_under_another_name_is_refused(
    licun_staff, district, people, as_user
):
    make_volunteer("李娜", "13900000002", [district.licun_a])
    wang = people[0]
    upload(
        as_user(licun_staff),
        volunteer_csv(
            [
                ["张敏", "", "13900000002", "照护", "李村社区", "", ""],
                ["王伟", wang.id_number, "13900000002", "照护", "李村社区", "", ""],
            ]
        ),
        kind="volunteers",
    )
    batch = run_dry_run(latest_batch())
    assert reasons_by_row(batch) == {2: ["phone"], 3: ["phone"]}


def test_roles_without_the_volunteer_permissions_do_not_get_the_kind(
    health_staff, outsider, licun_staff, center_staff, district, as_user
):
    assert "volunteers" in [k.code for k in kinds_for(licun_staff)]
    assert "volunteers" in [k.code for k in kinds_for(center_staff)]
    for user in (health_staff, outsider):
        assert "volunteers" not in [k.code for k in kinds_for(user)]
        client = as_user(user)
        # 403, or the form refusing the kind when the role may import others
        assert upload(client, volunteer_csv([]), kind="volunteers").status_code in (200, 403)
        assert not ImportBatch.objects.exists()
        template = reverse("admin:imports_importbatch_template", args=["volunteers", "csv"])
        assert client.get(template).status_code in (403, 404)


def test_the_report_masks_id_numbers_and_phones(center_staff, district, people, as_user):
    client = as_user(center_staff)  # center staff may not see full ID numbers
    upload(client, volunteer_csv(a_file(people)[:2]), kind="volunteers")
    batch = run_dry_run(latest_batch())
    page = client.get(reverse("admin:imports_importbatch_change", args=[batch.pk])).content
    text = page.decode()
    assert people[0].id_number not in text and people[0].id_number[:6] + "********" in text
    assert "13900000002" not in text and "139****0002" in text


def test_other_headings_an_xlsx_file_the_organisation_and_the_active_flag(
    licun_staff, district, as_user
):
    from services.linkage.models import SocialOrganisation

    organisation = actions.organisation_save(
        organisation=SocialOrganisation(
            slug="haixin",
            name="青岛心海公益服务中心",
            registration_number="52370213MJ0000001X",
            kind=SocialOrganisation.Kind.SOCIAL_WORK,
            founded_on="2015-03-01",
        )
    )
    headings = [
        "志愿者姓名",
        "手机",
        "特长",
        "社区",
        "空闲时间",
        "是否同意联系",
        "所属组织",
        "在册",
    ]
    rows = [
        ["李娜", "13900000002", "Care", "东李社区", "工作日", "y", "青岛心海公益服务中心", "否"]
    ]
    client = as_user(licun_staff)
    upload(client, as_xlsx(rows, headings=headings), name="志愿者.xlsx", kind="volunteers")
    confirm_and_write(client, run_dry_run(latest_batch()))
    li = Volunteer.objects.get()
    assert (li.organisation, li.is_active, li.consents_to_contact) == (organisation, False, True)
    assert (li.skills, li.available_on) == (["care"], [0, 1, 2, 3, 4])


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_the_templates_are_offered_and_downloadable_with_chinese_headings(
    licun_staff, as_user, extension
):
    client = as_user(licun_staff)
    url = reverse("admin:imports_importbatch_template", args=["volunteers", extension])
    assert url in client.get(reverse("admin:imports_importbatch_add")).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert 'filename="volunteers-template' in response["Content-Disposition"]
    if extension == "csv":
        first = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        first = [c.value for c in next(sheet.iter_rows())]
    assert first[:8] == [*HEADINGS[:3], "电子邮箱", *HEADINGS[3:]]


@pytest.mark.parametrize(
    ("cell", "days"),
    [
        ("周一、周三", [0, 2]),
        ("星期一至星期五", [0, 1, 2, 3, 4]),
        ("周一三五", [0, 2, 4]),
        ("每周六上午，周日", [5, 6]),
        ("1-3", [0, 1, 2]),
        ("周末", [5, 6]),
        ("Monday, tue", [0, 1]),
    ],
)
def test_the_weekdays_are_read_in_the_forms_staff_write(cell, days):
    reasons: list[tuple[str, str]] = []
    assert _days(LIST.split(cell), reasons) == days
    assert reasons == []


def test_a_weekday_range_backwards_is_refused():
    reasons: list[tuple[str, str]] = []
    _days(["周五至周一"], reasons)
    assert [field for field, _message in reasons] == ["available_on"]


def test_an_e_mail_column_is_checked_written_updated_and_masked(
    center_staff, licun_staff, district, as_user
):
    headings = ["姓名", "手机号", "电子邮件", "服务社区"]
    rows = [
        ["李娜", "13900000002", "lina@mail.example", "李村社区"],
        ["黄磊", "13900000009", "不是邮箱", "李村社区"],
        ["周杰", "13900000010", "", "李村社区"],
    ]
    client = as_user(licun_staff)
    upload(client, volunteer_csv(rows, headings), kind="volunteers")
    batch = run_dry_run(latest_batch())
    assert reasons_by_row(batch) == {3: ["email"]}
    assert "不是邮箱" in dict(ImportRow.objects.get(batch=batch, number=3).reasons)["email"]
    confirm_and_write(client, batch)
    assert dict(Volunteer.objects.values_list("name", "email")) == {
        "李娜": "lina@mail.example",
        "周杰": "",
    }

    # a new address updates the volunteer; a blank cell keeps the one on record
    rows = [["李娜", "13900000002", "li.na@mail.example", ""], ["周杰", "13900000010", "", ""]]
    upload(as_user(center_staff), volunteer_csv(rows, headings), kind="volunteers")
    again = run_dry_run(latest_batch())
    assert (again.updated_count, again.unchanged_count) == (1, 1)
    page = as_user(center_staff).get(reverse("admin:imports_importbatch_change", args=[again.pk]))
    assert "li.na@mail.example" not in page.content.decode()
    assert "l***@mail.example" in page.content.decode()
