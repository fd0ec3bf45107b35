"""A person admitted from the IGD: the admission closes the arrival as
admitted at the admission's time, in the same transaction, and the two
pages link to each other. The IGD's own outcome form does not offer
"admitted", so no arrival is admitted without a bed."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from lxml import html

from igd.models import Arrival, Outcome, Triage
from igd.services import arrival_register, arrival_triage
from inpatient import services
from inpatient.models import Admission

pytestmark = pytest.mark.django_db


@pytest.fixture
def arrival(nurse, ward, people, day, at):
    arrival = arrival_register(by=nurse, facility=ward, patient=people["son"], arrived_at=at(day, 9))
    return arrival_triage(by=nurse, arrival=arrival, level=Triage.YELLOW, triaged_at=at(day, 9, 10))


def test_the_admission_closes_the_arrival_as_admitted(nurse, ward, beds, people, arrival, day, at):
    admission = services.admission_open(by=nurse, patient=people["son"], facility=ward, bed=beds[0],
                                        admitted_at=at(day, 10), diagnosis_code="A09", arrival=arrival)
    arrival.refresh_from_db()
    assert (arrival.outcome, arrival.closed_at) == (Outcome.ADMITTED, at(day, 10))
    assert admission.arrival == arrival


def test_an_admission_before_the_triage_is_refused_and_nothing_is_written(nurse, ward, beds, people, arrival, day,
                                                                          at):
    with pytest.raises(ValidationError) as exc:
        services.admission_open(by=nurse, patient=people["son"], facility=ward, bed=beds[0],
                                admitted_at=at(day, 9, 5), diagnosis_code="A09", arrival=arrival)
    assert "admitted_at" in exc.value.message_dict
    assert not Admission.objects.exists()
    assert Arrival.objects.get(pk=arrival.pk).closed_at is None


def test_another_persons_arrival_cannot_be_closed_by_this_admission(nurse, ward, beds, people, arrival, day, at):
    with pytest.raises(ValidationError) as exc:
        services.admission_open(by=nurse, patient=people["mother"], facility=ward, bed=beds[0],
                                admitted_at=at(day, 10), diagnosis_code="A09", arrival=arrival)
    assert "arrival" in exc.value.message_dict and not Admission.objects.exists()


def test_admitting_from_the_arrival_page(nurse, ward, beds, people, arrival, client_of):
    client = client_of(nurse)
    page = html.fromstring(client.get(reverse("igd:arrival", args=[arrival.pk])).content)
    [link] = page.xpath("//a[@id='admit-to-ward']")
    assert not page.xpath("//*[@id='close-form']//input[@value='admitted']")
    form_page = html.fromstring(client.get(link.get("href")).content)
    assert form_page.xpath("//form[@id='admit-form']//input[@name='arrival']/@value") == [str(arrival.pk)]
    admitted_at = (arrival.triaged_at + timedelta(minutes=30)).astimezone().strftime("%Y-%m-%dT%H:%M")
    response = client.post(link.get("href"), {"patient": people["son"].pk, "arrival": arrival.pk,
                                              "bed": beds[1].pk, "admitted_at": admitted_at, "diagnoses": "A09"})
    assert response.status_code == 302
    admission = Admission.objects.get()
    assert admission.arrival_id == arrival.pk and admission.bed == beds[1]
    detail = html.fromstring(client.get(reverse("igd:arrival", args=[arrival.pk])).content)
    assert detail.xpath("//a[@id='admission-link']/@href") == [reverse("inpatient:admission", args=[admission.pk])]


def test_an_arrival_of_someone_else_is_not_found_on_the_admission_form(nurse, people, arrival, client_of):
    url = f"{reverse('inpatient:admit')}?patient={people['mother'].pk}&arrival={arrival.pk}"
    assert client_of(nurse).get(url).status_code == 404
