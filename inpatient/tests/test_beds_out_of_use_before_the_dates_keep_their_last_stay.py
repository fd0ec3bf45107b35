"""Beds taken out of use before beds had dates (inpatient 0004): each is in
use until its last stay ended, and beds in use stay in use from the start,
so the months already shown keep their BOR as far as the records tell."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE, AFTER = [("inpatient", "0003_one_open_admission_per_person")], [("inpatient", "0004_bed_in_use_dates")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_beds_out_of_use_keep_their_last_stay_and_beds_in_use_their_whole_past(network, cast, people):
    old = migrate(BEFORE)
    try:
        Facility = old.get_model("facilities", "Facility")
        Bed, Admission = old.get_model("inpatient", "Bed"), old.get_model("inpatient", "Admission")
        Patient, User = old.get_model("patients", "Patient"), old.get_model("facilities", "User")
        Diagnosis = old.get_model("clusters", "Diagnosis")
        ward = Facility.objects.get(pk=network["36.01"]["puskesmas"].pk)
        ward.inpatient = True
        ward.save()
        in_use = Bed.objects.create(facility=ward, label="Mawar 1", active=True)
        used_then_retired = Bed.objects.create(facility=ward, label="Mawar 2", active=False)
        never_used = Bed.objects.create(facility=ward, label="Mawar 3", active=False)
        person = Patient.objects.get(pk=people["son"].pk)
        nurse = User.objects.get(pk=cast["petugas"].pk)
        diagnosis, _ = Diagnosis.objects.get_or_create(code="A09", defaults={"name": "Diare"})
        tz = timezone.get_current_timezone()
        Admission.objects.create(patient=person, facility=ward, district_id="36.01", bed=used_then_retired,
                                 admitted_at=datetime(2026, 3, 20, 8, tzinfo=tz), admitted_by=nurse,
                                 discharged_at=datetime(2026, 3, 24, 9, tzinfo=tz), outcome="recovered",
                                 diagnosis=diagnosis, length_of_stay=4)

        new = migrate(AFTER)

        beds = {b.label: (b.in_use_from, b.in_use_until) for b in new.get_model("inpatient", "Bed").objects.all()}
        yesterday = timezone.localdate() - timedelta(days=1)
        assert beds == {"Mawar 1": (None, None), "Mawar 2": (None, date(2026, 3, 24)),
                        "Mawar 3": (yesterday, yesterday)}
        assert {in_use.pk, never_used.pk} <= set(new.get_model("inpatient", "Bed").objects.values_list("pk",
                                                                                                      flat=True))
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
