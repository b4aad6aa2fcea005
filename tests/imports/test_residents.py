"""Importing residents and households from spreadsheets: dry run, confirm, re-import, scope."""

from __future__ import annotations

import pytest
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from licang.imports import actions, files
from licang.imports.models import ImportBatch, ImportRow
from licang.registry.actions import resident_save
from licang.registry.models import Household, Resident
from tests.factories import make_household, make_resident
from tests.imports.conftest import (
    as_csv,
    as_xlsx,
    confirm_and_write,
    id_number,
    latest_batch,
    reasons_by_row,
    resident_rows,
    run_dry_run,
    upload,
)

pytestmark = pytest.mark.django_db


def test_the_upload_stores_the_file_and_defers_the_dry_run_without_reading_it(
    licun_staff, district, as_user, monkeypatch
):
    def never(*args, **kwargs):
        raise AssertionError("a request parsed the file")

    monkeypatch.setattr(files, "read_rows", never)
    response = upload(as_user(licun_staff), as_csv(resident_rows(3, "李村社区")))

    batch = latest_batch()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:imports_importbatch_change", args=[batch.pk])
    assert (batch.status, batch.total_rows, ImportRow.objects.count()) == ("uploaded", 0, 0)
    job = ProcrastinateJob.objects.get(task_name="imports.validate_batch")
    assert job.args == {"batch_id": batch.pk}


def test_the_dry_run_writes_nothing_and_confirm_writes_every_valid_row(
    licun_staff, district, as_user
):
    client = as_user(licun_staff)
    rows = resident_rows(5, "李村社区")
    rows[1][1] = rows[1][1][:-1] + ("0" if rows[1][1][-1] != "0" else "1")  # bad check digit
    rows[2][3] = "不存在社区"
    rows[3][1] = rows[0][1]  # the same person twice
    upload(client, as_csv(rows))
    batch = run_dry_run(latest_batch())

    assert Resident.objects.count() == 0
    assert (batch.status, batch.created_count, batch.refused_count) == ("validated", 2, 3)
    assert reasons_by_row(batch) == {3: ["id_number"], 4: ["community"], 5: [""]}

    batch = confirm_and_write(client, batch)
    assert (batch.status, batch.written_count, batch.percent) == ("done", 2, 100)
    created = Resident.objects.order_by("id_number")
    assert sorted(r.id_number for r in created) == sorted([rows[0][1], rows[4][1]])
    assert all(r.name_pinyin and r.birth_date for r in created)


def test_re_importing_the_same_file_changes_nothing(licun_staff, district, as_user):
    client = as_user(licun_staff)
    content = as_csv(resident_rows(4, "李村社区"))
    upload(client, content)
    confirm_and_write(client, run_dry_run(latest_batch()))
    before = list(Resident.objects.values_list("id_number", "updated_at").order_by("id_number"))

    upload(client, content)
    again = run_dry_run(latest_batch())

    assert (again.unchanged_count, again.to_write) == (4, 0)
    response = client.get(reverse("admin:imports_importbatch_change", args=[again.pk]))
    assert "没有可写入的数据" in response.content.decode()
    assert (
        list(Resident.objects.values_list("id_number", "updated_at").order_by("id_number"))
        == before
    )


def test_a_changed_phone_is_an_update_and_a_blank_cell_keeps_the_registry(
    licun_staff, district, as_user
):
    known = make_resident(district.licun_a, name="王伟", phone="13800000001")
    client = as_user(licun_staff)
    content = as_csv(
        [["王伟", known.id_number, "13800000002", "李村社区", "", ""]],
    )
    upload(client, content)
    batch = run_dry_run(latest_batch())
    row = ImportRow.objects.get(batch=batch)
    assert (row.outcome, row.changes) == ("update", ["phone"])

    confirm_and_write(client, batch)
    known.refresh_from_db()
    assert known.phone == "13800000002"


