"""A rebuild: evaluate a district (one year, or all its years in one pass)
from the sources and make the stored facts, roll-ups and state equal what
it gives.

1. Under the district lock, take the change log rows it answers for (those
   committed before it reads).
2. Read and fold every indicator at once (fold.evaluate_all); the stored
   facts, state and roll-ups are read meanwhile on the second connection.
3. In one transaction: write the facts and state rows that differ, the
   roll-ups of every month of the years built, the years' CoverageYear, and
   consume the log rows taken (visits logged as added that were read with
   the rest become months to read again, so nothing counts twice)."""

from collections.abc import Callable
from datetime import date

import numpy as np
from django.utils import timezone

from clusters import changes
from clusters.models import CoverageChange

from . import facts, rollups, state
from .fold import evaluate_all
from .keys import split_key
from .plumbing import derived_writes, district_lock

STEPS = 4  # log taken and visits read, immunisation read, stored rows read, written


def rebuild(district: str, year: int | None = None, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every fact and every subject's state of a district, for one
    year or (None) all its years in one pass. Returns the number of facts."""
    with district_lock(district):
        return rebuild_locked(district, year, progress)


def rebuild_locked(district: str, year: int | None, progress: Callable[[int, int], None] | None = None) -> int:
    """A rebuild by a run that holds the district's lock."""
    started = timezone.now()
    log = CoverageChange.objects.filter(posyandu__district_id=district)
    consumed = list((log if year is None else log.filter(month__year=year)).values_list("pk", flat=True))
    if progress:
        progress(0, STEPS)
    evaluation, (stored_facts, stored_state, stored_rollups) = evaluate_all(
        district=district, year=year, progress=progress, steps=STEPS,
        meanwhile=lambda: (facts.stored(district, year), state.stored(district, year),
                           rollups.stored(district, year)))
    if progress:
        progress(STEPS - 1, STEPS)
    years = {year} if year is not None else set(np.unique(np.concatenate([
        split_key(evaluation.keys)[1], stored_facts["yr"], stored_state["yr"],
        *(s.year for s in evaluation.subjects)])).tolist())
    with derived_writes():
        # Everyone evaluated lives in the district: its Posyandu are where
        # the visits were read from.
        facts.sync(evaluation, stored_facts, district)
        rollups.sync(district=district, months=[date(y, m, 1) for y in years for m in range(1, 13)],
                     cells=(evaluation.keys, evaluation.numerator, evaluation.denominator), stored=stored_rollups)
        state.sync(evaluation.subjects, stored_state, district)
        state.mark_built(district, years, started, timezone.now())
        changes.consume(consumed)
        changes.read_added_again(year=year, district=district)
    if progress:
        progress(STEPS, STEPS)
    return len(evaluation.keys)
