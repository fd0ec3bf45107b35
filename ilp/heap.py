"""Take the long-lived heap out of the garbage collector's full passes.

After the first request a process holds what it keeps for its lifetime:
modules, URL patterns, compiled templates, translation catalogues. Python's
full collections walk all of it, which made one request in twenty about a
hundred milliseconds slower (the dashboard lines of `bench_aggregation`,
decision 20). Collecting once and then freezing what is left leaves the later
full passes only the objects made since. A Celery worker's process does the
same after its first task: one refresh in a few otherwise paid a full pass
(decision 38)."""

import gc

from celery.signals import task_postrun
from django.core.signals import request_finished

_DISPATCH_UID = "ilp.heap.freeze_after_first_request"
_TASK_UID = "ilp.heap.freeze_after_first_task"


def freeze() -> None:
    """Free the garbage, then freeze what is left: it is never frozen."""
    gc.collect()
    gc.freeze()


def freeze_after_first_request(**_kwargs) -> None:
    request_finished.disconnect(dispatch_uid=_DISPATCH_UID)
    freeze()


def freeze_after_first_task(**_kwargs) -> None:
    task_postrun.disconnect(dispatch_uid=_TASK_UID)
    freeze()


def connect() -> None:
    request_finished.connect(freeze_after_first_request, dispatch_uid=_DISPATCH_UID, weak=False)
    task_postrun.connect(freeze_after_first_task, dispatch_uid=_TASK_UID, weak=False)
