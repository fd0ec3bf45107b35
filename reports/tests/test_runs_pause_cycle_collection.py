"""Rebuilds and refreshes run with Python's cycle collector paused (a full
collection would walk the whole process mid-run), and resume it after, even
when the run fails."""

import gc
from datetime import date
from decimal import Decimal

import pytest

from reports import aggregation
from reports.tests.refresh_helpers import YEAR, child


@pytest.fixture
def collector_seen(monkeypatch):
    seen = []
    sync = aggregation._sync_state

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return sync(*args, **kwargs)

    monkeypatch.setattr(aggregation, "_sync_state", spy)
    return seen


def test_a_rebuild_and_a_refresh_run_with_the_collector_paused(record, network, collector_seen):
    kid = child(network)
    record(kid, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    aggregation.rebuild("36.01", YEAR)
    record(kid, date(YEAR, 4, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8.3"))
    aggregation.refresh()

    assert collector_seen == [False, False]
    assert gc.isenabled()


def test_the_collector_resumes_when_a_run_fails(record, network, monkeypatch):
    monkeypatch.setattr(aggregation, "_sync_state", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        aggregation.rebuild("36.01", YEAR)

    assert gc.isenabled()
