"""The offline-sync benchmark makes its Posyandu through the services,
times real API requests, and leaves the session as it found it."""

import json
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from clusters.models import Visit, VisitRemoval
from facilities.models import Facility


def test_the_sync_bench_times_a_roster_and_outboxes_and_removes_its_rows(regions):
    out = StringIO()
    call_command("bench_offline_sync", children=6, rows=3, runs=2, requests=2, stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["posyandu_children"] == figures["roster"]["children"] == 6
    assert figures["outbox"]["rows"] == 3 and figures["outbox"]["median_s"] > 0
    posyandu = Facility.objects.get(code="BENCH-SYNC-PY")
    assert not Visit.objects.filter(session__posyandu=posyandu, session__date=timezone.localdate()).exists()
    assert Visit.objects.filter(session__posyandu=posyandu).count() == 6  # last month's weighing stays
    assert VisitRemoval.objects.filter(facility=posyandu).count() == 6  # two runs of three, removed with a reason

    call_command("bench_offline_sync", children=6, rows=3, runs=1, requests=1, stdout=StringIO())
    assert Facility.objects.filter(code__startswith="BENCH-SYNC").count() == 2  # reused, not made again
