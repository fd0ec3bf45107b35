"""What the Celery tasks (tasks.py) do, apart from Celery.

A worker can die mid-run (SIGKILL, OOM, a machine restart). The facts are
safe (a run writes them in one transaction at its end) but its AggregationRun
would stay "running", and the broker redelivers an unacknowledged message only
after its visibility timeout (an hour with Redis). So a run marked running
whose district lock nobody holds is an orphan: a starting worker and every
scheduled refresh put it back in the queue (docs/decisions/0010)."""

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from reports import engine

from ..models import AggregationRun

# A run marks itself running a moment before it takes the district lock; the
# periodic sweep leaves runs younger than this alone.
ORPHAN_AFTER = timedelta(minutes=1)


def rebuild_run(run_id: int) -> int:
    """Carry out a requested rebuild. Returns the number of facts; raises
    engine.DistrictBusy (the run is back to "queued") when another run holds
    the district, and marks the run failed on any other error."""
    run = AggregationRun.objects.get(pk=run_id)
    if run.status == AggregationRun.Status.DONE:
        # A redelivered message of a run that was requeued and has finished.
        return 0

    def progress(done: int, total: int):
        AggregationRun.objects.filter(pk=run_id).update(done=done, total=total)

    AggregationRun.objects.filter(pk=run_id).update(status=AggregationRun.Status.RUNNING, started_at=timezone.now())
    try:
        written = engine.rebuild(run.district_id, run.year, progress=progress)
    except engine.DistrictBusy:
        # Waiting for the other run: queued, not running, so no sweep takes it for an orphan.
        AggregationRun.objects.filter(pk=run_id).update(status=AggregationRun.Status.QUEUED)
        raise
    except Exception as exc:
        finish(run_id, AggregationRun.Status.FAILED, repr(exc)[:500])
        raise
    finish(run_id, AggregationRun.Status.DONE, str(written))
    return written


def finish(run_id: int, status: str, message: str) -> None:
    AggregationRun.objects.filter(pk=run_id).update(status=status, message=message, finished_at=timezone.now())


def requeue_orphaned_runs(enqueue: Callable[[int], object], older_than: timedelta = ORPHAN_AFTER) -> list[int]:
    """Queue again (through `enqueue`) the rebuilds marked running whose
    worker is gone (their district lock is free). Returns their ids."""
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
            enqueue(run.pk)
            requeued.append(run.pk)
    return requeued
