"""SATUSEHAT stops answering (its server stopped: connections refused) while
health workers keep saving visits and two senders keep draining the outbox,
then comes back: the outbox drains to zero, every resource is created once,
and every one the loopback server received was valid."""

import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from clusters.models import Service
from clusters.services import visit_record
from patients.tests.factories import HouseholdFactory, PatientFactory, nik_for
from satusehat import sender
from satusehat.models import Operation, Status
from satusehat.tests.fake_server import CLIENT_ID, CLIENT_SECRET, FakeSatusehat

from .conftest import needs_postgres, wait_for

pytestmark = [pytest.mark.faults, needs_postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PEOPLE, VISITS_EACH, WRITERS, SENDERS = 12, 4, 2, 2


@pytest.fixture
def platform(settings):
    server = FakeSatusehat().start()
    settings.SATUSEHAT_AUTH_URL, settings.SATUSEHAT_BASE_URL = f"{server.url}/auth", f"{server.url}/fhir"
    settings.SATUSEHAT_CLIENT_ID, settings.SATUSEHAT_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.SATUSEHAT_ORGANIZATION_ID = "10000004"
    settings.SATUSEHAT_TIMEOUT_SECONDS = 1
    settings.SATUSEHAT_BACKOFF_BASE_SECONDS, settings.SATUSEHAT_BACKOFF_MAX_SECONDS = 0.2, 1
    cache.clear()
    yield server
    server.stop()


def _in_threads(count, work):
    errors = []

    def run(i):
        try:
            work(i)
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    return threads, errors


def test_the_outbox_drains_to_zero_after_the_server_comes_back(platform, cast, network):
    posyandu = network["36.01"]["posyandu_pustu"]
    weighing = list(Service.objects.filter(code="WEIGHING"))
    people = []
    for i in range(PEOPLE):
        born = timezone.localdate() - timedelta(days=400 + i)
        child = PatientFactory(household=HouseholdFactory(posyandu=posyandu), sex="L", birth_date=born,
                               nik=nik_for(born, "L", serial=100 + i))
        platform.register(nik=child.nik)
        people.append(child)

    def write(w):
        for n in range(VISITS_EACH):
            for child in people[w::WRITERS]:
                visit_record(by=cast["petugas"], patient=child, facility=posyandu,
                             date=timezone.localdate() - timedelta(days=7 * n), package="balita",
                             services=weighing, measurements={"weight_kg": Decimal("10.5")},
                             confirm_warnings=True)
                time.sleep(0.01)

    done = threading.Event()

    def send(_i):
        while not done.is_set():
            sender.drain()
            time.sleep(0.05)

    senders, send_errors = _in_threads(SENDERS, send)
    writers, write_errors = _in_threads(WRITERS, write)
    time.sleep(0.5)
    platform.stop()
    time.sleep(3)
    platform.restart()
    for t in writers:
        t.join(120)
    assert write_errors == []
    try:
        wait_for(lambda: not Operation.objects.exclude(status=Status.SENT).exists(), 90, "the outbox to drain")
    finally:
        done.set()
        for t in senders:
            t.join(30)
    assert send_errors == []
    total = PEOPLE * VISITS_EACH
    assert Operation.objects.count() == 2 * total
    assert len(platform.creates("Encounter")) == total and len(platform.creates("Observation")) == total
    assert len(platform.writes) == 2 * total
    assert platform.invalid == []
    assert Operation.objects.filter(attempts__gt=1).exists()  # the outage was met, and retried
