"""Changing the registry changes what stored state means (decision 8): a
district-year built with another registry or layout (another state version) is
rebuilt by the next refresh, even when its log is empty, one a run."""

from datetime import date
from decimal import Decimal

from django.db.models import F

from reports import engine
from reports.engine.people import counted
from reports.indicators import BY_CODE
from reports.models import CoverageFact, CoverageSubject, CoverageYear
from reports.pws.areas import posyandu_area
from reports.tests.refresh_helpers import YEAR, built_version, child, snapshot


def test_a_refresh_rebuilds_a_year_built_with_other_definitions(record, network):
    kid = child(network)
    record(kid, date(YEAR - 1, 11, 6), "balita", ["WEIGHING"], weight_kg=Decimal("7.5"))
    record(kid, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    engine.rebuild("36.01")
    built, version = snapshot(), built_version()
    # Facts and state of last year as an older registry left them.
    CoverageYear.objects.filter(year=YEAR - 1).update(state=version + 1)
    CoverageFact.objects.filter(month__year=YEAR - 1).update(numerator=7)

    engine.refresh()

    assert snapshot() == built
    assert set(CoverageYear.objects.values_list("year", "state")) == {(YEAR - 1, version),
                                                                       (YEAR, version)}


def test_one_outdated_year_is_rebuilt_a_run(record, network):
    kid = child(network)
    for year in (YEAR - 1, YEAR):
        record(kid, date(year, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    engine.rebuild("36.01")
    version = built_version()
    CoverageYear.objects.update(state=version + 1)

    engine.refresh()
    assert CoverageYear.objects.filter(state=version).count() == 1
    engine.refresh()
    assert CoverageYear.objects.filter(state=version).count() == 2


def test_state_of_an_earlier_layout_is_not_read_until_the_refresh_rebuilds_it(record, network):
    kid = child(network)
    record(kid, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    engine.rebuild("36.01")
    area = posyandu_area(kid.household.posyandu_id)
    assert counted(BY_CODE["D"], area, YEAR, 3) == {(kid.pk, 0)}
    # As an earlier layout stored it (decimal text, digests of that layout), from before an upgrade.
    CoverageYear.objects.update(state=built_version() + 1)
    CoverageSubject.objects.update(months="3:1:0:0:0:0:6;", digest=F("digest") + 1)

    assert counted(BY_CODE["D"], area, YEAR, 3) == frozenset()
    engine.refresh()
    assert counted(BY_CODE["D"], area, YEAR, 3) == {(kid.pk, 0)}
