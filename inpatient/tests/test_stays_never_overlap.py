"""A bed holds one person at a time and a person lies in one bed, in the
past as now: a backdated admission or a corrected discharge that would
overlap another stay is refused, naming the field, with nothing written."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from inpatient import services
from inpatient.models import Admission, Outcome


def stay(nurse, person, bed, start, end=None):
    admission = services.admission_open(by=nurse, patient=person, facility=bed.facility, bed=bed, admitted_at=start,
                                        diagnosis_code="A09")
    if end is not None:
        admission = services.admission_discharge(by=nurse, admission=admission, discharged_at=end,
                                                 outcome=Outcome.RECOVERED)
    return admission


def test_a_discharge_corrected_into_the_beds_next_stay_is_refused(nurse, beds, people, at, day):
    first = stay(nurse, people["son"], beds[0], at(day - timedelta(days=3)), at(day - timedelta(days=2), 9))
    stay(nurse, people["mother"], beds[0], at(day - timedelta(days=2), 10))

    with pytest.raises(ValidationError) as refused:
        services.admission_discharge(by=nurse, admission=first, discharged_at=at(day, 7), outcome=Outcome.RECOVERED)

    assert "Mawar 1" in refused.value.message_dict["discharged_at"][0]
    first.refresh_from_db()
    assert first.discharged_at == at(day - timedelta(days=2), 9) and first.length_of_stay == 1


def test_an_admission_backdated_into_a_past_stay_of_the_bed_is_refused(nurse, beds, people, at, day):
    stay(nurse, people["son"], beds[0], at(day - timedelta(days=3)), at(day - timedelta(days=1), 9))

    with pytest.raises(ValidationError) as refused:
        stay(nurse, people["mother"], beds[0], at(day - timedelta(days=2)))

    assert "admitted_at" in refused.value.message_dict
    assert Admission.objects.count() == 1


def test_a_person_is_not_admitted_back_into_a_time_they_lay_in_another_bed(nurse, beds, people, at, day):
    stay(nurse, people["son"], beds[0], at(day - timedelta(days=3)), at(day - timedelta(days=1), 9))

    with pytest.raises(ValidationError) as refused:
        stay(nurse, people["son"], beds[1], at(day - timedelta(days=2)))

    assert people["son"].name in refused.value.message_dict["admitted_at"][0]
    assert Admission.objects.count() == 1


def test_a_bed_handed_over_in_the_same_minute_is_fine(nurse, beds, people, at, day):
    stay(nurse, people["son"], beds[0], at(day - timedelta(days=3)), at(day - timedelta(days=1), 9))
    stay(nurse, people["mother"], beds[0], at(day - timedelta(days=1), 9))
    assert Admission.objects.filter(bed=beds[0]).count() == 2
