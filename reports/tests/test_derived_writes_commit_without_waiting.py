"""On PostgreSQL a run's derived writes commit without waiting for the WAL
flush (a crash can lose the whole run, never part of it); the setting ends
with the transaction, so visit entry still commits durably."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from reports import aggregation
from reports.tests.refresh_helpers import YEAR, child

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="synchronous_commit is a PostgreSQL setting"),
]


def synchronous_commit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def test_a_refresh_writes_without_waiting_and_leaves_the_connection_durable(record, network, monkeypatch):
    kid = child(network)
    record(kid, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    aggregation.rebuild("36.01", YEAR)
    record(kid, date(YEAR, 4, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8.3"))
    seen = []
    sync = aggregation._sync_state

    def spy(*args, **kwargs):
        seen.append(synchronous_commit())
        return sync(*args, **kwargs)

    monkeypatch.setattr(aggregation, "_sync_state", spy)
    aggregation.refresh()
    aggregation.rebuild("36.01", YEAR)

    assert seen == ["off", "off"]  # the refresh's writes, then the rebuild's
    assert synchronous_commit() == "on"
