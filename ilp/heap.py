"""Take the long-lived heap out of the garbage collector's full passes.

After the first request a process holds what it keeps for its lifetime:
modules, URL patterns, compiled templates, translation catalogues. Python's
full collections walk all of it, which made one request in twenty about a
hundred milliseconds slower (the dashboard lines of `bench_aggregation`,
decision 20). Collecting once and then freezing what is left leaves the later
full passes only the objects made since."""

import gc

from django.core.signals import request_finished

_DISPATCH_UID = "ilp.heap.freeze_after_first_request"


def freeze_after_first_request(**_kwargs) -> None:
    request_finished.disconnect(dispatch_uid=_DISPATCH_UID)
    gc.collect()  # garbage is freed first, never frozen
    gc.freeze()


def connect() -> None:
    request_finished.connect(freeze_after_first_request, dispatch_uid=_DISPATCH_UID, weak=False)
