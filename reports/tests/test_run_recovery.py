"""Runs left "running" by a worker that died are found and queued again
(the real kill is tests/faults/test_worker_killed.py)."""

from datetime import timedelta

from django.utils import timezone

from reports.models import AggregationRun, CoverageYear
from reports.tasks import rebuild_coverage, requeue_orphaned_runs

from .run_helpers import another_worker_aggregating


def left_running(minutes_ago=5, district="36.01"):
    return AggregationRun.objects.create(district_id=district, year=2026, kind=AggregationRun.Kind.REBUILD,
                                         status=AggregationRun.Status.RUNNING,
                                         started_at=timezone.now() - timedelta(minutes=minutes_ago))


def test_a_run_left_running_by_a_dead_worker_is_queued_again_and_finishes(network):
    run = left_running()
    assert requeue_orphaned_runs() == [run.pk]
    run.refresh_from_db()
    assert run.status == AggregationRun.Status.DONE  # tasks run in-process in tests


def test_a_run_whose_district_someone_is_aggregating_is_left_alone(network):
    run = left_running()
    with another_worker_aggregating("36.01"):
        assert requeue_orphaned_runs() == []
    run.refresh_from_db()
    assert run.status == AggregationRun.Status.RUNNING


def test_the_scheduled_sweep_leaves_a_run_that_has_just_started_alone(network):
    left_running(minutes_ago=0)
    assert requeue_orphaned_runs() == []


def test_a_redelivered_message_of_a_finished_run_does_nothing(network):
    run = AggregationRun.objects.create(district_id="36.01", year=2026, kind=AggregationRun.Kind.REBUILD,
                                        status=AggregationRun.Status.DONE, message="12")
    assert rebuild_coverage.apply(args=[run.pk]).get() == 0
    run.refresh_from_db()
    assert (run.status, run.message) == (AggregationRun.Status.DONE, "12")
    assert not CoverageYear.objects.exists()  # nothing was rebuilt
