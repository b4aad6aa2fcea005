"""Background jobs of the statistics page (procrastinate; see ``licang.tasks``)."""

from __future__ import annotations

import logging

from procrastinate.contrib.django import app

from licang.figures_cache import actions

logger = logging.getLogger(__name__)


@app.task(name=actions.REFRESH_TASK, queue=actions.QUEUE)
def refresh_section(app_label: str) -> None:
    """Recompute one program's section, queued by ``actions.snapshots_invalidate``."""
    actions.snapshots_refresh(app_label=app_label)


# Every ten minutes: the figures that change with the clock (the meal window ends yesterday, the
# health figures follow the year) and the writes that bypass the actions (a bulk import by COPY)
# reach the page within that time even when nothing invalidates them.
@app.periodic(cron="*/10 * * * *", periodic_id="figures-cache-refresh")
@app.task(
    name="figures_cache.refresh_all", queue=actions.QUEUE, queueing_lock="figures_cache.refresh_all"
)
def refresh_all(timestamp: int) -> None:
    written = actions.snapshots_refresh()
    logger.info("Statistics snapshots refreshed: %d", written)
