"""Benchmark of the SATUSEHAT outbox for `bench_satusehat` (not production
code):

- what queuing adds to a visit save: an under-five's weighing saved through
  clusters.services.visit_record with the integration on (its operations
  queued in the visit's transaction) and off, alternating, each rolled back;
  also the time spent queuing inside the saves (a steadier figure than the
  difference of two medians on a busy machine);
- the sending rate: `visits` visits (an Encounter and a weight each) queued
  for a bench household, sent to the loopback test server (a process of its
  own) by two worker processes draining the outbox as the Celery task does;
  the bench's rows are removed afterwards.

PostgreSQL for the sending rate (two workers need real row locks)."""

import os
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from unittest import mock

from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from clusters.models import Service
from clusters.services import visit_record
from facilities.models import Facility, FacilityType, Role
from patients import pii
from patients.models import Household, Patient
from satusehat import outbox
from satusehat.models import Kind, Op, Operation, PatientLink, Status
from satusehat.tests.fake_server import CLIENT_ID, CLIENT_SECRET

from .quality_bench import bench_user

ROOT = Path(__file__).resolve().parents[1]
PER_PERSON = 5
ORG = "10000004"
ON = {"SATUSEHAT_AUTH_URL": "http://127.0.0.1:9/auth", "SATUSEHAT_BASE_URL": "http://127.0.0.1:9/fhir",
      "SATUSEHAT_CLIENT_ID": CLIENT_ID, "SATUSEHAT_CLIENT_SECRET": CLIENT_SECRET,
      "SATUSEHAT_ORGANIZATION_ID": ORG, "SATUSEHAT_SEND_AFTER_SAVE": False}
OFF = {**dict.fromkeys(ON, ""), "SATUSEHAT_SEND_AFTER_SAVE": False}
WORKER = """
import django
django.setup()
import time
from satusehat import sender
from satusehat.models import Operation, Status
while Operation.objects.filter(status=Status.QUEUED).exists():
    sender.drain()
    time.sleep(0.05)
"""


