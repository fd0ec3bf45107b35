"""A stay kept in the ward book (through a power cut, say) is entered after
the patient went home: admitted and discharged in one step, before a later
stay of the same bed, while someone else lies in it now. It still never
overlaps another stay, every message names its field, and the month's
figures count it."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from lxml import html

from clusters.models import Visit
from facilities.models import Facility
from inpatient import selectors, services
from inpatient.models import Admission, Outcome
from patients.tests.factories import PatientFactory


def page(response):
    return html.fromstring(response.content.decode())


@pytest.fixture
def father(people):
    return PatientFactory(household=people["household"], name="Budi Santoso", sex="L", birth_date=date(1990, 5, 2))


@pytest.fixture
def bed_taken_since(nurse, beds, people, at, day):
    """Mawar 1: the mother was there from five days ago to three days ago,
    the son lies there since the day before yesterday."""
    earlier = services.admission_open(by=nurse, patient=people["mother"], facility=beds[0].facility, bed=beds[0],
                                      admitted_at=at(day - timedelta(days=4)), diagnosis_code="A09")
    services.admission_discharge(by=nurse, admission=earlier, discharged_at=at(day - timedelta(days=2), 9),
                                 outcome=Outcome.RECOVERED)
    return services.admission_open(by=nurse, patient=people["son"], facility=beds[0].facility, bed=beds[0],
                                   admitted_at=at(day - timedelta(days=1), 10), diagnosis_code="J18.9")


def test_a_nurse_enters_a_past_stay_on_a_bed_someone_lies_in_now(client_of, nurse, beds, father, at, day,
                                                                 bed_taken_since):
    response = client_of(nurse).post(reverse("inpatient:admit"), {
        "patient": father.pk, "bed": beds[0].pk, "admitted_at": f"{day - timedelta(days=9):%d-%m-%Y} 08.00",
        "diagnoses": "A09", "ended": "on", "discharged_at": f"{day - timedelta(days=6):%d-%m-%Y} 11.30",
        "outcome": "recovered"})

    stay = Admission.objects.get(patient=father)
    assert response.status_code == 302 and response["Location"] == reverse("inpatient:admission", args=[stay.pk])
    assert stay.bed == beds[0] and stay.outcome == Outcome.RECOVERED and stay.discharged_by == nurse
    assert stay.length_of_stay == 3
    assert timezone.localtime(stay.discharged_at).hour == 11
    bed_taken_since.refresh_from_db()
    assert bed_taken_since.is_open  # the son still lies in Mawar 1
    shown = page(client_of(nurse).get(reverse("inpatient:admission", args=[stay.pk])))
    assert shown.get_element_by_id("length-of-stay").get("data-days") == "3"


def test_the_months_discharges_and_days_of_stay_count_a_stay_entered_afterwards(nurse, beds, father, at, day,
                                                                               bed_taken_since):
    discharged = at(day - timedelta(days=6), 11)
    month = timezone.localdate(discharged).replace(day=1)
    ward = Facility.objects.filter(pk=beds[0].facility_id)
    before = selectors.ward_month(facilities_qs=ward, month=month)[0]

    services.admission_record_past(by=nurse, patient=father, facility=beds[0].facility, bed=beds[0],
                                   admitted_at=discharged - timedelta(days=3), discharged_at=discharged,
                                   outcome=Outcome.RECOVERED, diagnosis_code="A09")

    after = selectors.ward_month(facilities_qs=ward, month=month)[0]
    assert after.discharges == before.discharges + 1
    assert after.total_stay == before.total_stay + 3


def test_a_past_stay_reaching_into_the_next_stay_of_the_bed_is_refused_keeping_what_was_typed(
        client_of, nurse, beds, father, day, bed_taken_since):
    response = client_of(nurse).post(reverse("inpatient:admit"), {
        "patient": father.pk, "bed": beds[0].pk,
        "admitted_at": f"{day - timedelta(days=7):%d-%m-%Y} 08.00", "diagnoses": "A09", "note": "buku bangsal",
        "ended": "on", "discharged_at": f"{day - timedelta(days=3):%d-%m-%Y} 08.00", "outcome": "recovered"})

    assert response.status_code == 400
    doc = page(response)
    assert "Mawar 1" in doc.get_element_by_id("form-errors").text_content()
    assert doc.get_element_by_id("id_note").get("value") == "buku bangsal"
    assert doc.get_element_by_id("id_ended").get("checked") is not None
    assert doc.get_element_by_id("past-stay").get("open") is not None
    assert not Admission.objects.filter(patient=father).exists()


def test_a_person_cannot_have_a_past_stay_while_lying_in_another_bed(nurse, beds, people, at, day,
                                                                    bed_taken_since):
    with pytest.raises(ValidationError) as refused:
        services.admission_record_past(by=nurse, patient=people["son"], facility=beds[1].facility, bed=beds[1],
                                       admitted_at=at(day - timedelta(days=1), 12), discharged_at=at(day, 8),
                                       outcome=Outcome.RECOVERED, diagnosis_code="A09")

    assert people["son"].name in refused.value.message_dict["admitted_at"][0]
    assert Admission.objects.filter(bed=beds[1]).count() == 0


def test_a_stay_marked_ended_without_its_discharge_names_the_missing_fields(client_of, nurse, beds, father, day):
    response = client_of(nurse).post(reverse("inpatient:admit"), {
        "patient": father.pk, "bed": beds[1].pk, "admitted_at": f"{day:%d-%m-%Y} 08.00",
        "diagnoses": "A09", "ended": "on"})

    assert response.status_code == 400
    errors = page(response).get_element_by_id("form-errors").text_content()
    assert "Waktu pulang" in errors and "Keadaan keluar" in errors
    assert not Admission.objects.exists()


@pytest.mark.parametrize("field, value, expected", [
    ("discharged_at", "before", "discharged_at"),
    ("discharged_at", "future", "discharged_at"),
    ("referred_to", "", "referred_to"),
])
def test_a_past_stays_discharge_is_checked_as_a_discharge_is(nurse, beds, father, at, day, field, value, expected):
    admitted = at(day - timedelta(days=3))
    given = {"discharged_at": at(day), "outcome": Outcome.REFERRED, "referred_to": "RSUD Serang"}
    given[field] = {"before": admitted - timedelta(hours=1), "future": timezone.now() + timedelta(days=1),
                    "": ""}[value]
    with pytest.raises(ValidationError) as refused:
        services.admission_record_past(by=nurse, patient=father, facility=beds[1].facility, bed=beds[1],
                                       admitted_at=admitted, diagnosis_code="A09", **given)
    assert expected in refused.value.message_dict
    assert not Admission.objects.exists()


def test_a_past_normal_delivery_counts_once_as_persalinan(nurse, beds, pregnant, at, day):
    stay = services.admission_record_past(by=nurse, patient=pregnant, facility=beds[2].facility, bed=beds[2],
                                          admitted_at=at(day - timedelta(days=2)), discharged_at=at(day, 9),
                                          outcome=Outcome.RECOVERED, diagnosis_code="O80", delivery=True,
                                          delivered_on=day - timedelta(days=1))

    visit = Visit.objects.get(patient=pregnant, services__code="PERSALINAN")
    assert stay.delivery_visit == visit and visit.date == day - timedelta(days=1)
    services.admission_discharge(by=nurse, admission=stay, discharged_at=at(day, 10), outcome=Outcome.RECOVERED,
                                 delivered_on=day - timedelta(days=1))
    assert Visit.objects.filter(patient=pregnant, services__code="PERSALINAN").count() == 1


def test_the_bed_list_says_in_indonesian_which_bed_someone_lies_in_now(client_of, nurse, beds, father,
                                                                      bed_taken_since):
    doc = page(client_of(nurse).get(reverse("inpatient:admit") + f"?patient={father.pk}"))

    options = {o.get("value"): o.text_content() for o in doc.xpath('//select[@id="id_bed"]/option')}
    assert options[str(beds[0].pk)].endswith("Mawar 1 (terisi)")
    assert options[str(beds[1].pk)].endswith("Mawar 2")
