"""What the refresh tests read of the facts, on the district 36.01 in 2026."""

from datetime import date
from decimal import Decimal

from django.db.models import Sum

from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import aggregation, evaluation
from reports.indicators import BY_CODE
from reports.models import CoverageFact

YEAR = 2026


def snapshot():
    return sorted(CoverageFact.objects.values_list("posyandu_id", "month", "indicator", "numerator", "denominator"))


def count(code, month):
    return CoverageFact.objects.filter(indicator=code, month=date(YEAR, month, 1)).aggregate(
        n=Sum("numerator"))["n"] or 0


def assert_a_rebuild_changes_nothing():
    incremental = snapshot()
    aggregation.rebuild("36.01", YEAR)
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
    aggregation.rebuild("36.01", YEAR)
    for kid in kids:
        record(kid, date(YEAR, 4, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8.3"))
    return kids


def reads_of(monkeypatch, table):
    """The SQL of every array read from now on that names `table`."""
    reads = []
    read = evaluation.read_arrays

    def spy(sql, *args, **kwargs):
        if table in sql:
            reads.append(sql)
        return read(sql, *args, **kwargs)

    monkeypatch.setattr(evaluation, "read_arrays", spy)
    return reads


def numerators(code, year=YEAR):
    """{(Posyandu, month): numerator} of the stored facts of an indicator."""
    return {(p, m): n for p, m, n in CoverageFact.objects.filter(
        indicator=code, month__year=year, numerator__gt=0).values_list("posyandu_id", "month", "numerator")}


def counted_everywhere(code, year=YEAR):
    """What an indicator counts, by (Posyandu, month): after a refresh of
    what the log holds, by the reference definition, after a rebuild of the
    year and after a rebuild of every year at once. All four must agree."""
    aggregation.refresh()
    refreshed = numerators(code, year)
    reference = aggregation.evaluate(BY_CODE[code], year=year)
    aggregation.rebuild("36.01", year)
    rebuilt = numerators(code, year)
    aggregation.rebuild("36.01")
    every_year = numerators(code, year)
    assert refreshed == reference == rebuilt == every_year, (code, refreshed, reference, rebuilt, every_year)
    return reference
