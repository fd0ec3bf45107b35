"""Outside a transaction (on PostgreSQL, where a run reads on a second
connection), a district rebuild counts what the reference counts, a refresh
moves the facts to what a rebuild gives, and the run's extra connection is
closed when it ends."""

import time
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from clusters.models import CoverageChange
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.engine.reference import evaluate
from reports.indicators import BY_CODE
from reports.models import CoverageFact

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="a second connection sees committed rows only on a server"),
]


def connections_open(settled_at: int | None = None) -> int:
    """The server's connections to this database. A backend leaves
    pg_stat_activity a moment after its client has closed, so when a count
    is expected, wait briefly for it: a connection left open never settles."""
    deadline = time.monotonic() + 5
    while True:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
            count = cursor.fetchone()[0]
        if settled_at is None or count == settled_at or time.monotonic() > deadline:
            return count
        time.sleep(0.05)


def test_a_rebuild_counts_what_the_reference_counts(record, network):
    for n, key in enumerate(("posyandu_pustu", "posyandu_pkm", "posyandu_b")):
        child = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"][key]),
                               birth_date=date(2024, 1, 5 + n))
        record(child, date(2026, 3, 4), "balita", ["WEIGHING", "VIT_A"], weight_kg=Decimal("10.5"))
        record(child, date(2026, 4, 4 + n), "balita", ["WEIGHING"], weight_kg=Decimal("10.9"))
    before = connections_open()

    engine.rebuild("36.01")

    assert connections_open(settled_at=before) == before
    for code in ("D", "VIT_A", "MEASURED_WAZ"):
        facts = {(p, m): n for p, m, n in CoverageFact.objects.filter(indicator=code, numerator__gt=0)
                 .values_list("posyandu_id", "month", "numerator")}
        assert facts == evaluate(BY_CODE[code], year=2026, district="36.01") != {}, code


def test_a_refresh_moves_facts_as_a_rebuild_would(record, network):
    children = [PatientFactory(household=HouseholdFactory(posyandu=network["36.01"][key]),
                               birth_date=date(2024, 2, 1)) for key in ("posyandu_pustu", "posyandu_b")]
    for month in range(1, 8):
        for child in children:
            record(child, date(2026, month, 3), "balita", ["WEIGHING"], weight_kg=Decimal("9") + month / Decimal(10))
    engine.rebuild("36.01")
    for child in children:
        record(child, date(2026, 8, 3), "balita", ["WEIGHING"], weight_kg=Decimal("10"))  # the eighth
    before = connections_open()

    assert engine.refresh()["people"] == 2

    assert connections_open(settled_at=before) == before and not CoverageChange.objects.exists()
    refreshed = sorted(CoverageFact.objects.values_list("posyandu_id", "month", "indicator", "numerator"))
    assert sum(n for _p, month, code, n in refreshed if code == "SPM_BALITA" and month == date(2026, 8, 1)) == 2
    engine.rebuild("36.01")
    assert sorted(CoverageFact.objects.values_list("posyandu_id", "month", "indicator", "numerator")) == refreshed
