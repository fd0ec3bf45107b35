"""Embedded (no broker, tasks in-process): a visit saved through the
services reaches the stored figures with nobody asking for a refresh, also
when another run holds the district at the time, and a burst of saves makes
one refresh."""

import threading
import time
from datetime import date
from decimal import Decimal

import pytest

from clusters.models import CoverageChange
from reports.models import CoverageYear
from reports.runs import trigger, wait_for_refreshes

from .refresh_helpers import YEAR, child, count
from .run_helpers import another_worker_aggregating, eventually

# Committed transactions, so that saves announce themselves after commit;
# the migrated rows (roles and their groups) restored for the tests after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def embedded(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.COVERAGE_REFRESH_AFTER_SAVE = True
    settings.COVERAGE_REFRESH_DEBOUNCE_SECONDS = 0.2
    settings.COVERAGE_REFRESH_RETRY_SECONDS = 0.2
    yield
    assert wait_for_refreshes(30), "a refresh thread outlived its test"


def test_a_saved_visit_reaches_the_facts_with_no_manual_step(embedded, record, network):
    kid = child(network)
    record(kid, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    assert eventually(lambda: count("D", 3) == 1)
    assert eventually(lambda: not CoverageChange.objects.exists())
    assert CoverageYear.objects.get(district_id="36.01", year=YEAR).refreshed_at is not None


def test_visits_saved_after_the_first_refresh_reach_the_facts_too(embedded, record, network):
    first, second = child(network), child(network)
    record(first, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    assert eventually(lambda: count("D", 3) == 1)
    record(second, date(YEAR, 3, 7), "balita", ["WEIGHING"], weight_kg=Decimal("8.1"))
    assert eventually(lambda: count("D", 3) == 2)


def test_a_visit_saved_while_another_run_holds_the_district_is_not_lost(embedded, record, network):
    kid = child(network)
    with another_worker_aggregating("36.01"):
        record(kid, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
        time.sleep(1)  # the refresh found the district busy, maybe more than once
        assert count("D", 3) == 0
    assert eventually(lambda: count("D", 3) == 1)


def test_a_burst_of_saves_makes_one_refresh():
    refreshed, done = [], threading.Event()

    def refresh(district):
        refreshed.append(district)
        done.set()
        return True

    timers = trigger.Timers(run=refresh)
    scheduled = [timers.schedule("36.01", 0.3) for _ in range(20)]
    assert scheduled == [True] + [False] * 19
    assert done.wait(5) and timers.wait(5)
    assert refreshed == ["36.01"]


def test_a_refresh_that_meets_a_busy_district_comes_back(settings):
    settings.COVERAGE_REFRESH_RETRY_SECONDS = 0.1
    answers = [False, False, True]  # busy, busy, done

    timers = trigger.Timers(run=lambda district: answers.pop(0))
    timers.schedule("36.01", 0.05)
    assert timers.wait(5)
    assert answers == []
