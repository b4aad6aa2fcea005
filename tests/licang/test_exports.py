"""Every admin list exports to CSV and Excel as filtered, masked unless the staff member may see
and asks for full numbers, with formulas neutralised; every export and reveal is in the access
log, which nobody can change."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import quote

import openpyxl
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from licang.actions import access_log_record
from licang.admin_exports import ExportAdmin, neutralise
from licang.models import AccessLog
from licang.registry.models import Resident
from tests.conftest import login
from tests.factories import make_resident

EXPORT = reverse("admin:registry_resident_spreadsheet")


def export(client: Any, query: str = "", **data: str) -> Any:
    return client.post(f"{EXPORT}?{query}" if query else EXPORT, data)


def csv_rows(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel opens Chinese correctly
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def residents(district: Any) -> dict[str, Resident]:
    return {
        "licun": make_resident(district.licun_a, name="李村甲", phone="13912345678"),
        "licun_b": make_resident(district.licun_b, name="东李乙", phone="13912340000", male=False),
        "jiushui": make_resident(district.jiushui_a, name="九水丙", phone="13700001111"),
    }


def test_a_subdistrict_staff_export_holds_only_their_subdistrict_masked_and_is_logged(
    residents: dict[str, Resident], licun_staff: Any
) -> None:
    response = export(login(licun_staff), f"sex__exact={Resident.Sex.FEMALE}&o=1", format="csv")
    assert response.status_code == 200
    rows = csv_rows(response)
    assert rows[0][:3] == ["姓名", "身份证号码", "性别"]
    assert [row[0] for row in rows[1:]] == ["东李乙"]
    assert rows[1][1] == residents["licun_b"].masked_id_number
    assert rows[1][4] == residents["licun_b"].masked_phone
    body = "\n".join(",".join(row) for row in rows)
    assert residents["licun_b"].id_number not in body
    assert residents["licun_b"].phone not in body

    entry = AccessLog.objects.get()
    assert entry.user == licun_staff
    assert entry.action == AccessLog.Action.EXPORT
    assert entry.list_label == "registry.Resident"
    assert entry.list_name == "居民"
    assert entry.query == f"sex__exact={Resident.Sex.FEMALE}&o=1"
    assert entry.rows == 1
    assert entry.file_format == "csv"
    assert entry.client_ip == "127.0.0.1"


def test_the_whole_list_is_exported_not_one_page(
    residents: dict[str, Resident], licun_staff: Any
) -> None:
    rows = csv_rows(export(login(licun_staff), "p=2", format="csv"))
    assert {row[0] for row in rows[1:]} == {"李村甲", "东李乙"}  # 九水 is not in scope


def test_a_district_admin_asking_for_full_numbers_gets_them_and_a_reveal_entry(
    residents: dict[str, Resident], district_admin: Any
) -> None:
    response = export(login(district_admin), "q=九水", format="xlsx", identity="full")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][0] == "九水丙"
    assert values[1][1] == residents["jiushui"].id_number
    assert values[1][4] == residents["jiushui"].phone
    entries = AccessLog.objects.order_by("pk")
    assert [(e.action, e.rows, e.file_format) for e in entries] == [
        ("export", 1, "xlsx"),
        ("reveal", 1, "xlsx"),
    ]
    assert all(e.query == "q=%E4%B9%9D%E6%B0%B4" for e in entries)


def test_staff_who_may_not_see_full_numbers_cannot_ask_for_them(
    residents: dict[str, Resident], center_staff: Any
) -> None:
    client = login(center_staff)
    assert export(client, format="csv", identity="full").status_code == 403
    page = client.get(reverse("admin:registry_resident_changelist"))
    assert page.context["licang_export"]["full"] is False
    assert "Export CSV with full ID numbers" not in page.content.decode()
    assert not AccessLog.objects.exists()


def test_the_changelist_offers_the_export_with_its_own_filter(
    residents: dict[str, Resident], licun_staff: Any
) -> None:
    page = login(licun_staff).get(reverse("admin:registry_resident_changelist"), {"q": "李"})
    assert page.context["licang_export"]["url"] == f"{EXPORT}?q=%E6%9D%8E"
    assert f'action="{EXPORT}?q=%E6%9D%8E"' in page.content.decode()
    assert "导出 CSV" in page.content.decode()


def test_formulas_in_cells_are_neutralised(district: Any, district_admin: Any) -> None:
    make_resident(district.licun_a, name='=HYPERLINK("http://x.example","点")')
    rows = csv_rows(export(login(district_admin), format="csv"))
    assert rows[1][0] == '\'=HYPERLINK("http://x.example","点")'
    response = export(login(district_admin), format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://x.example","点")'


@pytest.mark.parametrize("text", ["=1+1", "+8613912345678", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_any_text_starting_like_a_formula_gets_an_apostrophe(text: str) -> None:
    assert neutralise(text) == f"'{text}"


def test_plain_text_is_left_alone() -> None:
    assert neutralise("李村 = 好") == "李村 = 好"


def test_a_search_for_an_id_number_is_logged_masked(
    residents: dict[str, Resident], district_admin: Any
) -> None:
    number = residents["licun"].id_number
    rows = csv_rows(export(login(district_admin), f"q={number}", format="csv"))
    assert [row[0] for row in rows[1:]] == ["李村甲"]
    entry = AccessLog.objects.get()
    assert number not in entry.query
    assert entry.query == f"q={residents['licun'].masked_id_number}"


def test_secret_looking_values_of_a_filter_are_redacted_in_the_log(licun_staff: Any) -> None:
    entry = access_log_record(
        user=licun_staff,
        action=AccessLog.Action.EXPORT,
        list_label="registry.Resident",
        query="q=13912345678&api_key=abc&reset__token=x&community__id__exact=3",
        rows=0,
        file_format="csv",
    )
    assert entry.query == (
        "q=139****5678&api_key=[redacted]&reset__token=[redacted]&community__id__exact=3"
    )


def test_an_export_beyond_the_row_cap_is_refused_with_a_message(
    residents: dict[str, Resident], district_admin: Any, settings: Any
) -> None:
    settings.ADMIN_EXPORT_MAX_ROWS = 2
    response = export(login(district_admin), "o=1", format="csv")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:registry_resident_changelist") + "?o=1"
    assert not AccessLog.objects.exists()


def test_the_row_cap_message_asks_to_narrow_the_filter(
    residents: dict[str, Resident], district_admin: Any, settings: Any
) -> None:
    settings.ADMIN_EXPORT_MAX_ROWS = 2
    client = login(district_admin)
    page = client.post(EXPORT, {"format": "csv"}, follow=True)
    text = page.content.decode()
    assert "此列表有 3 行" in text
    assert not AccessLog.objects.exists()


def test_the_file_is_named_in_the_readers_language(
    residents: dict[str, Resident], licun_staff: Any
) -> None:
    response = export(login(licun_staff), format="csv")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="resident-')
    assert f"filename*=UTF-8''{quote('居民-')}" in disposition
    assert disposition.endswith(".csv")


def test_the_excel_file_opens_with_translated_headers(
    residents: dict[str, Resident], licun_staff: Any
) -> None:
    response = export(login(licun_staff), format="xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    assert sheet.title == "居民"
    headers = [cell.value for cell in next(sheet.iter_rows())]
    assert headers == [
        "姓名",
        "身份证号码",
        "性别",
        "年龄",
        "手机号码",
        "社区",
        *headers[6:],
    ]
    assert all(isinstance(h, str) and h for h in headers)
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert {row[0] for row in rows} == {"李村甲", "东李乙"}
    assert {row[6] for row in rows} <= {"是", "否"}


def test_the_export_runs_a_fixed_number_of_queries(district: Any, licun_staff: Any) -> None:
    make_resident(district.licun_a, name="一")
    client = login(licun_staff)
    client.get(reverse("admin:registry_resident_changelist"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert len(csv_rows(export(client, format="csv"))) == 2
    for i in range(12):
        make_resident(district.licun_b, name=f"多{i}", phone=f"1390000{i:04d}")
    with CaptureQueriesContext(connection) as many:
        assert len(csv_rows(export(client, format="csv"))) == 14
    # session, user, the user's and the group's permissions, staff profile, the subdistricts and
    # communities of the list's filters, the changelist's count, the access log entry (its user,
    # its three check constraints, the insert; each with pghistory's context), and the rows
    # through one server-side cursor
    assert len(many) == len(few)


def test_opening_a_resident_with_the_full_id_number_writes_a_reveal(
    residents: dict[str, Resident], district_admin: Any, center_staff: Any
) -> None:
    resident = residents["licun"]
    url = reverse("admin:registry_resident_change", args=[resident.pk])
    page = login(district_admin).get(url)
    assert resident.id_number in page.content.decode()
    entry = AccessLog.objects.get()
    assert (entry.action, entry.rows, entry.object_id, entry.file_format) == (
        "reveal",
        1,
        str(resident.pk),
        "",
    )
    login(center_staff).get(url)  # masked for center staff: nothing revealed
    assert AccessLog.objects.count() == 1


def test_the_access_log_refuses_update_and_delete_in_the_database(
    residents: dict[str, Resident], licun_staff: Any
) -> None:
    export(login(licun_staff), format="csv")
    entry = AccessLog.objects.get()
    for statement in [
        "UPDATE licang_accesslog SET rows = 0 WHERE id = %s",
        "DELETE FROM licang_accesslog WHERE id = %s",
    ]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])
    entry.refresh_from_db()
    assert entry.rows == 2


def test_the_access_log_is_read_only_in_the_admin_even_for_a_superuser(
    residents: dict[str, Resident], district_admin: Any, licun_staff: Any
) -> None:
    export(login(licun_staff), format="csv")
    entry = AccessLog.objects.get()
    superuser = get_user_model().objects.create_superuser("root", password="pw-for-tests-1")
    model_admin = admin.site.get_model_admin(AccessLog)
    for user in [district_admin, superuser]:
        request = type("R", (), {"user": user})()
        assert model_admin.has_view_permission(request)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, entry)
        assert not model_admin.has_delete_permission(request, entry)
        client = login(user)
        assert client.get(reverse("admin:licang_accesslog_changelist")).status_code == 200
        page = client.get(reverse("admin:licang_accesslog_change", args=[entry.pk]))
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        assert client.post(
            reverse("admin:licang_accesslog_delete", args=[entry.pk])
        ).status_code in (
            403,
            302,
        )
        assert client.get(reverse("admin:licang_accesslog_add")).status_code == 403
    assert AccessLog.objects.filter(pk=entry.pk).exists()
    # subdistrict staff do not read the log
    assert login(licun_staff).get(reverse("admin:licang_accesslog_changelist")).status_code == 403


def test_every_admin_list_offers_the_export(district_admin: Any) -> None:
    client = login(get_user_model().objects.create_superuser("root", password="pw-for-tests-1"))
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        assert isinstance(model_admin, ExportAdmin), f"{label} does not export"
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_spreadsheet")
        response = client.post(url, {"format": "csv"})
        assert response.status_code == 200, label
        assert response["Content-Type"] == "text/csv; charset=utf-8", label
        b"".join(response.streaming_content)
    assert AccessLog.objects.filter(action="export").count() == len(admin.site._registry)
