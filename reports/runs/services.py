"""Writes of runs: a rebuild asked for by a user."""

import logging

from django.db import transaction

from ..models import AggregationRun

logger = logging.getLogger(__name__)


def request_rebuild(*, by, district: str, year: int | None) -> AggregationRun:
    """Record a rebuild of the district (one year, or None: every year) and
    queue it once the record is committed. When the queue is unreachable the
    run is marked failed, and stays visible saying so."""
    with transaction.atomic():
        run = AggregationRun.objects.create(district_id=district, year=year, kind=AggregationRun.Kind.REBUILD,
                                            requested_by=by)
        transaction.on_commit(lambda: _enqueue(run.pk))
    run.refresh_from_db()
    return run


def _enqueue(run_id: int) -> None:
    from .tasks import rebuild_coverage

    try:
        rebuild_coverage.apply_async(args=[run_id], retry=False)
    except Exception as exc:  # broker down
        logger.warning("rebuild %s not queued: %r", run_id, exc)
        AggregationRun.objects.filter(pk=run_id).update(status=AggregationRun.Status.FAILED,
                                                        message=f"queue unavailable: {exc!r}"[:500])
