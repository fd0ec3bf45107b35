"""An emergency nurse on her phone triages an arrival, admits the person to
the ward from the IGD page, writes the morning note and discharges them;
the Klaster 1 management page then shows the arrival, its admission and the
ward's discharge, on a phone and on a laptop (issue 23)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from facilities.models import Role
from facilities.tests.factories import UserFactory
from igd.models import Arrival, Outcome
from igd.services import arrival_register
from inpatient.models import Admission, Bed
from patients.tests.factories import HouseholdFactory, PatientFactory

from .conftest import PHONE, fits, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LAPTOP = {"width": 1366, "height": 768}


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_an_arrival_goes_through_the_ward_to_the_management_page(browser, live_server, network):
    pkm = network["36.01"]["puskesmas"]
    pkm.inpatient = True
    pkm.save(update_fields=["inpatient"])
    Bed.objects.create(facility=pkm, label="Melati 1")
    nurse = UserFactory(role=Role.PERAWAT_IGD, scope_facility=pkm)
    person = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"]),
                            name="Ujang Suhendar", sex="L", birth_date=date(1975, 3, 3))
    now = timezone.now().replace(second=0, microsecond=0)  # the forms take minutes
    arrival = arrival_register(by=nurse, facility=pkm, patient=person, arrived_at=now - timedelta(hours=26),
                               chief_complaint="Diare dan muntah")

    phone = browser.new_context(viewport=PHONE, locale="id-ID", has_touch=True, is_mobile=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, nurse.username)
    page.goto(f"{live_server.url}/igd/{arrival.pk}/")
    page.check("#triage-form input[value=kuning]")
    page.fill("#id_triaged_at", local(now - timedelta(hours=25, minutes=50)))
    page.click("#save-triage")
    expect(page.locator("#minutes-to-triage")).to_have_attribute("data-minutes", "10")
    assert page.locator("#close-form input[value=admitted]").count() == 0  # only the ward admits

    page.click("#admit-to-ward")
    expect(page.locator("#from-igd")).to_be_visible()
    page.select_option("#id_bed", label=f"{pkm.name} · Melati 1")
    page.fill("#id_admitted_at", local(now - timedelta(hours=25)))
    page.fill("#id_diagnoses", "A09")
    assert fits(page)
    page.click("#admit")
    expect(page.locator("#diagnosis")).to_contain_text("A09")

    page.fill("#id_text", "Diare berkurang, minum cukup.")
    page.fill("#id_temperature", "37,2")
    page.click("#save-note")
    expect(page.locator("#notes")).to_contain_text("37,2 °C")
    page.click("#discharge")
    page.fill("#id_discharged_at", local(now - timedelta(minutes=5)))
    page.check("input[name=outcome][value=recovered]")
    page.click("#save-discharge")
    expect(page.locator("#length-of-stay")).to_be_visible()

    arrival.refresh_from_db()
    admission = Admission.objects.get()
    assert (arrival.outcome, admission.arrival_id, admission.outcome) == (Outcome.ADMITTED, arrival.pk, "recovered")
    month = timezone.localtime(arrival.arrived_at).strftime("%Y-%m")
    for context, viewport in ((phone, PHONE), (None, LAPTOP)):
        if context is None:
            context = browser.new_context(viewport=viewport, locale="id-ID")
            page = context.new_page()
            page.set_default_timeout(15_000)
            log_in(page, live_server, nurse.username)
        page.goto(f"{live_server.url}/klaster-1/?bulan={month}")
        igd = page.locator(f"[data-board=igd] [data-facility='{pkm.pk}']")
        expect(igd.locator("[data-figure=arrivals]")).to_have_attribute("data-n", "1")
        expect(igd.locator("[data-level=kuning]")).to_have_attribute("data-n", "1")
        expect(igd.locator("[data-outcome=admitted]")).to_have_attribute("data-n", "1")
        ward = page.locator(f"[data-board=ward] [data-facility='{pkm.pk}']")
        expect(ward.locator("[data-figure=admissions]")).to_have_attribute("data-n", "1")
        expect(page.locator("[data-board=lab]")).to_be_visible()
        assert fits(page)
        context.close()
    assert Arrival.objects.count() == 1
