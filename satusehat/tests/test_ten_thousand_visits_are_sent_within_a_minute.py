"""Benchmark (issue 24): 10,000 queued visits (an Encounter and a weight
each) are sent to the loopback server by two workers within 60 s, on
PostgreSQL. The server runs in a process of its own, as do the two workers
(`sender.drain` in a loop, as the Celery task runs it). Opt-in, it takes
the machine: SATUSEHAT_BENCHMARK=1 (VISITS= to change the count)."""

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from facilities.tests.factories import UserFactory
from patients import pii
from patients.models import Household, Patient
from satusehat.models import Kind, Op, Operation, Status

from .fake_server import CLIENT_ID, CLIENT_SECRET

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not (settings.IS_POSTGRES and os.environ.get("SATUSEHAT_BENCHMARK")),
                       reason="benchmark: PostgreSQL and SATUSEHAT_BENCHMARK=1"),
]
ROOT = Path(__file__).resolve().parents[2]
VISITS = int(os.environ.get("VISITS", 10_000))
PER_PERSON = 5
WORKER = """
import sys, time
t0 = time.monotonic()
import django
django.setup()
from satusehat import sender
from satusehat.models import Operation, Status
t1 = time.monotonic()
while Operation.objects.filter(status=Status.QUEUED).exists():
    sender.drain()
    time.sleep(0.05)
print(f"worker: started in {t1 - t0:.1f} s, sent for {time.monotonic() - t1:.1f} s", file=sys.stderr)
"""


def _database_url():
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _queue(network):
    posyandu = network["36.01"]["posyandu_pustu"]
    household = Household.objects.create(posyandu=posyandu, desa_id=posyandu.region_id)
    people = []
    for i in range(VISITS // PER_PERSON):
        nik = f"3601015507{20 + i // 10_000:02d}{i % 10_000:04d}"
        people.append(Patient(household=household, name=f"Balita {i}", sex="P", birth_date=date(2024, 7, 15),
                              nik_index=pii.blind_index(nik), nik_encrypted=pii.encrypt(nik),
                              nik_masked=pii.mask(nik)))
    people = Patient.objects.bulk_create(people)
    now, rows = timezone.now(), []
    base = {"org": "10000004", "location": "", "date": "2026-11-02"}
    for n in range(VISITS):
        visit_id, person = 10_000_000 + n, people[n % len(people)]
        rows.append(Operation(visit_id=visit_id, patient=person, facility=posyandu, kind=Kind.ENCOUNTER,
                              ident=f"ilp-{visit_id}-encounter", op=Op.CREATE, next_attempt_at=now,
                              data={**base, "setting": "posyandu", "package": "balita"}))
        rows.append(Operation(visit_id=visit_id, patient=person, facility=posyandu, kind=Kind.OBSERVATION,
                              ident=f"ilp-{visit_id}-obs-weight_kg", op=Op.CREATE, next_attempt_at=now,
                              data={**base, "field": "weight_kg", "value": "10.50"}))
    Operation.objects.bulk_create(rows, batch_size=2000)


def test_ten_thousand_visits_are_sent_within_a_minute(network):
    UserFactory()  # the cast is not needed; the network is
    _queue(network)
    server = subprocess.Popen([sys.executable, "-m", "satusehat.tests.fake_server"], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        url = server.stdout.readline().strip()
        env = {**{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "CELERY_"))},
               "DJANGO_SETTINGS_MODULE": "ilp.settings", "DATABASE_URL": _database_url(),
               "SATUSEHAT_AUTH_URL": f"{url}/auth", "SATUSEHAT_BASE_URL": f"{url}/fhir",
               "SATUSEHAT_CLIENT_ID": CLIENT_ID, "SATUSEHAT_CLIENT_SECRET": CLIENT_SECRET,
               "SATUSEHAT_ORGANIZATION_ID": "10000004", "SATUSEHAT_SEND_AFTER_SAVE": "False"}
        started = time.monotonic()
        workers = [subprocess.Popen([sys.executable, "-c", WORKER], cwd=ROOT, env=env, start_new_session=True)
                   for _ in range(2)]
        for worker in workers:
            worker.wait(600)
        elapsed = time.monotonic() - started
    finally:
        server.kill()
        server.wait()
    sent = Operation.objects.filter(status=Status.SENT).count()
    print(f"\n{VISITS} visits ({sent} resources) sent by 2 workers in {elapsed:.1f} s")
    assert sent == 2 * VISITS
    assert elapsed <= 60 * VISITS / 10_000
