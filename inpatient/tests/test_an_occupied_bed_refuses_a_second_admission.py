"""A bed holds one person at a time: a second admission to it is refused
with a message naming the bed, and nothing is written. Discharged, the bed
takes the next person. A Puskesmas without inpatient care admits no one."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inpatient import services
from inpatient.models import Admission, Bed, Outcome


def admit(nurse, patient, bed, at, day, code="A09"):
    return services.admission_open(by=nurse, patient=patient, facility=bed.facility, bed=bed, admitted_at=at(day),
                                   diagnosis_code=code)


def test_a_second_person_is_refused_and_nothing_is_written(nurse, beds, people, at, day):
    admit(nurse, people["son"], beds[0], at, day)
    with pytest.raises(ValidationError) as refused:
        admit(nurse, people["mother"], beds[0], at, day)
    assert "Mawar 1" in refused.value.message_dict["bed"][0]
    assert Admission.objects.count() == 1


def test_the_database_refuses_a_second_open_admission_to_a_bed(nurse, beds, people, at, day):
    first = admit(nurse, people["son"], beds[0], at, day)
    with pytest.raises(IntegrityError), transaction.atomic():
        Admission.objects.create(patient=people["mother"], facility=first.facility, district=first.district,
                                 bed=beds[0], admitted_at=first.admitted_at, admitted_by=nurse,
                                 diagnosis=first.diagnosis)


def test_a_discharged_bed_takes_the_next_person(nurse, beds, people, at, day):
    first = admit(nurse, people["son"], beds[0], at, day - timedelta(days=2))
    services.admission_discharge(by=nurse, admission=first, discharged_at=at(day, 7), outcome=Outcome.RECOVERED)
    assert admit(nurse, people["mother"], beds[0], at, day).bed == beds[0]


def test_a_puskesmas_without_inpatient_care_cannot_admit(cast, network, people, at, day):
    other = network["36.01"]["puskesmas_b"]
    bed = Bed(facility=other, label="X")
    bed.save()
    with pytest.raises(ValidationError) as refused:
        services.admission_open(by=cast["admin"], patient=people["son"], facility=other, bed=bed,
                                admitted_at=at(day), diagnosis_code="A09")
    assert "rawat inap" in refused.value.message_dict["bed"][0]


def test_an_unknown_diagnosis_is_refused_by_name(nurse, beds, people, at, day):
    with pytest.raises(ValidationError) as refused:
        admit(nurse, people["son"], beds[0], at, day, code="Q99.99")
    assert "Q99.99" in refused.value.message_dict["diagnoses"][0]


def test_a_person_in_one_bed_cannot_take_a_second(nurse, ward, beds, people, day, at):
    import pytest
    from django.core.exceptions import ValidationError

    from inpatient import services
    from inpatient.models import Admission

    services.admission_open(by=nurse, patient=people["son"], facility=ward, bed=beds[0], admitted_at=at(day, 8),
                            diagnosis_code="A09")
    with pytest.raises(ValidationError) as exc:
        services.admission_open(by=nurse, patient=people["son"], facility=ward, bed=beds[1],
                                admitted_at=at(day, 9), diagnosis_code="A09")
    assert "bed" in exc.value.message_dict
    assert Admission.objects.filter(patient=people["son"]).count() == 1


def test_a_merged_record_cannot_be_admitted(cast, nurse, ward, beds, people, day, at, client_of):
    import pytest
    from django.core.exceptions import ValidationError
    from django.urls import reverse

    from inpatient import services
    from patients.models import Patient

    Patient.objects.filter(pk=people["son"].pk).update(merged_into=people["mother"])
    with pytest.raises(ValidationError):
        services.admission_open(by=nurse, patient=people["son"], facility=ward, bed=beds[0],
                                admitted_at=at(day, 8), diagnosis_code="A09")
    url = f"{reverse('inpatient:admit')}?patient={people['son'].pk}"
    assert client_of(nurse).get(url).status_code == 404
    assert client_of(nurse).get(f"{reverse('inpatient:admit')}?patient=²").status_code == 404
