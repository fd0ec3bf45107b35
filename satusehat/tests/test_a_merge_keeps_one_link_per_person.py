"""Merging two records of one person, both already looked up on SATUSEHAT,
keeps the kept person's link and moves the duplicate's queued operations to
the kept person (before, the link's one-to-one key refused the merge)."""

from patients.merge import patients_merge
from patients.tests.factories import PatientFactory
from satusehat import sender
from satusehat.models import Operation, PatientLink, Status

from .conftest import weighing


def test_a_merge_keeps_one_link_per_person(registered, cast, network, satusehat):
    son = registered["son"]
    twin = PatientFactory(household=son.household, name=son.name, sex=son.sex, birth_date=son.birth_date)
    weighing(cast, son, network, days_ago=2)
    sender.drain()
    weighing(cast, twin, network, days_ago=1)
    PatientLink.objects.create(patient=twin, status=PatientLink.Status.NOT_FOUND, message="no NIK")

    patients_merge(by=cast["petugas"], kept=son, duplicate=twin)

    assert list(PatientLink.objects.values_list("patient_id", "status")) == [(son.pk, PatientLink.Status.FOUND)]
    assert not Operation.objects.filter(patient=twin).exists()
    sender.drain()
    assert not Operation.objects.exclude(status=Status.SENT).exists()
    assert len(satusehat.creates("Encounter")) == 2
