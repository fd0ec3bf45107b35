"""What the refresh tests read of the facts, on the district 36.01 in 2026."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.engine.reference import evaluate
from reports.indicators import BY_CODE
from reports.models import CoverageFact, CoverageYear

YEAR = 2026


def snapshot():
    return sorted(CoverageFact.objects.values_list("posyandu_id", "month", "indicator", "numerator", "denominator"))


def count(code, month):
    return CoverageFact.objects.filter(indicator=code, month=date(YEAR, month, 1)).aggregate(
        n=Sum("numerator"))["n"] or 0


def assert_a_rebuild_changes_nothing():
    incremental = snapshot()
    engine.rebuild("36.01", YEAR)
    assert snapshot() == incremental


def child(network):
    household = HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"])
    return PatientFactory(household=household, birth_date=date(2025, 1, 10))


def weighed_twice(record, network, kids=3):
    """Children weighed in March, a rebuild, and their April weighings
    waiting in the log."""
    kids = [child(network) for _ in range(kids)]
    for kid in kids:
        record(kid, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    engine.rebuild("36.01", YEAR)
    for kid in kids:
        record(kid, date(YEAR, 4, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8.3"))
    return kids


def refresh_counting_statements() -> tuple[dict, int]:
    """A refresh's result, and how many statements it ran."""
    with CaptureQueriesContext(connection) as statements:
        result = engine.refresh()
    return result, len(statements)


def built_version():
    """The definitions' version a rebuild stores with the district-years it builds."""
    return CoverageYear.objects.values_list("state", flat=True).distinct().get()


def numerators(code, year=YEAR):
    """{(Posyandu, month): numerator} of the stored facts of an indicator."""
    return {(p, m): n for p, m, n in CoverageFact.objects.filter(
        indicator=code, month__year=year, numerator__gt=0).values_list("posyandu_id", "month", "numerator")}


def counted_everywhere(code, year=YEAR):
    """What an indicator counts, by (Posyandu, month): after a refresh of
    what the log holds, by the reference definition, after a rebuild of the
    year and after a rebuild of every year at once. All four must agree."""
    engine.refresh()
    refreshed = numerators(code, year)
    reference = evaluate(BY_CODE[code], year=year)
    engine.rebuild("36.01", year)
    rebuilt = numerators(code, year)
    engine.rebuild("36.01")
    every_year = numerators(code, year)
    assert refreshed == reference == rebuilt == every_year, (code, refreshed, reference, rebuilt, every_year)
    return reference
