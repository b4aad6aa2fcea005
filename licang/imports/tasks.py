"""Background jobs of the imports (procrastinate; see ``licang.tasks``): the dry run and the write
of a batch. Each is safe to run twice: the second run finds the batch moved on and does nothing."""

from __future__ import annotations

from procrastinate.contrib.django import app

from licang.imports import actions


@app.task(name=actions.VALIDATE_TASK, queue="imports")
def validate_batch(batch_id: int) -> None:
    actions.batch_validate(batch_id=batch_id)


@app.task(name=actions.WRITE_TASK, queue="imports")
def write_batch(batch_id: int) -> None:
    actions.batch_write(batch_id=batch_id)
