"""A person registered in another Puskesmas's area comes to this IGD with
their KTP: the nurse's search cannot find them, so the NIK typed in the
quick registration puts the arrival on their record (no second record),
and the ward can admit them from the arrival. Their own record stays out
of the nurse's sight: its name is shown without a link."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEvent
from igd.models import Arrival
from inpatient.models import Admission, Bed
from patients.models import Patient
from patients.signals import RecordAction

from .conftest import page_of


def _local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_the_nik_of_a_person_from_elsewhere_puts_the_arrival_on_their_record(perawat, pkm, people, client_of):
    stranger = people["stranger"]  # lives in the area of the district's second Puskesmas
    client = client_of(perawat)
    assert client.get(reverse("patients:detail", args=[stranger.pk])).status_code == 404
    people_before = Patient.objects.count()

    response = client.post(reverse("igd:arrival_new"), {
        "arrived_at": _local(timezone.now() - timedelta(minutes=10)), "chief_complaint": "Nyeri perut",
        "name": "Euis", "sex": "P", "age_years": "38", "nik": stranger.nik}, follow=True)

    arrival = Arrival.objects.get()
    assert arrival.patient == stranger and not arrival.quick_registered
    assert Patient.objects.count() == people_before
    page = page_of(response)
    assert "sudah terdaftar" in page.xpath("string(//div[contains(@class, 'alert')])")
    assert stranger.name in page.text_content()
    assert not page.xpath(f"//a[contains(@href, '/pasien/{stranger.pk}/')]")

    pkm.inpatient = True
    pkm.save(update_fields=["inpatient"])
    bed = Bed.objects.create(facility=pkm, label="Mawar 1")
    admit = reverse("inpatient:admit") + f"?patient={stranger.pk}&arrival={arrival.pk}"
    assert client.get(admit).status_code == 200
    response = client.post(admit, {"patient": stranger.pk, "arrival": arrival.pk, "bed": bed.pk,
                                   "admitted_at": _local(timezone.now()), "diagnoses": "K35"})
    assert response.status_code == 302
    stay = Admission.objects.get()
    assert stay.patient == stranger
    assert client.get(reverse("inpatient:admission", args=[stay.pk])).status_code == 200


def test_a_nik_of_the_other_sex_is_questioned_and_nothing_is_written(perawat, people, client_of):
    response = client_of(perawat).post(reverse("igd:arrival_new"), {
        "arrived_at": _local(timezone.now()), "chief_complaint": "Demam", "name": "Tn. X", "sex": "L",
        "age_years": "40", "nik": people["stranger"].nik})
    assert response.status_code == 200
    page = page_of(response)
    assert "NIK" in page.get_element_by_id("arrival-errors").text_content()
    assert page.xpath("string(//input[@name='name']/@value)") == "Tn. X"  # nothing typed is lost
    assert not Arrival.objects.exists()


def test_a_refused_nik_of_the_other_sex_is_in_the_audit_log(perawat, people, client_of):
    """The refusal tells the nurse that the NIK is registered: the person's
    audit log shows who learnt it, as it shows who opened their record."""
    stranger = people["stranger"]
    client_of(perawat).post(reverse("igd:arrival_new"), {
        "arrived_at": _local(timezone.now()), "chief_complaint": "Demam", "name": "Tn. X", "sex": "L",
        "age_years": "40", "nik": stranger.nik})
    events = list(AuditEvent.objects.filter(patient=stranger).values_list("user", "action"))
    assert events == [(perawat.pk, RecordAction.NIK_LOOKUP)]
    with translation.override("id"):  # the audit log names the action in words, not by its code
        assert str(RecordAction.NIK_LOOKUP.label) == "menemukan data lewat NIK"


def test_without_the_arrival_the_ward_cannot_open_a_person_from_elsewhere(perawat, pkm, people, client_of):
    stranger = people["stranger"]
    assert client_of(perawat).get(reverse("inpatient:admit") + f"?patient={stranger.pk}").status_code == 404


def test_a_visit_here_of_a_person_from_elsewhere_names_them_without_a_link(cast, pkm, people, client_of):
    from clusters.services import visit_record

    stranger = people["stranger"]
    visit = visit_record(by=cast["petugas"], patient=stranger, facility=pkm, date=timezone.localdate(),
                         package="ptm", confirm_warnings=True)
    page = page_of(client_of(cast["petugas"]).get(reverse("clusters:visit", args=[visit.pk])))
    crumb = page.xpath("//ol[contains(@class, 'breadcrumb')]/li[1]")[0]
    assert stranger.name in crumb.text_content() and not crumb.xpath(".//a")
    own = page_of(client_of(cast["dinkes"]).get(reverse("clusters:visit", args=[visit.pk])))
    assert own.xpath("//ol[contains(@class, 'breadcrumb')]/li[1]/a")
