"""A person referred to the ward from another Puskesmas's area (not through
this IGD) is found by their whole NIK on the admission page, as at the IGD
(decision 40): shown without a link to their record, admitted to a bed, the
lookup and the admission in their audit log. An unknown NIK says so on the
field and keeps what was typed; the page never takes an id from outside
the area."""

from django.urls import reverse
from django.utils import timezone
from lxml import html

from audit.models import AuditEvent
from inpatient.models import Admission
from patients.signals import RecordAction


def page_of(response):
    return html.fromstring(response.content)


def test_a_person_from_elsewhere_is_found_by_nik_and_admitted(nurse, beds, people, client_of):
    stranger, client = people["stranger"], client_of(nurse)
    admit = reverse("inpatient:admit")

    page = page_of(client.get(admit, {"nik": stranger.nik}))

    assert stranger.name in page.xpath("string(//h1)")
    assert page.xpath("//form[@id='admit-form']//input[@name='nik']/@value") == [stranger.nik]
    assert page.xpath("//form[@id='admit-form']//input[@name='patient']") == []
    assert not page.xpath(f"//a[contains(@href, '/pasien/{stranger.pk}/')]")
    assert AuditEvent.objects.filter(patient=stranger, user=nurse, action=RecordAction.NIK_LOOKUP).exists()

    done = client.post(admit, {"nik": stranger.nik, "bed": beds[0].pk,
                               "admitted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "diagnoses": "A09"})

    stay = Admission.objects.get()
    assert done.status_code == 302 and done.url == reverse("inpatient:admission", args=[stay.pk])
    assert (stay.patient, stay.bed) == (stranger, beds[0])
    assert AuditEvent.objects.filter(patient=stranger, user=nurse, action=RecordAction.UPDATE).exists()


def test_an_unknown_nik_is_refused_on_its_field_and_kept(nurse, beds, client_of):
    page = page_of(response := client_of(nurse).get(reverse("inpatient:admit"), {"nik": "3601010101900099"}))

    assert response.status_code == 400
    assert page.xpath("string(//*[@id='nik-error'])").startswith("NIK:")
    assert page.xpath("//input[@id='id_nik']/@value") == ["3601010101900099"]
    assert page.xpath("//form[@id='admit-form']") == []


def test_an_id_from_outside_the_area_is_still_not_accepted(nurse, beds, people, client_of):
    response = client_of(nurse).post(reverse("inpatient:admit"), {
        "patient": people["stranger"].pk, "bed": beds[0].pk,
        "admitted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "diagnoses": "A09"})

    assert response.status_code == 404
    assert not Admission.objects.exists()


def test_the_ward_page_offers_the_nik_search_to_those_who_admit(nurse, cast, ward, beds, client_of):
    link = f"//a[@id='admit-by-nik'][@href='{reverse('inpatient:admit')}']"
    assert page_of(client_of(nurse).get(reverse("inpatient:ward"))).xpath(link)
    assert page_of(client_of(cast["kapus"]).get(reverse("inpatient:ward"))).xpath(link) == []


def test_a_refused_admission_by_nik_still_logs_the_lookup(nurse, beds, people, client_of):
    stranger = people["stranger"]
    refused = client_of(nurse).post(reverse("inpatient:admit"), {"nik": stranger.nik})

    assert refused.status_code == 400
    assert AuditEvent.objects.filter(patient=stranger, user=nurse, action=RecordAction.NIK_LOOKUP).exists()
    assert not Admission.objects.exists()
