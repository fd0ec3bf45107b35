"""Celery tasks: thin wrappers over reports.aggregation."""

from celery import shared_task
from django.utils import timezone

from . import aggregation
from .models import AggregationRun


@shared_task(name="reports.refresh_coverage", acks_late=True)
def refresh_coverage() -> dict:
    return aggregation.refresh()


@shared_task(name="reports.rebuild_coverage", bind=True, acks_late=True, max_retries=20)
def rebuild_coverage(self, run_id: int) -> int:
    run = AggregationRun.objects.get(pk=run_id)

    def progress(done: int, total: int):
        AggregationRun.objects.filter(pk=run_id).update(done=done, total=total)

    AggregationRun.objects.filter(pk=run_id).update(status=AggregationRun.Status.RUNNING, started_at=timezone.now())
    try:
        written = aggregation.rebuild(run.district_id, run.year, progress=progress)
    except aggregation.DistrictBusy as exc:
        if self.request.is_eager:
            _finish(run_id, AggregationRun.Status.FAILED, "busy")
            return 0
        raise self.retry(countdown=30) from exc
    except Exception as exc:
        _finish(run_id, AggregationRun.Status.FAILED, repr(exc)[:500])
        raise
    _finish(run_id, AggregationRun.Status.DONE, str(written))
    return written


def _finish(run_id, status, message):
    AggregationRun.objects.filter(pk=run_id).update(status=status, message=message, finished_at=timezone.now())
