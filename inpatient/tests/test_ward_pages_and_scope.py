"""The ward's pages: the nurse admits, writes notes and discharges; the head
of the Puskesmas and Dinkes read; a kader gets 403, another Puskesmas 404.
Bad input keeps what was typed and names the field; list pages run a fixed
number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html

from inpatient import services
from inpatient.models import Admission, DailyNote


def page(response):
    return html.fromstring(response.content.decode())


@pytest.fixture
def admitted(nurse, beds, people, at, day):
    return services.admission_open(by=nurse, patient=people["son"], facility=beds[0].facility, bed=beds[0],
                                   admitted_at=at(day - timedelta(days=2), 10), diagnosis_code="A09",
                                   note="Rujukan IGD")


def test_the_nurse_admits_from_the_persons_page(client_of, nurse, beds, people, day):
    client = client_of(nurse)
    person = page(client.get(reverse("patients:detail", args=[people["mother"].pk])))
    link = person.get_element_by_id("admit-person").get("href")
    form = page(client.get(link))
    assert form.get_element_by_id("id_admitted_at").get("type") == "datetime-local"
    response = client.post(link, {"patient": people["mother"].pk, "bed": beds[1].pk,
                                  "admitted_at": f"{day:%d-%m-%Y} 14.30", "diagnoses": "j18.9"})
    admission = Admission.objects.get(patient=people["mother"])
    assert response.status_code == 302 and response["Location"] == reverse("inpatient:admission",
                                                                             args=[admission.pk])
    assert admission.diagnosis.code == "J18.9" and timezone.localtime(admission.admitted_at).hour == 14


def test_an_occupied_bed_answers_with_the_bed_named_and_the_typed_values_kept(client_of, nurse, admitted, people,
                                                                              day):
    response = client_of(nurse).post(reverse("inpatient:admit"), {
        "patient": people["mother"].pk, "bed": admitted.bed.pk, "admitted_at": f"{day:%d/%m/%Y} 09.15",
        "diagnoses": "A09", "note": "dari Pustu"})
    assert response.status_code == 400
    doc = page(response)
    assert "Mawar 1" in doc.get_element_by_id("form-errors").text_content()
    assert doc.get_element_by_id("id_note").get("value") == "dari Pustu"
    assert Admission.objects.count() == 1


def test_a_note_and_a_discharge_show_on_the_admission_page(client_of, nurse, admitted, day):
    client = client_of(nurse)
    client.post(reverse("inpatient:note", args=[admitted.pk]), {
        "written_at": f"{day:%Y-%m-%d}T07:00", "text": "Demam turun", "temperature": "37,6", "pulse": "88"})
    assert DailyNote.objects.get().temperature == Decimal("37.6")
    refused = client.post(reverse("inpatient:discharge", args=[admitted.pk]), {
        "discharged_at": f"{day - timedelta(days=5):%d-%m-%Y} 08.00", "outcome": "recovered"})
    assert "Waktu pulang" in page(refused).get_element_by_id("form-errors").text_content()
    client.post(reverse("inpatient:discharge", args=[admitted.pk]), {
        "discharged_at": f"{day:%d-%m-%Y} 09.00", "outcome": "referred", "referred_to": "RSUD Serang"})
    doc = page(client.get(reverse("inpatient:admission", args=[admitted.pk])))
    assert "Demam turun" in doc.get_element_by_id("notes").text_content()
    assert doc.get_element_by_id("length-of-stay").get("data-days") == "2"
    assert "RSUD Serang" in doc.get_element_by_id("outcome").text_content()
    assert "referred" not in doc.get_element_by_id("outcome").text_content()  # the label, never the code


def test_the_ward_lists_who_lies_where_in_a_fixed_number_of_queries(client_of, nurse, beds, admitted, people, at,
                                                                    day, django_assert_max_num_queries):
    services.admission_open(by=nurse, patient=people["mother"], facility=beds[1].facility, bed=beds[1],
                            admitted_at=at(day), diagnosis_code="O80")
    client = client_of(nurse)
    with django_assert_max_num_queries(16):
        doc = page(client.get(reverse("inpatient:ward")))
    rows = doc.xpath('//*[@id="current"]/li[@data-admission]')
    assert len(rows) == 2 and "Mawar 1" in rows[0].text_content()
    assert doc.get_element_by_id("beds").text_content() == "3"
    assert doc.get_element_by_id("bor").text_content().endswith("%")


@pytest.mark.parametrize("role", ["kapus", "dinkes"])
def test_the_head_of_the_puskesmas_and_dinkes_read_but_do_not_write(client_of, cast, admitted, role):
    client = client_of(cast[role])
    assert client.get(reverse("inpatient:admission", args=[admitted.pk])).status_code == 200
    assert client.get(reverse("inpatient:ward")).status_code == 200
    assert client.post(reverse("inpatient:note", args=[admitted.pk]), {"text": "x"}).status_code == 403


@pytest.mark.parametrize("role", ["kader", "pustu"])
def test_a_kader_and_a_pustu_worker_get_403(client_of, cast, admitted, role):
    client = client_of(cast[role])
    assert client.get(reverse("inpatient:ward")).status_code == 403
    assert client.get(reverse("inpatient:admission", args=[admitted.pk])).status_code == 403
    person = page(client.get(reverse("patients:detail", args=[admitted.patient_id])))
    assert not person.xpath('//*[@id="admissions"]')


def test_another_puskesmas_gets_404_and_is_told_it_has_no_ward(client_of, cast, admitted):
    client = client_of(cast["kapus_other"])
    assert client.get(reverse("inpatient:admission", args=[admitted.pk])).status_code == 404
    assert page(client.get(reverse("inpatient:ward"))).get_element_by_id("no-ward") is not None


def test_the_persons_page_lists_the_admission(client_of, cast, admitted):
    doc = page(client_of(cast["kapus"]).get(reverse("patients:detail", args=[admitted.patient_id])))
    assert "A09" in doc.get_element_by_id("admissions").text_content()


def test_two_codes_are_refused_naming_the_diagnosis_field(client_of, nurse, beds, people, day):
    response = client_of(nurse).post(reverse("inpatient:admit"), {
        "patient": people["mother"].pk, "bed": beds[1].pk, "admitted_at": f"{day:%d-%m-%Y} 10.00",
        "diagnoses": "A09, I10"})
    assert "Diagnosis" in page(response).get_element_by_id("form-errors").text_content()
    assert not Admission.objects.exists()
