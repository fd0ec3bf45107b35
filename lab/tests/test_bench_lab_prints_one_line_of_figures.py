"""bench_lab times the worklist of the lab with the most waiting and the
district's turnaround on a seeded district, and prints one JSON line."""

import json
from datetime import date
from io import StringIO

from django.core.management import call_command

from demo.lab import build_lab
from lab import services


def test_bench_lab_prints_the_worklist_and_turnaround_figures(network, cast, test_of):
    from demo.people import build_people
    from demo.visits import build_visits
    from facilities.models import Facility
    from patients.models import Patient

    build_people("36.01", 300, seed=2, today=date(2026, 11, 25))
    build_visits("36.01", seed=2, today=date(2026, 11, 25))
    build_lab("36.01", seed=2, today=date(2026, 11, 25))
    person = Patient.objects.filter(household__posyandu__district_id="36.01").order_by("pk").first()
    lab = Facility.objects.get(pk=person.household.posyandu.puskesmas_id)
    services.request_tests(by=cast["admin"], patient=person, facility=lab, tests=[test_of("HB")])
    out = StringIO()
    call_command("bench_lab", requests=2, stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert figures["waiting_at_lab"] >= 1 and figures["lab_requests"] > 1
    assert figures["worklist_queries"] > 0 and figures["worklist_median_ms"] > 0
    assert figures["turnaround_labs"] >= 1
