"""Two health workers dispense the last units of an item at the same moment,
each in their own connection: one succeeds, the other is refused, and the
balance ends at zero, never below."""

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


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite lets one writer in at a time (IMMEDIATE "
                    "transactions), so dispensing cannot race; the race is PostgreSQL's")
@pytest.mark.parametrize("rounds", range(3))
def test_two_users_dispensing_the_last_units_at_once_end_with_one_success_and_one_refusal(
        rounds, farmasi, pkm, amoxicillin, receive_at, today):
    receive_at(amoxicillin, 6, expiry=today + timedelta(days=30), number="A")
    receive_at(amoxicillin, 4, expiry=today + timedelta(days=90), number="B")
    users = [farmasi, UserFactory(role=Role.PETUGAS_PUSKESMAS, scope_facility=pkm)]
    barrier = threading.Barrier(THREADS)
    done, refused, failures = [], [], []

    def dispense(user):
        try:
            barrier.wait(30)
            done.append(services.dispense(facility=pkm, item=amoxicillin, quantity=10, date=today, user=user))
        except StockRefused as exc:
            refused.append(exc)
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispense, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert not failures, failures
    assert (len(done), len(refused)) == (1, 1)
    assert "Amoksisilin 500 mg kapsul" in refused[0].messages[0] and ": 0 " in refused[0].messages[0]
    assert [m.quantity for m in done[0]] == [-6, -4]  # both batches, earliest expiry first
    assert sum(b.quantity for b in Balance.objects.filter(facility=pkm)) == 0
    assert sum(m.quantity for m in Movement.objects.filter(facility=pkm)) == 0
    assert all(b.quantity >= 0 for b in Balance.objects.all())
