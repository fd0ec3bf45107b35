"""Through the pages: a nurse registers an unknown man on arrival, triages
him and closes the arrival as referred; a registered person is picked by
search; the outcome is recorded once, by one service; the patient page lists
the arrivals for those who may read them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from igd.models import Arrival, Outcome
from igd.services import arrival_close

from .conftest import page_of


def _local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_a_nurse_registers_an_unknown_man_triages_and_refers_him(perawat, pkm, client_of):
    client = client_of(perawat)
    now = timezone.now()
    response = client.post(reverse("igd:arrival_new"), {
        "arrived_at": _local(now - timedelta(minutes=20)), "chief_complaint": "Kecelakaan motor",
        "name": "Tn. X", "sex": "L", "age_years": "35"})
    assert response.status_code == 302
    arrival = Arrival.objects.get()
    assert arrival.facility == pkm and arrival.patient.provisional
    assert client.post(reverse("igd:triage", args=[arrival.pk]), {
        "level": "merah", "triaged_at": _local(now - timedelta(minutes=15)), "chief_complaint": "Kecelakaan motor",
    }).status_code == 302
    assert client.post(reverse("igd:close", args=[arrival.pk]), {
        "outcome": "referred", "closed_at": _local(now), "referred_to": "",
    }).status_code == 200  # the hospital is missing
    assert client.post(reverse("igd:close", args=[arrival.pk]), {
        "outcome": "referred", "closed_at": _local(now), "referred_to": "RSUD Pandeglang",
    }).status_code == 302
    arrival.refresh_from_db()
    assert (arrival.outcome, arrival.referred_to, arrival.minutes_to_triage) == ("referred", "RSUD Pandeglang", 5)
    # the day it arrived, which is not today when the test runs just after midnight
    arrival_day = timezone.localtime(arrival.arrived_at).date().isoformat()
    page = page_of(client.get(reverse("igd:register"), {"day": arrival_day}))
    assert page.xpath(f"//ul[@id='day-arrivals']/li[@data-arrival='{arrival.pk}']")


def test_a_quick_registration_without_a_name_or_age_names_the_fields(perawat, client_of):
    response = client_of(perawat).post(reverse("igd:arrival_new"), {
        "arrived_at": _local(timezone.now()), "chief_complaint": "Demam tinggi", "sex": "P"})
    errors = page_of(response).get_element_by_id("arrival-errors").text_content()
    assert "Nama" in errors and "umur" in errors
    assert page_of(response).get_element_by_id("id_chief_complaint").get("value") == "Demam tinggi"
    assert not Arrival.objects.exists()


def test_a_registered_person_is_picked_by_search(perawat, people, client_of):
    client = client_of(perawat)
    mother = people["mother"]
    page = page_of(client.get(reverse("igd:arrival_new"), {"q": "Siti"}))
    assert page.xpath(f"//ul[@id='matches']//a[contains(@href, 'patient={mother.pk}')]")
    response = client.post(reverse("igd:arrival_new") + f"?patient={mother.pk}",
                           {"arrived_at": _local(timezone.now()), "chief_complaint": "Perdarahan"})
    assert response.status_code == 302
    assert Arrival.objects.get().patient == mother and not Arrival.objects.get().quick_registered


def test_an_arrival_is_closed_once_and_not_before_it_began(perawat, arrive):
    arrival = arrive(minutes_ago=10)
    with pytest.raises(ValidationError) as exc:
        arrival_close(by=perawat, arrival=arrival, outcome=Outcome.HOME,
                      closed_at=arrival.arrived_at - timedelta(minutes=1))
    assert "closed_at" in exc.value.message_dict
    arrival_close(by=perawat, arrival=arrival, outcome=Outcome.ADMITTED, closed_at=timezone.now())
    with pytest.raises(ValidationError):
        arrival_close(by=perawat, arrival=arrival, outcome=Outcome.DIED, closed_at=timezone.now())
    arrival.refresh_from_db()
    assert arrival.outcome == Outcome.ADMITTED


def test_the_patient_page_lists_the_arrivals_but_not_for_a_kader(cast, perawat, people, arrive, client_of):
    mother = people["mother"]
    arrival = arrive(patient=mother)
    page = page_of(client_of(perawat).get(reverse("patients:detail", args=[mother.pk])))
    assert page.xpath(f"//section[@id='igd-arrivals']//li[@data-arrival='{arrival.pk}']")
    kader_page = page_of(client_of(cast["kader"]).get(reverse("patients:detail", args=[mother.pk])))
    assert kader_page.xpath("//section[@id='igd-arrivals']") == []
