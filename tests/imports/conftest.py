"""Spreadsheets for the import tests: rows of residents, written as CSV (UTF-8 or GBK) or xlsx."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from licang.idnumber import check_character
from licang.imports import tasks
from licang.imports.models import ImportBatch, ImportRow

HEADINGS = ["姓名", "身份证号", "手机号", "社区", "户号", "计生特殊家庭"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"


def id_number(serial: int) -> str:
    """A valid ID number, different for each ``serial`` below 36,500,000."""
    birth = datetime.date(1930, 1, 1) + datetime.timedelta(days=serial % 30000)
    first17 = f"370213{birth:%Y%m%d}{serial // 30000 % 1000:03d}"
    return first17 + check_character(first17)


def name(serial: int) -> str:
    return SURNAMES[serial % len(SURNAMES)] + GIVEN[serial // 20 % len(GIVEN)]


def resident_rows(count: int, community: str, *, start: int = 0) -> list[list[str]]:
    return [
        [name(i), id_number(i), f"139{i % 100_000_000:08d}", community, "", "否"]
        for i in range(start, start + count)
    ]


def as_csv(rows: list[list[str]], *, encoding: str = "utf-8-sig", headings=HEADINGS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def as_xlsx(rows: list[list[str]], headings=HEADINGS) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client: Any, content: bytes, *, name: str = "residents.csv", kind: str = "residents"):
    return client.post(
        reverse("admin:imports_importbatch_add"),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def run_dry_run(batch: ImportBatch) -> ImportBatch:
    """The dry-run job of ``batch``, run here; the batch as it left it."""
    tasks.validate_batch(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch


def confirm_and_write(client: Any, batch: ImportBatch) -> ImportBatch:
    """Confirm ``batch`` on its page, then run the write job here."""
    response = client.post(reverse("admin:imports_importbatch_confirm", args=[batch.pk]))
    assert response.status_code == 302
    tasks.write_batch(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch


def latest_batch() -> ImportBatch:
    return ImportBatch.objects.latest("uploaded_at")


def reasons_by_row(batch: ImportBatch) -> dict[int, list[str]]:
    """The columns of each refused row's reasons, by row number."""
    return {
        row.number: [field for field, _message in row.reasons]
        for row in ImportRow.objects.filter(batch=batch, outcome="refused")
    }
