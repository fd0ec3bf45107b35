"""On PostgreSQL a run's derived writes commit without waiting for the WAL
flush (a crash can lose the whole run, never part of it); the setting ends
with the transaction, so visit entry still commits durably. Seen from the
database: a trigger notes the setting each fact write runs under."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from reports import engine
from reports.models import CoverageFact
from reports.tests.refresh_helpers import YEAR, child

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="synchronous_commit is a PostgreSQL setting"),
]


def synchronous_commit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.fixture
def settings_of_fact_writes():
    """The synchronous_commit of every statement that writes facts, from now on."""
    facts = CoverageFact._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE test_fact_writes (setting text)")
        cursor.execute("CREATE FUNCTION test_note_fact_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                       "INSERT INTO test_fact_writes VALUES (current_setting('synchronous_commit')); "
                       "RETURN NULL; END $$")
        cursor.execute(f"CREATE TRIGGER test_fact_write AFTER INSERT OR UPDATE OR DELETE ON {facts} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION test_note_fact_write()")

    def seen():
        with connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT setting FROM test_fact_writes")
            return {setting for (setting,) in cursor.fetchall()}

    yield seen
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER test_fact_write ON {facts}")
        cursor.execute("DROP FUNCTION test_note_fact_write()")
        cursor.execute("DROP TABLE test_fact_writes")


def test_runs_write_facts_without_waiting_and_leave_the_connection_durable(record, network,
                                                                          settings_of_fact_writes):
    kid = child(network)
    record(kid, date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    engine.rebuild("36.01", YEAR)
    record(kid, date(YEAR, 4, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8.3"))
    engine.refresh()
    engine.rebuild("36.01", YEAR)

    assert settings_of_fact_writes() == {"off"}
    assert synchronous_commit() == "on"
