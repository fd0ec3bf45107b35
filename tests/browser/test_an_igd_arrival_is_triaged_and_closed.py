"""An emergency nurse, on her phone, registers an unknown man on arrival,
triages him, records his vital signs with a decimal comma and closes the
arrival as referred; the register shows him closed with the time to triage
(issue 23, part 2)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from facilities.models import Role
from facilities.tests.factories import UserFactory
from igd.models import Arrival

from .conftest import PHONE, fits, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_unknown_man_is_registered_triaged_measured_and_referred(browser, live_server, cast, network):
    pkm = network["36.01"]["puskesmas"]
    nurse = UserFactory(role=Role.PERAWAT_IGD, scope_facility=pkm)
    phone = browser.new_context(viewport=PHONE, locale="id-ID", has_touch=True, is_mobile=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, nurse.username)

    page.goto(f"{live_server.url}/igd/")
    page.click("#new-arrival")
    # The click navigates; measure the form's page, not the one being left.
    expect(page.locator("#id_chief_complaint")).to_be_visible()
    assert fits(page)
    page.fill("#id_chief_complaint", "Kecelakaan lalu lintas")
    page.fill("#id_name", "Tn. X")
    page.check("#id_sex_0")
    page.fill("#id_age_years", "35")
    assert page.get_attribute("#id_age_years", "inputmode") == "numeric"
    page.click("#save-arrival")
    expect(page.locator("#arrival")).to_contain_text("Tn. X")
    expect(page.locator("#arrival [data-provisional]")).to_be_visible()

    page.check("#triage-form input[value=merah]")
    page.click("#save-triage")
    expect(page.locator("#triage [id=minutes-to-triage]")).to_be_visible()

    page.fill("#id_systolic", "90")
    page.fill("#id_diastolic", "60")
    page.fill("#id_pulse", "124")
    page.fill("#id_temperature_c", "36,4")
    page.fill("#id_spo2", "93")
    page.fill("#id_gcs", "14")
    assert page.get_attribute("#id_temperature_c", "inputmode") == "decimal"
    page.click("#save-vitals")
    expect(page.locator("#vitals")).to_contain_text("90/60")
    expect(page.locator("#vitals")).to_contain_text("36,4")
    assert fits(page)

    page.check("#close-form input[value=referred]")
    page.fill("#id_referred_to", "RSUD Berkah Pandeglang")
    page.click("#save-close")
    expect(page.locator("#outcome")).to_contain_text("RSUD Berkah Pandeglang")
    expect(page.locator("#close-form")).to_have_count(0)

    arrival = Arrival.objects.get()
    # Its own day's register, also when the test crosses local midnight.
    page.goto(f"{live_server.url}/igd/?day={timezone.localtime(arrival.arrived_at).date().isoformat()}")
    row = page.locator(f"#day-arrivals [data-arrival='{arrival.pk}']")
    expect(row).to_contain_text("Tn. X")
    expect(row.locator("[data-triage=merah]")).to_be_visible()
    assert fits(page)
    assert (arrival.triage, arrival.outcome, arrival.spo2) == ("merah", "referred", 93)
    phone.close()
