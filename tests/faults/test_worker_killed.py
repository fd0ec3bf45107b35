"""A Celery worker killed (SIGKILL, no goodbye) in the middle of a full
rebuild, then started again: the facts end as an uninterrupted run leaves
them and the run ends done instead of staying "running"."""

import psycopg
import pytest
from celery import Celery

from reports import engine
from reports.indicators import REGISTRY
from reports.models import AggregationRun, CoverageFact

from .conftest import (
    CeleryWorker,
    database_url_for_subprocesses,
    fact_rows,
    needs_postgres,
    needs_redis_server,
    service_env,
    wait_for,
)

pytestmark = [pytest.mark.faults, needs_postgres, needs_redis_server,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def run_status(pk):
    return AggregationRun.objects.values_list("status", "done", "message").get(pk=pk)


def test_a_rebuild_killed_with_its_worker_finishes_after_a_restart_with_the_facts_of_an_uninterrupted_run(
        district_visits, throwaway_redis, tmp_path):
    year = district_visits
    engine.rebuild("36.01", year)
    uninterrupted = fact_rows()
    assert len({row[2] for row in uninterrupted}) > 3  # several indicators, several sources
    # Stale facts for the rebuild to replace: a killed run must leave them as they were.
    CoverageFact.objects.update(numerator=999)
    stale = fact_rows()

    db_url = database_url_for_subprocesses()
    env = service_env(DATABASE_URL=db_url, REDIS_URL=throwaway_redis.url)
    worker = CeleryWorker(env, tmp_path / "worker.log")
    run = AggregationRun.objects.create(district_id="36.01", year=year, kind=AggregationRun.Kind.REBUILD)
    # Hold the worker in the middle of the rebuild, after it has reported
    # progress: it will wait on this table, written after the facts in the
    # rebuild's one transaction (everything it reads, it reads before).
    conninfo = db_url.replace("postgres://", "postgresql://")
    blocker = psycopg.connect(conninfo)
    blocker.execute("LOCK TABLE reports_coverageyear IN ACCESS EXCLUSIVE MODE")
    watcher = psycopg.connect(conninfo, autocommit=True)
    try:
        worker.start()
        producer = Celery("fault-producer", broker=throwaway_redis.url)
        producer.send_task("reports.rebuild_coverage", args=[run.pk])
        wait_for(lambda: run_status(run.pk)[0] == "running" and run_status(run.pk)[1] > 0, 60,
                 "the rebuild to report progress")
        waiting = wait_for(lambda: watcher.execute(
            "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() "
            "AND pid <> pg_backend_pid()").fetchall(), 30, "the worker to wait on the table")
        worker.kill()
    finally:
        blocker.rollback()
        blocker.close()
    # PostgreSQL ends the dead worker's session (and its district lock) once it
    # finds the client gone.
    pids = [pid for (pid,) in waiting]
    with watcher:
        wait_for(lambda: not watcher.execute("SELECT 1 FROM pg_stat_activity WHERE pid = ANY(%s)",
                                             [pids]).fetchone(), 30, "the dead worker's session to end")

    status, done, _message = run_status(run.pk)
    assert (status, fact_rows()) == ("running", stale), "killed mid-run: nothing written, the run looks alive"
    assert 0 < done < len(REGISTRY)

    worker.start()  # the restarted worker finds the orphan and queues it again
    try:
        wait_for(lambda: run_status(run.pk)[0] == "done", 90, "the requeued rebuild to finish")
    finally:
        worker.stop()
    assert fact_rows() == uninterrupted
    assert not AggregationRun.objects.filter(status="running").exists()
