"""Runs of the coverage engine: the rebuilds a user asks for (the
"Agregasi" page and its progress), the refreshes that follow saved visits
(`trigger`), the periodic refresh and the recovery of runs whose worker
died (`jobs`, wrapped as Celery tasks in `tasks`). Public surface:

- `can_rebuild(user, district=None)`, `runs_for(user)`, `running_run(district)`;
- `request_rebuild(by=, district=, year=)`;
- `refresh_soon(district)` and `wait_for_refreshes(timeout)`.

The engine itself (reports.engine) knows nothing of runs."""

from .selectors import can_rebuild, running_run, runs_for
from .services import request_rebuild
from .trigger import refresh_soon, wait_for_refreshes

__all__ = ["can_rebuild", "refresh_soon", "request_rebuild", "running_run", "runs_for", "wait_for_refreshes"]
