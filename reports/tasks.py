"""Celery tasks: thin wrappers over the coverage engine (reports.engine).

A worker can die mid-run (SIGKILL, OOM, a machine restart). The facts are
safe (a run writes them in one transaction at its end) but its AggregationRun
would stay "running", and the broker redelivers an unacknowledged message only
after its visibility timeout (an hour with Redis). So a run marked running
whose district lock nobody holds is an orphan: a starting worker and every
scheduled refresh put it back in the queue (docs/decisions/0010)."""

from datetime import timedelta

from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

from . import engine
from .models import AggregationRun

# A run marks itself running a moment before it takes the district lock; the
# periodic sweep leaves runs younger than this alone.
ORPHAN_AFTER = timedelta(minutes=1)


@shared_task(name="reports.refresh_coverage", acks_late=True)
def refresh_coverage() -> dict:
    result = engine.refresh()
    result["requeued"] = requeue_orphaned_runs()
    return result


@shared_task(name="reports.rebuild_coverage", bind=True, acks_late=True, max_retries=20)
def rebuild_coverage(self, run_id: int) -> int:
    run = AggregationRun.objects.get(pk=run_id)
    if run.status == AggregationRun.Status.DONE:
        # A redelivered message of a run that was requeued and has finished.
        return 0

    def progress(done: int, total: int):
        AggregationRun.objects.filter(pk=run_id).update(done=done, total=total)

    AggregationRun.objects.filter(pk=run_id).update(status=AggregationRun.Status.RUNNING, started_at=timezone.now())
    try:
        written = engine.rebuild(run.district_id, run.year, progress=progress)
    except engine.DistrictBusy as exc:
        if self.request.is_eager:
            _finish(run_id, AggregationRun.Status.FAILED, "busy")
            return 0
        # Waiting for the other run: queued, not running, so no sweep takes it for an orphan.
        AggregationRun.objects.filter(pk=run_id).update(status=AggregationRun.Status.QUEUED)
        raise self.retry(countdown=30) from exc
    except Exception as exc:
        _finish(run_id, AggregationRun.Status.FAILED, repr(exc)[:500])
        raise
    _finish(run_id, AggregationRun.Status.DONE, str(written))
    return written


def _finish(run_id, status, message):
    AggregationRun.objects.filter(pk=run_id).update(status=status, message=message, finished_at=timezone.now())


def requeue_orphaned_runs(older_than: timedelta = ORPHAN_AFTER) -> list[int]:
    """Queue again the rebuilds marked running whose worker is gone (their
    district lock is free). Returns their ids."""
    requeued = []
    stale = AggregationRun.objects.filter(status=AggregationRun.Status.RUNNING,
                                          kind=AggregationRun.Kind.REBUILD,
                                          started_at__lte=timezone.now() - older_than)
    for run in stale:
        try:
            with engine.district_lock(run.district_id):
                pass
        except engine.DistrictBusy:
            continue  # someone is aggregating this district: the run may well be alive
        claimed = AggregationRun.objects.filter(pk=run.pk, status=AggregationRun.Status.RUNNING).update(
            status=AggregationRun.Status.QUEUED, done=0, message="requeued: its worker stopped")
        if claimed:
            rebuild_coverage.delay(run.pk)
            requeued.append(run.pk)
    return requeued


@worker_ready.connect
def _requeue_orphans_at_start(**_kwargs):
    # A worker starting after a crash finishes what the crash left, at once.
    from django.db import connection

    try:
        requeue_orphaned_runs(older_than=timedelta(0))
    finally:
        connection.close()  # opened in the parent: pool processes forked later must not share it