def queue_overhead(district: str, *, saves: int = 200) -> dict:
    posyandu = (Facility.objects.filter(district_id=district, type=FacilityType.POSYANDU, active=True,
                                        households__members__birth_date__gt=timezone.localdate() - timedelta(days=1500))
                .order_by("pk").first())
    if posyandu is None:
        raise RuntimeError(f"no Posyandu with under-fives in {district}: seed it first")
    children = list(Patient.objects.filter(household__posyandu=posyandu, merged_into__isnull=True,
                                           birth_date__gt=timezone.localdate() - timedelta(days=1500))[:50])
    by = bench_user("bench-satusehat-petugas", Role.PETUGAS_PUSKESMAS, scope_facility=posyandu.puskesmas,
                    scope_district=None)
    weighing = list(Service.objects.filter(code="WEIGHING"))
    times = {False: [], True: []}
    queuing = []
    queue_visit = outbox.queue_visit

    def timed_queue_visit(visit, created):
        started = time.perf_counter()
        try:
            return queue_visit(visit, created)
        finally:
            queuing.append((time.perf_counter() - started) * 1000)

    queued = 0
    for n in range(2 * saves):
        on = n % 2 == 1
        with override_settings(**(ON if on else OFF)), transaction.atomic(), \
                mock.patch.object(outbox, "queue_visit", timed_queue_visit):
            started = time.perf_counter()
            visit_record(by=by, patient=children[(n // 2) % len(children)], facility=posyandu,
                         date=timezone.localdate(), package="balita", services=weighing,
                         measurements={"weight_kg": Decimal("11.2")}, confirm_warnings=True)
            times[on].append((time.perf_counter() - started) * 1000)
            queued += on and Operation.objects.filter(status=Status.QUEUED).exists()
            transaction.set_rollback(True)
    if queued != saves:
        raise RuntimeError("the saves with the integration on queued nothing")
    off, on = statistics.median(times[False]), statistics.median(times[True])
    return {"saves_each": saves, "off_median_ms": round(off, 2), "on_median_ms": round(on, 2),
            "ratio": round(on / off, 3), "target_ratio": 1.05,
            "queuing_median_ms": round(statistics.median(queuing), 2),
            "queuing_over_off": round(statistics.median(queuing) / off, 3)}


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _queue(posyandu: Facility, visits: int) -> Household:
    household = Household.objects.create(posyandu=posyandu, desa_id=posyandu.region_id)
    people = []
    for i in range(max(1, visits // PER_PERSON)):
        # Another kabupaten's code: a seeded district's own people never hold it.
        nik = f"3602015507{20 + i // 10_000:02d}{i % 10_000:04d}"
        people.append(Patient(household=household, name=f"Balita Bench {i}", sex="P", birth_date=date(2024, 7, 15),
                              nik_index=pii.blind_index(nik), nik_encrypted=pii.encrypt(nik), nik_masked=pii.mask(nik)))
    people = Patient.objects.bulk_create(people)
    now, rows = timezone.now(), []
    base = {"org": ORG, "location": "", "date": timezone.localdate().isoformat()}
    for n in range(visits):
        visit_id, person = 900_000_000 + n, people[n % len(people)]
        rows.append(Operation(visit_id=visit_id, patient=person, facility=posyandu, kind=Kind.ENCOUNTER,
                              ident=f"ilp-{visit_id}-encounter", op=Op.CREATE, next_attempt_at=now,
                              data={**base, "setting": "posyandu", "package": "balita"}))
        rows.append(Operation(visit_id=visit_id, patient=person, facility=posyandu, kind=Kind.OBSERVATION,
                              ident=f"ilp-{visit_id}-obs-weight_kg", op=Op.CREATE, next_attempt_at=now,
                              data={**base, "field": "weight_kg", "value": "10.50"}))
    Operation.objects.bulk_create(rows, batch_size=2000)
    return household


def _remove(household: Household) -> None:
    people = Patient.objects.filter(household=household)
    Operation.objects.filter(patient__in=people).delete()
    PatientLink.objects.filter(patient__in=people).delete()
    people.delete()
    household.delete()


def send_rate(district: str, *, visits: int = 10_000, workers: int = 2) -> dict:
    if connection.vendor != "postgresql":
        raise RuntimeError("the sending rate is measured on PostgreSQL")
    if Operation.objects.filter(status=Status.QUEUED).exists():
        raise RuntimeError("the outbox already holds queued operations: the bench would send them too")
    posyandu = Facility.objects.filter(district_id=district, type=FacilityType.POSYANDU).order_by("pk").first()
    household = _queue(posyandu, visits)
    server = subprocess.Popen([sys.executable, "-m", "satusehat.tests.fake_server"], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        url = server.stdout.readline().strip()
        env = {**{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "CELERY_"))},
               "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "ilp.settings"),
               "DATABASE_URL": _database_url(),
               "SATUSEHAT_AUTH_URL": f"{url}/auth", "SATUSEHAT_BASE_URL": f"{url}/fhir",
               "SATUSEHAT_CLIENT_ID": CLIENT_ID, "SATUSEHAT_CLIENT_SECRET": CLIENT_SECRET,
               "SATUSEHAT_ORGANIZATION_ID": ORG, "SATUSEHAT_SEND_AFTER_SAVE": "False"}
        started = time.monotonic()
        running = [subprocess.Popen([sys.executable, "-c", WORKER], cwd=ROOT, env=env, start_new_session=True)
                   for _ in range(workers)]
        for worker in running:
            worker.wait(1800)
        elapsed = time.monotonic() - started
        sent = Operation.objects.filter(patient__household=household, status=Status.SENT).count()
    finally:
        server.kill()
        server.wait()
        _remove(household)
    return {"visits": visits, "resources_sent": sent, "workers": workers, "seconds": round(elapsed, 1),
            "target_s": round(60 * visits / 10_000, 1)}
