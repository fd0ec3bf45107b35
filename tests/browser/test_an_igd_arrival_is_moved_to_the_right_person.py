"""An emergency nurse, on her phone, finds that an arrival was recorded on
the wrong person (the mother picked for her son), searches for the right
one and puts the arrival on him; the page then shows him, with the triage
recorded before."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from facilities.models import Role
from facilities.tests.factories import UserFactory
from igd.models import Arrival
from igd.services import arrival_register, arrival_triage

from .conftest import PHONE, fits, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_nurse_puts_an_arrival_on_the_right_person_on_her_phone(browser, live_server, network, people):
    pkm = network["36.01"]["puskesmas"]
    nurse = UserFactory(role=Role.PERAWAT_IGD, scope_facility=pkm)
    now = timezone.now()
    arrival = arrival_register(by=nurse, facility=pkm, patient=people["mother"],
                               arrived_at=now - timedelta(minutes=20), chief_complaint="Demam tinggi")
    arrival_triage(by=nurse, arrival=arrival, level="kuning", triaged_at=now - timedelta(minutes=15))

    phone = browser.new_context(viewport=PHONE, locale="id-ID", has_touch=True, is_mobile=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, nurse.username)
    page.goto(f"{live_server.url}/igd/{arrival.pk}/")
    page.click("#change-person")
    expect(page.locator("#current")).to_contain_text("Siti Rahmawati")
    page.fill("#id_q", "Muhammad")
    page.press("#id_q", "Enter")
    match = page.locator(f"#matches [data-patient='{people['son'].pk}']")
    expect(match).to_contain_text("Muhammad Rizki")
    assert fits(page)
    match.locator("button").click()

    expect(page.locator("#arrival")).to_contain_text("Muhammad Rizki")
    expect(page.locator("#triage")).to_contain_text("Kuning")
    assert fits(page)
    assert Arrival.objects.get(pk=arrival.pk).patient_id == people["son"].pk
    phone.close()


def test_a_nurse_puts_an_arrival_on_someone_from_elsewhere_by_their_nik(browser, live_server, network, people):
    pkm = network["36.01"]["puskesmas"]
    nurse = UserFactory(role=Role.PERAWAT_IGD, scope_facility=pkm)
    stranger = people["stranger"]  # registered in the area of the district's other Puskesmas
    arrival = arrival_register(by=nurse, facility=pkm, patient=people["mother"],
                               arrived_at=timezone.now() - timedelta(minutes=20), chief_complaint="Sesak napas")

    phone = browser.new_context(viewport=PHONE, locale="id-ID", has_touch=True, is_mobile=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, nurse.username)
    page.goto(f"{live_server.url}/igd/{arrival.pk}/orang/")
    page.fill("#id_q", stranger.name)
    page.press("#id_q", "Enter")
    expect(page.locator("#matches")).to_contain_text("Tidak ada orang lain")
    page.fill("#id_q", stranger.nik)
    page.press("#id_q", "Enter")
    expect(page.locator("#elsewhere")).to_contain_text(stranger.name)
    expect(page.locator("#elsewhere")).to_contain_text("wilayah lain")
    assert fits(page)
    page.locator("#elsewhere button").click()

    expect(page.locator("#arrival")).to_contain_text(stranger.name)
    assert fits(page)
    assert Arrival.objects.get(pk=arrival.pk).patient_id == stranger.pk
    phone.close()
