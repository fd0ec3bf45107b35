"""bench_klaster1 seeds the IGD and ward registers of a seeded district when
absent, then times the lab worklist and the management page as Dinkes and
as a Puskesmas, and prints one JSON line."""

import json
from datetime import date
from io import StringIO

from django.core.management import call_command

from demo.lab import build_lab
from igd.models import Arrival
from inpatient.models import Admission
from lab import services
from lab.models import LabTest


def test_bench_klaster1_prints_the_worklist_and_board_figures(network, cast):
    from demo.people import build_people
    from demo.visits import build_visits
    from facilities.models import Facility
    from patients.models import Patient

    pkm = network["36.01"]["puskesmas"]
    pkm.inpatient = True
    pkm.save(update_fields=["inpatient"])
    build_people("36.01", 300, seed=2, today=date(2026, 11, 25))
    build_visits("36.01", seed=2, today=date(2026, 11, 25))
    build_lab("36.01", seed=2, today=date(2026, 11, 25))
    person = Patient.objects.filter(household__posyandu__district_id="36.01").order_by("pk").first()
    lab = Facility.objects.get(pk=person.household.posyandu.puskesmas_id)
    services.request_tests(by=cast["admin"], patient=person, facility=lab, tests=[LabTest.objects.get(code="HB")])
    out = StringIO()
    call_command("bench_klaster1", requests=2, stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert figures["igd_arrivals"] == Arrival.objects.count() > 0
    assert figures["admissions"] == Admission.objects.count() > 0
    assert figures["board_district_queries"] > 0 and figures["board_district_median_ms"] > 0
    assert figures["board_puskesmas_median_ms"] > 0 and figures["worklist_median_ms"] > 0
