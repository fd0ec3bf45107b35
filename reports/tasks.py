"""The module Celery's autodiscovery imports (`<app>.tasks`): the tasks live
in reports/runs/tasks.py."""

from .runs.tasks import rebuild_coverage, refresh_coverage, refresh_district, requeue_orphaned_runs

__all__ = ["rebuild_coverage", "refresh_coverage", "refresh_district", "requeue_orphaned_runs"]
