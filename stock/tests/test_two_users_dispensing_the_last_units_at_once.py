"""Two health workers dispense the last units of an item at the same moment,
each in their own connection: one succeeds, the other is refused, and the
balance ends at zero, never below. Stock issued both ways between two
facilities at once moves without a deadlock."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection

from facilities.models import Role
from facilities.tests.factories import UserFactory
from stock import services
from stock.models import Balance, Movement
from stock.services import StockRefused

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 2
ON_POSTGRES = pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite lets one writer in at a time "
                                 "(IMMEDIATE transactions), so writers cannot race; the race is PostgreSQL's")


def race(*calls):
    """Run the calls in threads released at once; (results, refusals, failures)."""
    barrier = threading.Barrier(len(calls))
    done, refused, failures = [], [], []

    def run(call):
        try:
            barrier.wait(30)
            done.append(call())
        except StockRefused as exc:
            refused.append(exc)
        except BaseException as exc:  # reported by the test
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return done, refused, failures


@ON_POSTGRES
@pytest.mark.parametrize("rounds", range(3))
def test_two_users_dispensing_the_last_units_at_once_end_with_one_success_and_one_refusal(
        rounds, farmasi, pkm, amoxicillin, receive_at, today):
    receive_at(amoxicillin, 6, expiry=today + timedelta(days=30), number="A")
    receive_at(amoxicillin, 4, expiry=today + timedelta(days=90), number="B")
    users = [farmasi, UserFactory(role=Role.PETUGAS_PUSKESMAS, scope_facility=pkm)]

    done, refused, failures = race(*[
        lambda user=user: services.dispense(facility=pkm, item=amoxicillin, quantity=10, date=today, user=user)
        for user in users])

    assert not failures, failures
    assert (len(done), len(refused)) == (1, 1)
    assert "Amoksisilin 500 mg kapsul" in refused[0].messages[0] and refused[0].params["available"] == 0
    assert [m.quantity for m in done[0]] == [-6, -4]  # both batches, earliest expiry first
    assert sum(b.quantity for b in Balance.objects.filter(facility=pkm)) == 0
    assert sum(m.quantity for m in Movement.objects.filter(facility=pkm)) == 0
    assert all(b.quantity >= 0 for b in Balance.objects.all())


@ON_POSTGRES
@pytest.mark.parametrize("rounds", range(3))
def test_stock_issued_both_ways_between_two_facilities_at_once_neither_deadlocks_nor_drifts(
        rounds, farmasi, cast, pkm, pustu, amoxicillin, receive_at, today):
    receive_at(amoxicillin, 50, expiry=today + timedelta(days=30), number="A")
    services.issue(from_facility=pkm, to_facility=pustu, item=amoxicillin, quantity=20, date=today, user=farmasi)

    done, refused, failures = race(
        lambda: services.issue(from_facility=pkm, to_facility=pustu, item=amoxicillin, quantity=10, date=today,
                               user=farmasi),
        lambda: services.issue(from_facility=pustu, to_facility=pkm, item=amoxicillin, quantity=5, date=today,
                               user=cast["pustu"]))

    assert not failures and not refused and len(done) == 2, (failures, refused)
    assert [Balance.objects.get(facility=f).quantity for f in (pkm, pustu)] == [25, 25]
