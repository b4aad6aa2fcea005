"""Actions of the imports: upload, dry run, confirm, write.

Nothing here parses or writes a file's rows in a request: ``batch_upload`` stores the file and
defers the dry run (``tasks.validate_batch``); ``batch_confirm`` defers the write
(``tasks.write_batch``). The jobs call ``batch_validate`` and ``batch_write``.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from procrastinate.contrib.django import app

from licang.errors import ConflictError
from licang.imports import files
from licang.imports.copy import copy_rows
from licang.imports.kinds import Checked, ImportKind, Row, RowsToWrite, StaleDryRun, kind_named
from licang.imports.models import OUTCOME_RANK, ImportBatch, ImportRow, Outcome

logger = logging.getLogger(__name__)

# the jobs of ``licang.imports.tasks``, named here because the tasks import these actions
VALIDATE_TASK = "imports.validate_batch"
WRITE_TASK = "imports.write_batch"

Status = ImportBatch.Status
# rows read back from the dry run and sent to the write at a time
WRITE_CHUNK = 5000


def _kind_for(user: Any, code: str) -> ImportKind:
    kind = kind_named(code)
    if kind is None or not kind.may_import(user):
        raise PermissionDenied(_("You may not import these records."))
    return kind


@transaction.atomic
def batch_upload(*, user: Any, kind: str, upload: UploadedFile, language: str) -> ImportBatch:
    """Store ``upload`` as a new batch of ``kind`` and defer its dry run (after commit)."""
    _kind_for(user, kind)
    name = upload.name or ""
    if not name.lower().endswith(files.EXTENSIONS):
        raise ValidationError(
            {"file": _("Upload an Excel workbook (.xlsx) or a CSV file (.csv).")},
            code="file_type",
        )
    if (upload.size or 0) > files.MAX_FILE_BYTES:
        raise ValidationError({"file": too_large_message()}, code="file_too_large")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    batch = ImportBatch(
        kind=kind,
        original_name=name[-200:],
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        language=language,
        uploaded_by=user,
    )
    batch.file.save(name, upload, save=False)
    batch.full_clean()
    batch.save()
    # by name: tasks.py imports these actions
    app.configure_task(VALIDATE_TASK).defer(batch_id=batch.pk)
    return batch


def too_large_message() -> str:
    return _("The file is larger than %(limit)d MB; split it into smaller files.") % {
        "limit": files.MAX_FILE_BYTES // (1024 * 1024)
    }


def _claim(batch_id: int, before: str, after: str, **fields: Any) -> bool:
    """Move a batch from ``before`` to ``after`` unless another run already has: a job run twice
    (a retry, a second worker) finds nothing to do."""
    return bool(
        ImportBatch.objects.filter(pk=batch_id, status=before).update(status=after, **fields)
    )


def _fail(batch_id: int, message: str) -> None:
    ImportBatch.objects.filter(pk=batch_id).update(
        status=Status.FAILED, error=message, finished_at=timezone.now()
    )


def batch_validate(*, batch_id: int) -> ImportBatch | None:
    """The dry run: read every row, validate it and store its outcome; write nothing else.

    Each chunk of rows is committed with the progress, so that the batch page shows it; a run
    that fails leaves the batch failed with the reason.
    """
    if not _claim(batch_id, Status.UPLOADED, Status.VALIDATING):
        return None
    batch = ImportBatch.objects.select_related("uploaded_by").get(pk=batch_id)
    with translation.override(batch.language):
        try:
            _dry_run(batch)
        except files.UnreadableFile as exc:
            _fail(batch_id, str(exc))
        except Exception:
            logger.exception("The dry run of import %s failed", batch_id)
            ImportRow.objects.filter(batch_id=batch_id).delete()
            _fail(batch_id, _("The dry run failed unexpectedly; the error has been logged."))
            raise
    batch.refresh_from_db()
    return batch


def _dry_run(batch: ImportBatch) -> None:
    kind = kind_named(batch.kind)
    if kind is None:
        raise files.UnreadableFile(_("This kind of import no longer exists."))
    with batch.file.open("rb") as stream:
        rows, ignored = files.read_rows(kind, batch.original_name, stream)
    # the file's rows are a hundred thousand small objects that live to the end of the run: the
    # cyclic collector would walk them again at every full collection; frozen, it leaves them
    # be (reference counting still frees what the run drops), and they are released at the end
    gc.freeze()
    try:
        _check_rows(batch, kind, rows, ignored)
    finally:
        gc.unfreeze()


def _check_rows(batch: ImportBatch, kind: ImportKind, rows: list[Row], ignored: list[str]) -> None:
    ImportRow.objects.filter(batch=batch).delete()  # a retried run starts again
    ImportBatch.objects.filter(pk=batch.pk).update(
        total_rows=len(rows), processed_rows=0, ignored_headings=ignored
    )
    context = kind.context(batch)
    seen: dict[str, int] = {}
    counts = dict.fromkeys(Outcome.values, 0)
    done = 0
    for start in range(0, len(rows), kind.chunk_size):
        chunk = rows[start : start + kind.chunk_size]
        checked = kind.validate(chunk, context)
        for row, result in zip(chunk, checked, strict=True):
            _refuse_duplicate(row.number, result, seen)
            counts[result.outcome] += 1
        with transaction.atomic(), connection.cursor() as cursor:
            copy_rows(
                cursor,
                ImportRow._meta.db_table,
                ["batch_id", "number", "outcome", "rank", "key", "data", "reasons", "changes"],
                (
                    (
                        batch.pk,
                        row.number,
                        result.outcome,
                        OUTCOME_RANK[Outcome(result.outcome)],
                        result.key[:100],
                        json.dumps(result.data, ensure_ascii=False, default=str),
                        json.dumps(result.reasons, ensure_ascii=False) if result.reasons else "[]",
                        json.dumps(result.changes) if result.changes else "[]",
                    )
                    for row, result in zip(chunk, checked, strict=True)
                ),
            )
            done += len(chunk)
            ImportBatch.objects.filter(pk=batch.pk).update(processed_rows=done)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=Status.VALIDATED,
        validated_at=timezone.now(),
        created_count=counts[Outcome.CREATE],
        updated_count=counts[Outcome.UPDATE],
        unchanged_count=counts[Outcome.UNCHANGED],
        refused_count=counts[Outcome.REFUSED],
    )


def _refuse_duplicate(number: int, result: Checked, seen: dict[str, int]) -> None:
    if not result.key:
        return
    first = seen.setdefault(result.key, number)
    if first != number:
        result.outcome = Outcome.REFUSED
        result.changes = []
        result.reasons.append(
            ("", _("Duplicate in the file: the same record as row %(row)d.") % {"row": first})
        )


@transaction.atomic
def batch_confirm(*, batch: ImportBatch, user: Any) -> ImportBatch:
    """Staff confirm a dry run: the write is deferred, to run all at once."""
    _kind_for(user, batch.kind)
    if batch.status != Status.VALIDATED:
        raise ConflictError(_("Only a finished dry run can be confirmed."))
    now = timezone.now()
    # a conditional update: two staff confirming at once defer one write, not two
    if not _claim(
        batch.pk, Status.VALIDATED, Status.CONFIRMED, confirmed_by=user, confirmed_at=now
    ):
        raise ConflictError(_("This import has already been confirmed."))
    # the history of the batch records who confirmed (a conditional update fires no trigger
    # with the request's context otherwise)
    batch.refresh_from_db()
    app.configure_task(WRITE_TASK).defer(batch_id=batch.pk)
    return batch


class _Progress:
    """Write progress on a connection of its own: the write's transaction commits only at the
    end, and the batch page must see the progress before that."""

    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        # inside a transaction already (a test, a management shell) a second connection would
        # wait on the batch's row that transaction holds: report on the same connection then
        self.separate = not connection.in_atomic_block
        self.connection = connection.copy() if self.separate else connection

    def __call__(self, written: int) -> None:
        total = self.batch.total_rows
        share = written * total // max(self.batch.to_write, 1)
        try:
            with self.connection.cursor() as cursor:
                # progress is worth a second at most: never wait long on the batch's row
                if self.separate:
                    cursor.execute("SET lock_timeout = '1s'")
                cursor.execute(
                    f"UPDATE {ImportBatch._meta.db_table} SET processed_rows = %s WHERE id = %s",
                    [min(total, share), self.batch.pk],
                )
        except DatabaseError:
            logger.warning("Import %s: the progress could not be recorded", self.batch.pk)

    def close(self) -> None:
        if self.separate:
            self.connection.close()


def _rows_to_write(batch: ImportBatch) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    last = 0
    while True:
        chunk = list(
            # walks the (batch, number) unique index in order: each chunk starts where the last
            # one ended, instead of sorting the batch's rows again for every chunk
            ImportRow.objects.filter(
                batch=batch, number__gt=last, outcome__in=[Outcome.CREATE, Outcome.UPDATE]
            )
            .order_by("number")
            .values_list("number", "outcome", "data")[:WRITE_CHUNK]
        )
        if not chunk:
            return
        last = chunk[-1][0]
        yield [(outcome, data) for _number, outcome, data in chunk]


def batch_write(
    *, batch_id: int, progress: Callable[[int], None] | None = None
) -> ImportBatch | None:
    """Write a confirmed batch's rows to create and update, in one transaction: all or nothing."""
    if not _claim(batch_id, Status.CONFIRMED, Status.WRITING, processed_rows=0):
        return None
    batch = ImportBatch.objects.select_related("uploaded_by", "confirmed_by").get(pk=batch_id)
    kind = kind_named(batch.kind)
    reporter = _Progress(batch)
    try:
        with translation.override(batch.language):
            try:
                _write(batch, kind, progress or reporter)
            except StaleDryRun as exc:
                _fail(batch_id, _("Nothing was written: %(reason)s") % {"reason": exc})
            except (DatabaseError, ValidationError) as exc:
                logger.exception("The write of import %s failed", batch_id)
                _fail(
                    batch_id,
                    _("Nothing was written: the database refused the rows (%(error)s).")
                    % {"error": str(exc).splitlines()[0][:300]},
                )
    finally:
        reporter.close()
    batch.refresh_from_db()
    return batch


def _write(batch: ImportBatch, kind: ImportKind | None, progress: Callable[[int], None]) -> None:
    if kind is None or not kind.may_import(batch.confirmed_by):
        raise StaleDryRun(_("the staff member who confirmed may no longer import these records."))
    with (
        transaction.atomic(),
        pghistory.context(import_batch=str(batch.public_id), user=batch.confirmed_by_id),
        connection.cursor() as cursor,
    ):
        context = kind.context(batch)
        rows = RowsToWrite(batch.pk, lambda: _rows_to_write(batch))
        written = kind.write(cursor, rows, context, progress)
        if (written.created, written.updated) != (batch.created_count, batch.updated_count):
            raise StaleDryRun(_("the registry changed since the dry run; upload the file again."))
        batch.status = Status.DONE
        batch.written_count = written.created + written.updated
        batch.processed_rows = batch.total_rows
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "written_count", "processed_rows", "finished_at"])


OUTCOME_LABELS = {
    Outcome.CREATE: gettext_lazy("to create"),
    Outcome.UPDATE: gettext_lazy("to update"),
    Outcome.UNCHANGED: gettext_lazy("unchanged"),
    Outcome.REFUSED: gettext_lazy("refused"),
}
