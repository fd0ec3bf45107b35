"""Outside a transaction, a district rebuild reads its visits on one
connection while a second reads their measurements and services; the facts
are those of the reference evaluation."""

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
