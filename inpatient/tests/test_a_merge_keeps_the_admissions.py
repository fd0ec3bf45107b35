"""Merging a person's two records keeps every admission on the record kept."""

import pytest
from django.core.exceptions import ValidationError

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


def test_two_records_each_in_a_bed_are_not_merged_and_the_nurse_is_told_why(cast, nurse, beds, people, at, day):
    kept = people["son"]
    duplicate = PatientFactory(household=kept.household, sex="L", birth_date=kept.birth_date, name="M RIZKI")
    for person, bed in ((kept, beds[0]), (duplicate, beds[1])):
        services.admission_open(by=nurse, patient=person, facility=bed.facility, bed=bed, admitted_at=at(day),
                                diagnosis_code="A09")

    with pytest.raises(ValidationError) as refused:
        patients_merge(by=cast["petugas"], kept=kept, duplicate=duplicate)

    assert "dirawat" in " ".join(refused.value.messages)
    assert sorted(Admission.objects.values_list("patient", flat=True)) == sorted([kept.pk, duplicate.pk])
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_records_whose_past_stays_overlap_are_not_merged(cast, nurse, beds, people, at, day):
    from datetime import timedelta

    from inpatient.models import Outcome

    kept = people["son"]
    duplicate = PatientFactory(household=kept.household, sex="L", birth_date=kept.birth_date, name="M RIZKI")
    gone = services.admission_open(by=nurse, patient=duplicate, facility=beds[1].facility, bed=beds[1],
                                   admitted_at=at(day - timedelta(days=3)), diagnosis_code="A09")
    services.admission_discharge(by=nurse, admission=gone, discharged_at=at(day, 7), outcome=Outcome.RECOVERED)
    services.admission_open(by=nurse, patient=kept, facility=beds[0].facility, bed=beds[0],
                            admitted_at=at(day - timedelta(days=2)), diagnosis_code="A09")

    with pytest.raises(ValidationError):
        patients_merge(by=cast["petugas"], kept=kept, duplicate=duplicate)
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_records_with_stays_one_after_the_other_are_merged(cast, nurse, beds, people, at, day):
    from datetime import timedelta

    from inpatient.models import Outcome

    kept = people["son"]
    duplicate = PatientFactory(household=kept.household, sex="L", birth_date=kept.birth_date, name="M RIZKI")
    first = services.admission_open(by=nurse, patient=duplicate, facility=beds[1].facility, bed=beds[1],
                                    admitted_at=at(day - timedelta(days=3)), diagnosis_code="A09")
    services.admission_discharge(by=nurse, admission=first, discharged_at=at(day - timedelta(days=2), 9),
                                 outcome=Outcome.RECOVERED)
    services.admission_open(by=nurse, patient=kept, facility=beds[0].facility, bed=beds[0],
                            admitted_at=at(day - timedelta(days=2), 9), diagnosis_code="A09")

    patients_merge(by=cast["petugas"], kept=kept, duplicate=duplicate)
    assert Admission.objects.filter(patient=kept).count() == 2
