"""The demo imports: what 李村街道's staff brought in from their spreadsheets, one batch in each
state the import page shows — written, a dry run waiting for confirmation with refused rows and
their reasons, and a file that could not be read. Through the same actions as the import page,
so the demo shows the real reports. Idempotent: a batch of the same file is made once.

Called at the end of the registry's demo (``licang.imports`` may not read the registry, the
registry may use the imports), whose residents and staff the files name and update.
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import TextIO

import openpyxl
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from licang.idnumber import check_character
from licang.imports import actions
from licang.imports.models import ImportBatch
from licang.registry.models import Community, Resident

UPLOADER = "licun_staff"
HEADINGS = ["姓名", "身份证号", "手机号", "社区", "户号", "计生特殊家庭", "行动不便"]
# the people of the written batch: new to the registry (the demo's own residents were drawn
# with other serial numbers; a number taken by then is skipped)
NEW_PEOPLE = ["孙桂兰", "周建国", "吴秀英", "郑志文", "冯玉萍", "褚明", "卫红", "蒋立军"]


def _id_number(birth: datetime.date, serial: int) -> str:
    first17 = f"370213{birth:%Y%m%d}{serial:03d}"
    return first17 + check_character(first17)


def _unused_id_numbers(count: int) -> list[str]:
    candidates = [
        _id_number(datetime.date(1948 + 4 * (i % 9), 1 + i % 12, 3 + i % 25), 990 + i % 10)
        for i in range(count * 2)
    ]
    taken = set(
        Resident.objects.filter(id_number__in=candidates).values_list("id_number", flat=True)
    )
    return [number for number in candidates if number not in taken][:count]


def _as_xlsx(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("居民")
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _batch(user: object, name: str, content: bytes) -> ImportBatch:
    """A dry-run batch of ``content``."""
    batch = actions.batch_upload(
        user=user, kind="residents", upload=SimpleUploadedFile(name, content), language="zh-hans"
    )
    actions.batch_validate(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch


def load(out: TextIO) -> None:
    user = get_user_model().objects.filter(username=UPLOADER).first()
    communities = list(Community.objects.filter(subdistrict__code="licun").order_by("name")[:2])
    # the files' ID numbers are chosen among those still free, so a second run would choose
    # others: the demo's batches are made once, all together
    if (
        user is None
        or len(communities) < 2
        or ImportBatch.objects.filter(uploaded_by=user).exists()
    ):
        return
    first, second = (str(c.name_zh_hans) for c in communities)

    numbers = _unused_id_numbers(len(NEW_PEOPLE))
    new_rows = [
        [name, number, f"1376532{index:04d}", first, "", "否", "是" if index % 3 == 0 else "否"]
        for index, (name, number) in enumerate(zip(NEW_PEOPLE, numbers, strict=False))
    ]
    written = _batch(user, "2026年11月李村新入住居民.xlsx", _as_xlsx(new_rows))
    actions.batch_confirm(batch=written, user=user)
    actions.batch_write(batch_id=written.pk)

    # a second file: the same people again (unchanged), two with a new mobile, and the mistakes
    # staff make — a wrong check digit, a community of another district, a row twice
    registered = list(
        Resident.objects.filter(community__name_zh_hans=second, phone__startswith="1")
        .order_by("pk")
        .values_list("name", "id_number")[:2]
    )
    review_rows = [row[:] for row in new_rows[:3]]
    for index, (name, number) in enumerate(registered):
        review_rows.append([name, number, f"1586532{index:04d}", second, "", "", ""])
    wrong = new_rows[0][1][:-1] + ("0" if new_rows[0][1][-1] != "0" else "1")
    review_rows.append(["邱海燕", wrong, "13912345678", first, "", "否", "否"])
    review_rows.append(
        ["尤春梅", _id_number(datetime.date(1961, 5, 8), 989), "", "黄岛社区", "", "", ""]
    )
    review_rows.append(review_rows[0][:])
    _batch(user, "李村街道居民信息更新.csv", _as_csv(review_rows))

    # a file saved in the wrong format: the dry run says why and writes nothing
    _batch(user, "居民名单（旧版）.xlsx", "姓名,身份证号\n王某,3702".encode("gbk"))
    out.write(f"  {ImportBatch.objects.count()} spreadsheet imports\n")
