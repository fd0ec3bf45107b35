"""A person registered on arrival with minimal data ("Tn. X") is a
provisional record; merged later into the person's full record, the
arrival and everything else recorded for the quick record move to it."""

from datetime import timedelta

from django.urls import reverse

from igd.models import Arrival, Triage
from igd.services import arrival_triage, arrival_vitals
from patients.models import Patient
from patients.services import patients_merge

from .conftest import page_of


def test_a_quick_record_is_provisional_and_shown_so_on_the_people_list(perawat, arrive, client_of):
    arrival = arrive(name="Tn. X", sex="L", age_years=50)
    assert arrival.quick_registered and arrival.patient.provisional
    assert arrival.patient.birth_date.year == arrival.arrived_at.year - 50
    page = page_of(client_of(perawat).get(reverse("patients:search"), {"q": "Tn. X"}))
    assert page.xpath("//table[@id='results']//*[@data-provisional]")


def test_merging_the_quick_record_into_the_full_one_moves_its_arrivals(cast, perawat, people, arrive):
    real = people["mother"]
    quick = arrive(name="Ny. X", sex="P", age_years=30)
    later = arrive(minutes_ago=5, patient=quick.patient)
    arrival_triage(by=perawat, arrival=quick, level=Triage.RED, triaged_at=quick.arrived_at + timedelta(minutes=3))
    arrival_vitals(by=perawat, arrival=quick, measured_at=quick.arrived_at + timedelta(minutes=4),
                   vitals={"systolic": 90, "diastolic": 60, "pulse": 120})
    duplicate = quick.patient

    patients_merge(by=cast["petugas"], kept=real, duplicate=duplicate)

    assert set(Arrival.objects.filter(patient=real).values_list("pk", flat=True)) == {quick.pk, later.pk}
    assert not Arrival.objects.filter(patient=duplicate).exists()
    moved = Arrival.objects.get(pk=quick.pk)
    assert (moved.triage, moved.systolic, moved.pulse, moved.quick_registered) == (Triage.RED, 90, 120, True)
    real.refresh_from_db()
    duplicate.refresh_from_db()
    assert real.provisional is False
    assert duplicate.merged_into_id == real.pk
    assert Patient.objects.active().filter(pk=duplicate.pk).count() == 0


def test_the_full_record_cannot_be_merged_into_the_quick_one(cast, people, arrive):
    import pytest
    from django.core.exceptions import ValidationError

    quick = arrive(name="Ny. X", sex="P", age_years=30)
    with pytest.raises(ValidationError):
        patients_merge(by=cast["petugas"], kept=quick.patient, duplicate=people["mother"])
    assert Patient.objects.get(pk=people["mother"].pk).merged_into_id is None
