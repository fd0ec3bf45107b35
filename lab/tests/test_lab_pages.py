"""The lab pages through the browser's requests: a midwife asks for Hb at the
visit page, the analyst types the result with a decimal comma, and the visit
and the patient page show it flagged. Mistakes are named in Indonesian with
the test's name and nothing typed is lost."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from lxml import html

from clusters.models import Measurement
from lab import services
from lab.models import Flag, LabRequest, Status


@pytest.fixture(autouse=True)
def indonesian(settings):
    settings.LANGUAGE_CODE = "id"


def text(response) -> str:
    return html.fromstring(response.content).text_content()


def test_a_midwife_requests_hb_from_the_visit_page_and_the_analyst_enters_it(cast, analyst, anc_visit, client_of,
                                                                            test_of):
    midwife = client_of(cast["petugas"])
    page = midwife.get(reverse("clusters:visit", args=[anc_visit.pk]))
    assert html.fromstring(page.content).get_element_by_id("request-tests") is not None
    response = midwife.post(reverse("lab:request_from_visit", args=[anc_visit.pk]),
                            {"tests": [test_of("HB").pk], "note": "ANC K2"})
    assert response.status_code == 302
    request = LabRequest.objects.get(visit=anc_visit)

    lab = client_of(analyst)
    form = lab.get(reverse("lab:request", args=[request.pk]))
    assert "12,0–15,5 g/dL" in text(form)
    assert 'inputmode="decimal"' in form.content.decode()
    response = lab.post(reverse("lab:request", args=[request.pk]), {"value": "9,5"})
    assert response.status_code == 302

    assert Measurement.objects.get(visit=anc_visit).hb_g_dl == Decimal("9.5")
    visit_page = midwife.get(reverse("clusters:visit", args=[anc_visit.pk]))
    section = html.fromstring(visit_page.content).get_element_by_id("lab-results").text_content()
    with translation.override("id"):
        assert "9,5 g/dL" in section and str(Flag.LOW.label) in section
    patient_page = midwife.get(reverse("patients:detail", args=[anc_visit.patient_id]))
    assert "9,5 g/dL" in html.fromstring(patient_page.content).get_element_by_id("lab-results").text_content()


# The messages as the Indonesian page words them (msgids in English).
@pytest.mark.parametrize(("typed", "message"), [
    ("sembilan", "%(test)s: write a number, for example 11,5."),
    ("9,55", "%(test)s: too many digits after the decimal mark."),
    ("35", "%(test)s must be between %(low)s and %(high)s %(unit)s; check the value."),
    ("", "%(test)s: write the result."),
])
def test_a_mistyped_result_is_named_and_kept(cast, analyst, anc_visit, client_of, test_of, typed, message):
    [request] = services.request_tests(by=cast["petugas"], patient=anc_visit.patient, visit=anc_visit,
                                       tests=[test_of("HB")])
    response = client_of(analyst).post(reverse("lab:request", args=[request.pk]), {"value": typed})
    assert response.status_code == 200
    page = html.fromstring(response.content)
    with translation.override("id"):
        says = _(message) % {"test": "Hemoglobin (Hb)", "low": 3, "high": 20, "unit": "g/dL"}
    assert says in page.get_element_by_id("form-errors").text_content()
    assert page.get_element_by_id("id_value").get("value", "") == typed
    request.refresh_from_db()
    assert request.status == Status.WAITING


def test_a_value_near_the_edge_is_saved_once_confirmed(cast, analyst, anc_visit, client_of, test_of):
    [request] = services.request_tests(by=cast["petugas"], patient=anc_visit.patient, visit=anc_visit,
                                       tests=[test_of("HB")])
    lab = client_of(analyst)
    url = reverse("lab:request", args=[request.pk])
    response = lab.post(url, {"value": "4,2"})
    assert response.status_code == 200 and b'name="confirm"' in response.content
    assert lab.post(url, {"value": "4,2", "confirm": "on"}).status_code == 302
    assert Measurement.objects.get(visit=anc_visit).hb_g_dl == Decimal("4.2")


def test_a_pustu_worker_enters_a_point_of_care_result(cast, network, adult, client_of, test_of, today):
    from clusters.services import visit_record

    visit = visit_record(by=cast["pustu"], patient=adult, facility=network["36.01"]["pustu"], date=today,
                         package="ptm", measurements={"systolic": 120, "diastolic": 80}, confirm_warnings=True)
    [request] = services.request_tests(by=cast["pustu"], patient=adult, visit=visit, tests=[test_of("GDS")])
    response = client_of(cast["pustu"]).post(reverse("lab:request", args=[request.pk]), {"value": "212"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.point_of_care and request.flag == "high"
    assert Measurement.objects.get(visit=visit).glucose_mg_dl == 212


def test_a_tcm_cannot_be_entered_at_the_point_of_care(cast, network, adult, client_of, test_of, today):
    from clusters.services import visit_record

    visit = visit_record(by=cast["pustu"], patient=adult, facility=network["36.01"]["pustu"], date=today,
                         package="tb", measurements={"tb_symptoms": ["cough_2w"]}, confirm_warnings=True)
    [request] = services.request_tests(by=cast["pustu"], patient=adult, visit=visit, tests=[test_of("TCM")])
    client = client_of(cast["pustu"])
    assert b'id="result-form"' not in client.get(reverse("lab:request", args=[request.pk])).content
    assert client.post(reverse("lab:request", args=[request.pk]), {"outcome": "mtb_rs"}).status_code == 403


def test_asking_twice_for_the_same_waiting_test_is_refused(cast, anc_visit, client_of, test_of):
    client = client_of(cast["petugas"])
    url = reverse("lab:request_from_visit", args=[anc_visit.pk])
    client.post(url, {"tests": [test_of("HB").pk]})
    response = client.post(url, {"tests": [test_of("HB").pk]})
    assert response.status_code == 200 and "Hemoglobin (Hb)" in text(response)
    assert LabRequest.objects.filter(visit=anc_visit).count() == 1


def test_a_request_is_cancelled_with_a_reason(cast, analyst, anc_visit, client_of, test_of):
    [request] = services.request_tests(by=cast["petugas"], patient=anc_visit.patient, visit=anc_visit,
                                       tests=[test_of("HB")])
    response = client_of(analyst).post(reverse("lab:cancel", args=[request.pk]), {"reason": "sampel lisis"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.CANCELLED and "sampel lisis" in request.note


def test_the_lab_asks_for_a_walk_in_with_a_letter(analyst, adult, client_of, test_of, pkm):
    response = client_of(analyst).post(reverse("lab:request_at_lab", args=[adult.pk]),
                                       {"tests": [test_of("HIV").pk, test_of("SIFILIS").pk]})
    assert response.status_code == 302
    assert set(LabRequest.objects.filter(patient=adult).values_list("lab", "facility", "visit")) == {
        (pkm.pk, pkm.pk, None)}


def test_a_kader_sees_no_lab_result(cast, analyst, network, client_of, test_of, today):
    from clusters.services import visit_record
    from patients.tests.factories import HouseholdFactory, PatientFactory

    woman = PatientFactory(household=HouseholdFactory(posyandu=cast["kader"].scope_facility), sex="P",
                           birth_date=today.replace(year=today.year - 30))
    visit = visit_record(by=cast["pustu"], patient=woman, facility=network["36.01"]["pustu"], date=today,
                         package="tb", measurements={"weight_kg": 55}, confirm_warnings=True)
    [hiv] = services.request_tests(by=cast["pustu"], patient=woman, visit=visit, tests=[test_of("HIV")])
    services.enter_result(by=analyst, request=hiv, outcome="reactive")
    kader = client_of(cast["kader"])
    assert kader.get(reverse("lab:request", args=[hiv.pk])).status_code == 403
    for page in (reverse("clusters:visit", args=[visit.pk]), reverse("patients:detail", args=[woman.pk])):
        response = kader.get(page)
        assert response.status_code == 200 and b'id="lab-results"' not in response.content
    assert b'id="lab-results"' in client_of(cast["pustu"]).get(reverse("clusters:visit", args=[visit.pk])).content
