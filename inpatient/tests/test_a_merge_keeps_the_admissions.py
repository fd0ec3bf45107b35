"""Merging a person's two records keeps every admission on the record kept."""

from inpatient import services
from inpatient.models import Admission
from patients.services import patients_merge
from patients.tests.factories import PatientFactory


def test_a_merge_moves_the_duplicates_admissions_to_the_kept_record(cast, nurse, beds, people, at, day):
    kept = people["son"]
    duplicate = PatientFactory(household=kept.household, sex="L", birth_date=kept.birth_date, name="M RIZKI")
    services.admission_open(by=nurse, patient=duplicate, facility=beds[0].facility, bed=beds[0],
                            admitted_at=at(day), diagnosis_code="A09")

    patients_merge(by=cast["petugas"], kept=kept, duplicate=duplicate)

    assert list(Admission.objects.values_list("patient", flat=True)) == [kept.pk]
