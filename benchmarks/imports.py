"""A 100,000-row resident import against a plain COPY of the same rows (not part of ``make test``).

    DATABASE_URL=<scratch database> .venv/bin/python -m benchmarks.imports [--rows 100000]

Refuses to run unless ``DATABASE_URL`` names a scratch database (its name must contain
``bench`` or ``scratch``): it is migrated and given a benchmark community and staff member, and
its residents of that community are deleted first.

It builds a CSV file of ``--rows`` residents with valid ID numbers and times

- the full import: the dry run (reading the file, validating every row — ID numbers, phones,
  communities, the registry's existing records, duplicates — and storing each row's outcome)
  then the confirmed write (COPY into a staging table, INSERT … ON CONFLICT, with the
  residents' history triggers), through the same functions the jobs call;
- a plain COPY of the same rows (as they are stored, no validation) into a scratch table made
  ``LIKE registry_resident INCLUDING ALL`` (the same columns, indexes and constraints, no
  history trigger): what PostgreSQL alone needs to store them;
- for scale, a COPY of the file's three raw text columns into an unindexed table.

It prints rows per second of each and the ratio full import / plain COPY (goal ≥ 0.5).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国红玉萍志文斌鹏辉波宇浩"


def build_file(rows: int, community: str) -> bytes:
    from licang.idnumber import check_character

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["姓名", "身份证号", "手机号", "社区", "户号", "计生特殊家庭"])
    for i in range(rows):
        birth = datetime.date(1930, 1, 1) + datetime.timedelta(days=i % 30000)
        first17 = f"370213{birth:%Y%m%d}{i // 30000 % 1000:03d}"
        given = GIVEN[i % len(GIVEN)] + (GIVEN[i // 7 % len(GIVEN)] if i % 3 else "")
        name = SURNAMES[i // 11 % len(SURNAMES)] + given
        writer.writerow(
            [name, first17 + check_character(first17), f"139{i:08d}", community, "", "否"]
        )
    return out.getvalue().encode("utf-8-sig")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    database = url.rsplit("/", 1)[-1].split("?")[0]
    if not url or not ("bench" in database or "scratch" in database):
        raise SystemExit(
            "Set DATABASE_URL to a scratch PostgreSQL database whose name contains "
            "'bench' or 'scratch' (createdb licang_bench)."
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "licang.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, check=True
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from licang.imports import actions
    from licang.imports.copy import copy_rows
    from licang.imports.models import ImportBatch
    from licang.registry import actions as registry_actions
    from licang.registry.models import Community, Resident, Subdistrict
    from licang.registry.names import pinyin_keys

    subdistrict = Subdistrict.objects.get(code="licun")
    community = Community.objects.filter(name_zh_hans="基准测试社区").first() or (
        registry_actions.community_save(
            community=Community(subdistrict=subdistrict, name="基准测试社区")
        )
    )
    with connection.cursor() as cursor:
        # the previous run's residents (only the benchmark's community has any): one statement,
        # not the ORM's cascade a hundred ids at a time
        # (checking the foreign keys at once: the history trigger of each deleted row would
        # otherwise re-scan the queue of deferred checks, quadratic in the rows)
        cursor.execute(
            "SET CONSTRAINTS ALL IMMEDIATE; "
            f"DELETE FROM {Resident._meta.db_table} WHERE community_id = %s",
            [community.pk],
        )
    user = get_user_model().objects.filter(username="bench-importer").first()
    if user is None:
        user = get_user_model().objects.create_user("bench-importer", password=uuid.uuid4().hex)
        registry_actions.staff_member_assign(
            user=user, role="subdistrict_staff", subdistrict=subdistrict
        )
    content = build_file(args.rows, "基准测试社区")

    started = time.perf_counter()
    batch = actions.batch_upload(
        user=user,
        kind="residents",
        upload=SimpleUploadedFile("bench.csv", content),
        language="zh-hans",
    )
    actions.batch_validate(batch_id=batch.pk)
    dry_run = time.perf_counter() - started
    batch.refresh_from_db()
    actions.batch_confirm(batch=batch, user=user)
    actions.batch_write(batch_id=batch.pk)
    full = time.perf_counter() - started
    batch = ImportBatch.objects.get(pk=batch.pk)
    assert batch.status == "done" and batch.written_count == args.rows, batch.error

    # the same rows as they are stored, straight from the file (no validation)
    now = datetime.datetime.now(datetime.UTC)
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))[1:]
    stored = []
    for i, (name, number, phone, *_rest) in enumerate(lines):
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        pinyin, initials = pinyin_keys(name)  # cached by now: not counted against COPY
        stored.append(
            (i + 1, uuid.uuid4(), name, number, birth, "male", phone, community.pk,
             False, False, False, False, pinyin, initials, now, now)
        )  # fmt: skip
    columns = [
        "id", "public_id", "name", "id_number", "birth_date", "sex", "phone", "community_id",
        "registered_in_licang", "special_family_planning", "child_in_difficulty",
        "limited_mobility", "name_pinyin", "name_initials", "created_at", "updated_at",
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TABLE IF EXISTS bench_copy; "
            "CREATE TABLE bench_copy (LIKE registry_resident INCLUDING ALL)"
        )
        cursor.execute(
            "DROP TABLE IF EXISTS bench_raw; CREATE TABLE bench_raw (a text, b text, c text)"
        )
        started = time.perf_counter()
        copy_rows(cursor, "bench_copy", columns, stored)
        plain = time.perf_counter() - started
        started = time.perf_counter()
        copy_rows(cursor, "bench_raw", ["a", "b", "c"], (line[:3] for line in lines))
        raw = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_copy; DROP TABLE bench_raw")

    rows = args.rows
    print(f"{rows:,} residents, {len(content) / 1e6:.1f} MB CSV")
    print(f"{'case':<44} {'seconds':>8} {'rows/s':>9}")
    for label, seconds in [
        ("full import (dry run + confirmed write)", full),
        ("  of which the dry run", dry_run),
        ("plain COPY, table like registry_resident", plain),
        ("COPY of 3 text columns, unindexed table", raw),
    ]:
        print(f"{label:<44} {seconds:>8.2f} {rows / seconds:>9,.0f}")
    ratio = plain / full
    print(f"ratio full import / plain COPY: {ratio:.2f} (goal ≥ 0.50)")
    return 0 if ratio >= 0.5 else 1


if __name__ == "__main__":
    sys.exit(main())
