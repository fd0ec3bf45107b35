"""Celery tasks: thin wrappers over jobs.py and the engine. Registered
through reports/tasks.py, the module Celery's autodiscovery imports."""

from datetime import timedelta

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from reports import engine

from ..models import AggregationRun
from . import jobs, trigger


@shared_task(name="reports.refresh_coverage", acks_late=True)
def refresh_coverage() -> dict:
    """The periodic refresh of every district (beat): the backstop of the
    refreshes queued after saves, and the sweep for orphaned runs."""
    result = engine.refresh()
    result["requeued"] = requeue_orphaned_runs()
    return result


@shared_task(name="reports.refresh_district", bind=True, acks_late=True, max_retries=30)
def refresh_district(self, district: str) -> dict:
    """Queued after a save (trigger.py). Saves committed from now on queue the
    next one: this one may have started reading before them."""
    trigger.release(district)
    result = engine.refresh(district)
    if district in result["busy"] and not self.request.is_eager:
        # Another run holds the district: come back rather than lose the changes.
        raise self.retry(countdown=settings.COVERAGE_REFRESH_COUNTDOWN_SECONDS)
    return result


@shared_task(name="reports.rebuild_coverage", bind=True, acks_late=True, max_retries=20)
def rebuild_coverage(self, run_id: int) -> int:
    try:
        return jobs.rebuild_run(run_id)
    except engine.DistrictBusy as exc:
        if self.request.is_eager:
            jobs.finish(run_id, AggregationRun.Status.FAILED, "busy")
            return 0
        raise self.retry(countdown=30) from exc


def requeue_orphaned_runs(older_than: timedelta = jobs.ORPHAN_AFTER) -> list[int]:
    return jobs.requeue_orphaned_runs(rebuild_coverage.delay, older_than)


@worker_ready.connect
def _requeue_orphans_at_start(**_kwargs):
    # A worker starting after a crash finishes what the crash left, at once.
    from django.db import connection

    try:
        requeue_orphaned_runs(older_than=timedelta(0))
    finally:
        connection.close()  # opened in the parent: pool processes forked later must not share it