def test_a_known_id_number_under_another_name_is_refused_as_a_conflict(
    licun_staff, district, as_user
):
    known = make_resident(district.licun_a, name="王伟")
    upload(as_user(licun_staff), as_csv([["李强", known.id_number, "", "李村社区", "", ""]]))
    batch = run_dry_run(latest_batch())
    assert reasons_by_row(batch) == {2: ["name"]}


def test_a_subdistrict_staff_member_cannot_import_into_another_subdistrict(
    jiushui_staff, district, as_user
):
    elsewhere = make_resident(district.licun_a, name="王伟")
    rows = resident_rows(2, "李村社区") + resident_rows(1, "九水路社区", start=50)
    rows.append(["王伟", elsewhere.id_number, "", "九水路社区", "", ""])
    upload(as_user(jiushui_staff), as_csv(rows))
    batch = run_dry_run(latest_batch())

    assert reasons_by_row(batch) == {2: ["community"], 3: ["community"], 5: ["id_number"]}
    refused = ImportRow.objects.get(batch=batch, number=2)
    assert (
        "outside your part of the district" in refused.reasons[0][1]
        or "不在您" in refused.reasons[0][1]
    )
    assert batch.created_count == 1


def test_staff_who_may_not_edit_residents_are_not_offered_their_import(health_staff, as_user):
    client = as_user(health_staff)  # health staff read the registry, never edit it
    page = client.get(reverse("admin:imports_importbatch_add"))
    # they import special families, so the page is theirs, without residents in its choices
    assert page.status_code == 200
    assert [code for code, _name in page.context["form"].fields["kind"].choices] == [
        "special_families"
    ]
    response = upload(client, as_csv(resident_rows(1, "李村社区")))
    assert response.status_code == 200 and "kind" in response.context["form"].errors
    assert not ImportBatch.objects.exists()


