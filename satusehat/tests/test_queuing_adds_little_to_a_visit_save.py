"""Benchmark (issue 24): queuing a visit's operations adds at most 5 % to
the median time of saving it. Saves alternate between the integration off
and on, so that the machine's other work weighs on both alike. Opt-in:
SATUSEHAT_BENCHMARK=1."""

import os
import statistics
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from clusters.models import Service
from clusters.services import visit_record
from satusehat.models import Operation

from .fake_server import CLIENT_ID, CLIENT_SECRET

pytestmark = pytest.mark.skipif(not os.environ.get("SATUSEHAT_BENCHMARK"), reason="benchmark: SATUSEHAT_BENCHMARK=1")
ROUNDS = int(os.environ.get("ROUNDS", 150))
ON = {"SATUSEHAT_AUTH_URL": "http://127.0.0.1:9/auth", "SATUSEHAT_BASE_URL": "http://127.0.0.1:9/fhir",
      "SATUSEHAT_CLIENT_ID": CLIENT_ID, "SATUSEHAT_CLIENT_SECRET": CLIENT_SECRET,
      "SATUSEHAT_ORGANIZATION_ID": "10000004"}
OFF = dict.fromkeys(ON, "")


def test_queuing_adds_little_to_a_visit_save(people, cast, network):
    posyandu, child = network["36.01"]["posyandu_pustu"], people["son"]
    weighing = list(Service.objects.filter(code="WEIGHING"))
    times = {False: [], True: []}
    for n in range(2 * ROUNDS + 20):
        on = n % 2 == 1
        day = timezone.localdate() - timedelta(days=2 * ROUNDS + 20 - n)  # in order: no late weighing
        with override_settings(**(ON if on else OFF)):
            started = time.perf_counter()
            visit_record(by=cast["petugas"], patient=child, facility=posyandu, date=day, package="balita",
                         services=weighing,
                         measurements={"weight_kg": Decimal("11.2"), "length_cm": Decimal("84.5")},
                         confirm_warnings=True)
            elapsed = time.perf_counter() - started
        if n >= 20:  # the first saves warm caches
            times[on].append(elapsed)
    off, on = statistics.median(times[False]), statistics.median(times[True])
    print(f"\nmedian save: {off * 1000:.1f} ms off, {on * 1000:.1f} ms on (+{(on / off - 1) * 100:.1f} %)")
    assert Operation.objects.count() == 3 * (ROUNDS + 10)  # an Encounter and two Observations per save on
    assert on <= off * 1.05
