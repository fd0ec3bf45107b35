"""A person's page lists every ward stay, IGD arrival and lab test, wherever
it was, for continuity of care; a record at a Puskesmas outside the user's
scope is shown without a link, since its page would answer 404."""

from django.utils import timezone
from lxml import html

from facilities.models import Role
from facilities.tests.factories import UserFactory
from igd.services import arrival_register
from inpatient import services


def entry(client, user, patient, section, attribute, pk):
    client.force_login(user)
    response = client.get(f"/pasien/{patient.pk}/")
    assert response.status_code == 200
    found = html.fromstring(response.content).xpath(f"//section[@id='{section}']//li[@{attribute}='{pk}']")
    assert len(found) == 1
    return found[0]


def test_a_stay_at_another_puskesmas_is_listed_without_a_link(client, cast, network, nurse, beds, people, at, day):
    stranger = people["stranger"]  # lives in the area of the district's second Puskesmas
    stay = services.admission_open(by=nurse, patient=stranger, facility=beds[0].facility, bed=beds[0],
                                   admitted_at=at(day), diagnosis_code="A09")
    arrival = arrival_register(by=nurse, facility=beds[0].facility, patient=stranger, arrived_at=timezone.now(),
                               chief_complaint="Demam")
    worker_b = UserFactory(role=Role.PETUGAS_PUSKESMAS, scope_facility=network["36.01"]["puskesmas_b"])

    for section, attribute, pk in (("admissions", "data-admission", stay.pk),
                                   ("igd-arrivals", "data-arrival", arrival.pk)):
        theirs = entry(client, worker_b, stranger, section, attribute, pk)
        assert not theirs.xpath(".//a[@href]") and "Puskesmas" in theirs.text_content()
        ours = entry(client, cast["dinkes"], stranger, section, attribute, pk)
        [link] = ours.xpath(".//a[@href]")
        assert client.get(link.get("href")).status_code == 200
