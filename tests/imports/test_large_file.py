"""A file of 100,000 residents with some bad rows, imported by a real worker as in production."""

from __future__ import annotations

import pytest
from django.urls import reverse
from procrastinate.contrib.django import app

from licang.imports.models import ImportBatch, ImportRow
from licang.registry.models import Resident
from tests.imports.conftest import as_csv, resident_rows, upload
from tests.licang import test_jobs
from tests.licang.test_jobs import _empty_queue, run_worker  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 100_000
BAD = {  # row index in the list → the column refused
    17: "id_number",
    5_000: "community",
    42_424: "phone",
    99_998: "",  # a duplicate of the first row
}


def test_a_hundred_thousand_rows_report_exactly_the_bad_ones_and_import_the_rest(
    licun_staff, district, as_user, monkeypatch
):
    monkeypatch.setattr(test_jobs, "WORKER_TIMEOUT_SECONDS", 300)
    rows = resident_rows(ROWS, "李村社区")
    rows[17][1] = rows[17][1][:17] + ("X" if rows[17][1][17] != "X" else "0")
    rows[5_000][3] = "九水路社区"  # another subdistrict's
    rows[42_424][2] = "12345"
    rows[99_998][1] = rows[0][1]
    content = as_csv(rows)
    client = as_user(licun_staff)
    assert upload(client, content).status_code == 302

    run_worker(app, queues=["imports"])

    batch = ImportBatch.objects.get()
    assert Resident.objects.count() == 0  # the dry run writes nothing
    assert (batch.status, batch.total_rows, batch.percent) == ("validated", ROWS, 100)
    refused = {
        row.number - 2: [field for field, _m in row.reasons]
        for row in ImportRow.objects.filter(batch=batch, outcome="refused")
    }
    assert refused == {index: [field] for index, field in BAD.items()}
    assert batch.created_count == ROWS - len(BAD)

    client.post(reverse("admin:imports_importbatch_confirm", args=[batch.pk]))
    run_worker(app, queues=["imports"])

    batch.refresh_from_db()
    assert (batch.status, batch.written_count, batch.percent) == ("done", ROWS - len(BAD), 100)
    assert Resident.objects.count() == ROWS - len(BAD)
    status = client.get(reverse("admin:imports_importbatch_status", args=[batch.pk])).json()
    assert (status["percent"], status["running"]) == (100, False)

    # the same file again: every row unchanged (the duplicate and the bad rows still refused)
    upload(client, content)
    run_worker(app, queues=["imports"])
    again = ImportBatch.objects.latest("uploaded_at")
    assert (again.unchanged_count, again.refused_count, again.to_write) == (
        ROWS - len(BAD),
        len(BAD),
        0,
    )
