"""Posyandu that moved to another Puskesmas or desa: their facts stay theirs,
but the district's roll-ups are summed again from the facts, inside the
moving write's transaction, under the district lock."""

import time
from contextlib import ExitStack

from django.conf import settings

from reports.models import CoverageFact, CoverageRollup

from . import rollups
from .plumbing import DistrictBusy, district_lock_in_transaction


def rollups_after_moves(district: str) -> None:
    """Waits for a run of the district in progress (a rebuild at a million
    people takes seconds) up to COVERAGE_MOVE_WAIT_SECONDS, then raises
    DistrictBusy. The lock is held until the moving write commits: a run
    that starts sooner would place the facts where they were."""
    deadline = time.monotonic() + settings.COVERAGE_MOVE_WAIT_SECONDS
    with ExitStack() as stack:
        while True:
            try:
                stack.enter_context(district_lock_in_transaction(district))
                break
            except DistrictBusy:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.25)
        # Read under the lock: a run waited for may have added months.
        months = sorted({*CoverageFact.objects.filter(district_id=district).dates("month", "month"),
                         *CoverageRollup.objects.filter(district_id=district).dates("month", "month")})
        rollups.sync(district=district, months=months)
