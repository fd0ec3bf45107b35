"""A visit's ICD-10 diagnoses go to SATUSEHAT as Conditions of its
Encounter; a diagnosis taken off in a correction is marked entered in error,
and a Posyandu visit (no diagnoses there) queues none."""

from decimal import Decimal

from django.utils import timezone

from clusters.models import Diagnosis
from clusters.services import visit_record, visit_update
from satusehat import sender
from satusehat.models import Kind, Operation

from .conftest import weighing


def _icd10(resource):
    [coding] = resource["code"]["coding"]
    assert coding["system"] == "http://hl7.org/fhir/sid/icd-10"
    return coding["code"]


def test_diagnoses_are_sent_as_conditions_of_the_encounter(registered, cast, network, satusehat):
    cough, wasting = Diagnosis.objects.get(code="J06.9"), Diagnosis.objects.get(code="E44.0")
    visit = visit_record(by=cast["petugas"], patient=registered["son"], facility=network["36.01"]["puskesmas"],
                         date=timezone.localdate(), package="balita", services=[], setting="gedung",
                         measurements={"weight_kg": Decimal("9.1")}, confirm_warnings=True,
                         diagnoses=[cough, wasting])
    sender.drain()

    conditions = satusehat.resources("Condition")
    [encounter] = satusehat.resources("Encounter")
    assert sorted(_icd10(c) for c in conditions) == ["E44.0", "J06.9"]
    assert {c["encounter"]["reference"] for c in conditions} == {f"Encounter/{encounter['id']}"}
    assert {c["subject"]["reference"] for c in conditions} == {f"Patient/{registered['son'].ihs}"}
    assert satusehat.invalid == []

    visit_update(by=cast["petugas"], visit=visit, date=visit.date, services=list(visit.services.all()),
                 measurements={"weight_kg": Decimal("9.1")}, setting=visit.setting, confirm_warnings=True,
                 diagnoses=[cough])
    sender.drain()

    by_code = {_icd10(c): c for c in satusehat.resources("Condition")}
    assert len(satusehat.creates("Condition")) == 2  # nothing created again
    status = by_code["E44.0"]["verificationStatus"]["coding"][0]["code"]
    assert status == "entered-in-error"
    assert "verificationStatus" not in by_code["J06.9"]
    assert satusehat.invalid == []


def test_a_posyandu_visit_queues_no_condition(registered, cast, network, satusehat):
    visit = weighing(cast, registered["son"], network)
    assert not Operation.objects.filter(visit_id=visit.pk, kind=Kind.CONDITION).exists()
