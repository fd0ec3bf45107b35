"""Changing the registry changes what stored state means (decision 8): a
district-year built with another registry or layout (STATE_VERSION) is
rebuilt by the next refresh, even when its log is empty, one a run."""

from datetime import date
from decimal import Decimal

from reports import aggregation
from reports.evaluation import STATE_VERSION
from reports.models import CoverageFact, CoverageYear
from reports.tests.refresh_helpers import YEAR, child, snapshot


def test_a_refresh_rebuilds_a_year_built_with_other_definitions(record, network):
    kid = child(network)
    record(kid, date(YEAR - 1, 11, 6), "balita", ["WEIGHING"], weight_kg=Decimal("7.5"))
    record(kid, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    aggregation.rebuild("36.01")
    built = snapshot()
    # Facts and state of last year as an older registry left them.
    CoverageYear.objects.filter(year=YEAR - 1).update(state=STATE_VERSION + 1)
    CoverageFact.objects.filter(month__year=YEAR - 1).update(numerator=7)

    aggregation.refresh()

    assert snapshot() == built
    assert set(CoverageYear.objects.values_list("year", "state")) == {(YEAR - 1, STATE_VERSION),
                                                                       (YEAR, STATE_VERSION)}


def test_one_outdated_year_is_rebuilt_a_run(record, network):
    kid = child(network)
    for year in (YEAR - 1, YEAR):
        record(kid, date(year, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    aggregation.rebuild("36.01")
    CoverageYear.objects.update(state=STATE_VERSION + 1)

    aggregation.refresh()
    assert CoverageYear.objects.filter(state=STATE_VERSION).count() == 1
    aggregation.refresh()
    assert CoverageYear.objects.filter(state=STATE_VERSION).count() == 2
