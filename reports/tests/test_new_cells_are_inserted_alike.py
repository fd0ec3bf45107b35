"""New fact cells are inserted from arrays when they are few (a refresh's)
and by COPY when they are many (a rebuild's): both write the same rows."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings

from reports import aggregation
from reports.models import CoverageFact
from reports.tests.refresh_helpers import YEAR, child

pytestmark = pytest.mark.skipif(not settings.IS_POSTGRES, reason="both ways are PostgreSQL's")


def facts():
    return sorted(CoverageFact.objects.values_list("posyandu_id", "district_id", "month", "indicator", "numerator",
                                                   "denominator"))


def test_arrays_and_copy_write_the_same_facts(record, network, monkeypatch):
    for n in range(3):
        kid = child(network)
        record(kid, date(YEAR, 3, 6 + n), "balita", ["WEIGHING", "VIT_A"], weight_kg=Decimal("8"))
        record(kid, date(YEAR, 4, 6 + n), "balita", ["WEIGHING"], weight_kg=Decimal("8.4"))
    aggregation.rebuild("36.01")
    by_arrays = facts()
    CoverageFact.objects.all().delete()
    monkeypatch.setattr(aggregation, "FEW_CELLS", 0)

    aggregation.rebuild("36.01")

    assert facts() == by_arrays != []
    assert {d for (_p, _d, _m, _i, _n, d) in by_arrays} > {None}  # with and without a denominator
