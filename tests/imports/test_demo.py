"""The demo district's spreadsheet imports: one batch in each state the import page shows."""

import io

from django.core.management import call_command
from django.urls import reverse

from licang.imports.models import ImportBatch, ImportRow
from licang.registry.models import Resident


def test_the_demo_holds_a_written_a_waiting_and_a_failed_import_and_loads_once(
    demo_district, db, client
):
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    batches = {b.status: b for b in ImportBatch.objects.all()}
    assert ImportBatch.objects.count() == 3 and set(batches) == {"done", "validated", "failed"}

    done = batches["done"]
    assert (done.written_count, done.refused_count) == (8, 0)
    assert Resident.objects.filter(name__in=["孙桂兰", "周建国", "蒋立军"]).count() == 3

    waiting = batches["validated"]
    assert (
        waiting.created_count,
        waiting.updated_count,
        waiting.unchanged_count,
        waiting.refused_count,
    ) == (0, 2, 3, 3)
    refused = dict(
        ImportRow.objects.filter(batch=waiting, outcome="refused").values_list("number", "reasons")
    )
    assert sorted(key for reasons in refused.values() for key, _text in reasons) == [
        "",
        "community",
        "id_number",
    ]

    assert "Excel" in batches["failed"].error

    client.force_login(waiting.uploaded_by)
    page = client.get(reverse("admin:imports_importbatch_change", args=[waiting.pk]))
    assert page.status_code == 200
    assert "黄岛社区" in page.content.decode()
