"""The SATUSEHAT benchmark times visit saves with the integration on and
off, each rolled back, and (PostgreSQL) sends a queued batch to the loopback
server with two workers, removing its rows afterwards."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from clusters.models import Visit
from patients.models import Patient
from satusehat.models import Operation


def bench(**options) -> dict:
    out = StringIO()
    call_command("bench_satusehat", stdout=out, **options)
    return json.loads(out.getvalue())


def test_the_queuing_bench_times_both_and_leaves_no_trace(people):
    figures = bench(saves=3)["queue_overhead"]
    assert figures["saves_each"] == 3 and figures["off_median_ms"] > 0 and figures["on_median_ms"] > 0
    assert not Visit.objects.exists() and not Operation.objects.exists()


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="two sending workers need PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_sending_bench_sends_every_resource_and_removes_its_rows(people):
    before = Patient.objects.count()
    figures = bench(saves=1, visits=20)["send_rate"]
    assert figures["resources_sent"] == 40 and figures["seconds"] > 0
    assert Patient.objects.count() == before and not Operation.objects.exists()