def test_staff_without_any_import_get_no_import_page(db, as_user, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    assert as_user(nobody).get(reverse("admin:imports_importbatch_add")).status_code == 403


def test_chinese_headings_and_a_gbk_csv_are_accepted(licun_staff, district, as_user):
    client = as_user(licun_staff)
    headings = ["居民姓名", "公民身份号码", "手机", "所属社区", "户编号", "计划生育特殊家庭"]
    upload(client, as_csv(resident_rows(3, "东李社区"), encoding="gbk", headings=headings))
    batch = run_dry_run(latest_batch())
    assert (batch.status, batch.created_count, batch.refused_count) == ("validated", 3, 0)
    assert ImportRow.objects.filter(batch=batch).first().data["community"] == "东李社区"


def test_an_xlsx_file_is_read_and_an_id_number_excel_made_a_figure_is_explained(
    licun_staff, district, as_user
):
    rows = resident_rows(2, "李村社区")
    rows[1][1] = 3.70213193001011e17  # type: ignore[call-overload]  (a General cell)
    upload(as_user(licun_staff), as_xlsx(rows), name="居民.xlsx")
    batch = run_dry_run(latest_batch())
    assert (batch.created_count, batch.refused_count) == (1, 1)
    refused = ImportRow.objects.get(batch=batch, outcome="refused")
    assert refused.reasons[0][0] == "id_number"


def test_a_file_without_the_required_columns_fails_with_the_missing_headings(
    licun_staff, district, as_user
):
    upload(as_user(licun_staff), as_csv([["张三"]], headings=["姓名"]))
    batch = run_dry_run(latest_batch())
    assert batch.status == "failed"
    assert "身份证号" in batch.error and "社区" in batch.error


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_the_templates_are_downloadable_with_chinese_headings(
    licun_staff, as_user, extension, tmp_path
):
    client = as_user(licun_staff)
    response = client.get(
        reverse("admin:imports_importbatch_template", args=["residents", extension])
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if extension == "csv":
        first = response.content.decode("utf-8-sig").splitlines()[0]
    else:
        path = tmp_path / "t.xlsx"
        path.write_bytes(response.content)
        import openpyxl

        first = ",".join(c.value for c in next(openpyxl.load_workbook(path).active.iter_rows()))
    assert first.startswith("姓名,身份证号,手机号,社区")


def test_a_file_over_twenty_megabytes_is_refused_with_a_clear_message(
    licun_staff, district, as_user
):
    client = as_user(licun_staff)
    response = client.post(
        reverse("admin:imports_importbatch_add"),
        data=b"x",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(files.MAX_FILE_BYTES + 10**6),
    )
    assert response.status_code == 413
    assert "20 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_households_are_imported_then_residents_name_them(licun_staff, district, as_user):
    client = as_user(licun_staff)
    make_household(district.licun_a, number="H-1", address="旧地址")
    content = as_csv(
        [
            ["H-1", "李村社区", "新地址1号"],
            ["H-2", "李村社区", "书院路2号"],
            ["H-3", "九水路社区", "x"],
        ],
        headings=["户号", "社区", "地址"],
    )
    upload(client, content, name="households.csv", kind="households")
    batch = run_dry_run(latest_batch())
    assert (batch.created_count, batch.updated_count, batch.refused_count) == (1, 1, 1)
    confirm_and_write(client, batch)
    assert dict(Household.objects.values_list("number", "address")) == {
        "H-1": "新地址1号",
        "H-2": "书院路2号",
    }

    rows = resident_rows(2, "李村社区")
    rows[0][4], rows[1][4] = "H-2", "H-9"
    upload(client, as_csv(rows))
    batch = run_dry_run(latest_batch())
    assert reasons_by_row(batch) == {3: ["household"]}
    confirm_and_write(client, batch)
    assert Resident.objects.get(id_number=rows[0][1]).household.number == "H-2"


def test_the_registry_changing_after_the_dry_run_writes_nothing_at_all(
    licun_staff, district, as_user
):
    client = as_user(licun_staff)
    rows = resident_rows(50, "李村社区")
    upload(client, as_csv(rows))
    batch = run_dry_run(latest_batch())
    # someone registers the 40th person at the desk meanwhile: the write fails after inserting
    # the others, and rolls all of them back
    resident_save(
        resident=Resident(name=rows[39][0], id_number=id_number(39), community=district.licun_a)
    )

    batch = confirm_and_write(client, batch)
    assert batch.status == "failed"
    assert "Nothing was written" in batch.error or "未写入" in batch.error
    assert Resident.objects.count() == 1


def test_the_report_lists_refused_rows_first_with_masked_numbers(center_staff, district, as_user):
    client = as_user(center_staff)  # center staff may not see full ID numbers
    rows = resident_rows(3, "李村社区")
    rows[2][3] = "书院社区"  # a community the center does not serve
    upload(client, as_csv(rows))
    batch = run_dry_run(latest_batch())
    response = client.get(reverse("admin:imports_importbatch_change", args=[batch.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    report = page[page.index('id="import-rows"') :]  # the rows, not the summary's counts
    assert report.index('<th scope="row">4</th>') < report.index('<th scope="row">2</th>')
    assert rows[0][1] not in page and rows[0][1][:6] + "********" in page
    assert (
        client.get(reverse("admin:imports_importbatch_status", args=[batch.pk])).json()["percent"]
        == 100
    )


def test_a_staff_member_sees_only_their_own_imports(licun_staff, jiushui_staff, district, as_user):
    upload(as_user(licun_staff), as_csv(resident_rows(1, "李村社区")))
    batch = latest_batch()
    other = as_user(jiushui_staff)
    assert (
        other.get(reverse("admin:imports_importbatch_change", args=[batch.pk])).status_code == 404
    )
    assert (
        other.get(reverse("admin:imports_importbatch_status", args=[batch.pk])).status_code == 404
    )


def test_a_batch_cannot_be_confirmed_twice(licun_staff, district, as_user):
    client = as_user(licun_staff)
    upload(client, as_csv(resident_rows(1, "李村社区")))
    batch = run_dry_run(latest_batch())
    actions.batch_confirm(batch=batch, user=licun_staff)
    client.post(reverse("admin:imports_importbatch_confirm", args=[batch.pk]))
    assert ProcrastinateJob.objects.filter(task_name="imports.write_batch").count() == 1
