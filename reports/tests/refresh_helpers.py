"""What the refresh tests read of the facts, on the district 36.01 in 2026."""

from datetime import date

from django.db.models import Sum

from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import aggregation
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
