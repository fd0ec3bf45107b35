"""Outside a transaction, a district rebuild reads its visits on one
connection while a second reads their measurements and services; the facts
are those of the reference evaluation. A refresh reads its people's stored
state on the second connection, and moves the facts to what a rebuild gives."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings

from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import aggregation, evaluation
from reports.aggregation import evaluate
from reports.indicators import BY_CODE
from reports.models import CoverageFact

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="a second connection sees committed rows only on a server"),
]


def test_a_rebuild_reads_on_two_connections_and_counts_what_the_reference_counts(record, network, monkeypatch):
    for n, key in enumerate(("posyandu_pustu", "posyandu_pkm", "posyandu_b")):
        child = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"][key]),
                               birth_date=date(2024, 1, 5 + n))
        record(child, date(2026, 3, 4), "balita", ["WEIGHING", "VIT_A"], weight_kg=Decimal("10.5"))
        record(child, date(2026, 4, 4 + n), "balita", ["WEIGHING"], weight_kg=Decimal("10.9"))
    threads = set()
    read = evaluation.read_arrays

    def spy(*args, **kwargs):
        threads.add(threading.current_thread().name)
        return read(*args, **kwargs)

    monkeypatch.setattr(evaluation, "read_arrays", spy)
    aggregation.rebuild("36.01")
    assert "coverage-read" in threads and len(threads) == 2
    for code in ("D", "VIT_A", "MEASURED_WAZ"):
        facts = {(p, m): n for p, m, n in CoverageFact.objects.filter(indicator=code, numerator__gt=0)
                 .values_list("posyandu_id", "month", "numerator")}
        assert facts == evaluate(BY_CODE[code], year=2026, district="36.01") != {}, code


def test_a_refresh_reads_the_stored_state_on_a_second_connection_and_moves_facts_as_a_rebuild_would(
        record, network, monkeypatch):
    from clusters.models import CoverageChange

    children = [PatientFactory(household=HouseholdFactory(posyandu=network["36.01"][key]),
                               birth_date=date(2024, 2, 1)) for key in ("posyandu_pustu", "posyandu_b")]
    for month in range(1, 8):
        for child in children:
            record(child, date(2026, month, 3), "balita", ["WEIGHING"], weight_kg=Decimal("9") + month / Decimal(10))
    aggregation.rebuild("36.01")
    for child in children:
        record(child, date(2026, 8, 3), "balita", ["WEIGHING"], weight_kg=Decimal("10"))  # the eighth
    threads = set()
    run = aggregation._run

    def spy(*args, **kwargs):
        threads.add(threading.current_thread().name)
        return run(*args, **kwargs)

    monkeypatch.setattr(aggregation, "_run", spy)
    assert aggregation.refresh()["people"] == 2
    monkeypatch.undo()

    assert "coverage-read" in threads and not CoverageChange.objects.exists()
    refreshed = sorted(CoverageFact.objects.values_list("posyandu_id", "month", "indicator", "numerator"))
    assert sum(n for _p, month, code, n in refreshed if code == "SPM_BALITA" and month == date(2026, 8, 1)) == 2
    aggregation.rebuild("36.01")
    assert sorted(CoverageFact.objects.values_list("posyandu_id", "month", "indicator", "numerator")) == refreshed
