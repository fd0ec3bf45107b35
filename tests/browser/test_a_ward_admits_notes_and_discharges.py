"""A ward nurse on her phone admits a person from their page, writes the
morning note, discharges them and sees the length of stay, then the ward's
month with its BOR (issue 23)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from facilities.models import Facility, Role
from facilities.tests.factories import UserFactory
from inpatient.models import Bed
from inpatient.selectors import ward_month
from patients.tests.factories import HouseholdFactory, PatientFactory

from .conftest import PHONE, fits, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_nurse_admits_writes_a_note_and_discharges_on_her_phone(browser, live_server, network):
    pkm = network["36.01"]["puskesmas"]
    pkm.inpatient = True
    pkm.save(update_fields=["inpatient"])
    for label in ("Mawar 1", "Mawar 2"):
        Bed.objects.create(facility=pkm, label=label)
    nurse = UserFactory(role=Role.PERAWAT_IGD, scope_facility=pkm)
    person = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"]),
                            name="Asep Sunandar", sex="L", birth_date=date(1980, 4, 4))
    now = timezone.localtime()
    admitted = now - timedelta(days=1)

    phone = browser.new_context(viewport=PHONE, locale="id-ID", has_touch=True, is_mobile=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, nurse.username)
    page.goto(f"{live_server.url}/pasien/{person.pk}/")
    page.click("#admit-person")
    page.select_option("#id_bed", label=f"{pkm.name} · Mawar 2")
    page.fill("#id_admitted_at", admitted.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_diagnoses", "A09")
    assert fits(page)
    page.click("#admit")
    expect(page.locator("#diagnosis")).to_contain_text("A09")
    assert page.get_attribute("#id_temperature", "inputmode") == "decimal"
    assert page.get_attribute("#id_pulse", "inputmode") == "numeric"

    # The morning note, with a temperature typed with a decimal comma.
    page.fill("#id_text", "Diare berkurang, minum cukup.")
    page.fill("#id_temperature", "37,8")
    page.fill("#id_pulse", "88")
    page.click("#save-note")
    expect(page.locator("#notes")).to_contain_text("Diare berkurang")
    expect(page.locator("#notes")).to_contain_text("37,8 °C")

    # A discharge before the admission is refused, naming the field; then home.
    page.click("#discharge")
    page.fill("#id_discharged_at", (admitted - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    page.check("input[name=outcome][value=recovered]")
    page.click("#save-discharge")
    expect(page.locator("#form-errors")).to_be_visible()
    assert page.locator("input[name=outcome][value=recovered]").is_checked()  # what was chosen is kept
    page.fill("#id_discharged_at", (now - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M"))
    page.click("#save-discharge")
    days = 1
    expect(page.locator("#length-of-stay")).to_have_attribute("data-days", str(days))
    assert fits(page)

    # The ward: nobody in it now, the month's BOR as the selector counts it.
    page.goto(f"{live_server.url}/rawat-inap/")
    [month] = ward_month(facilities_qs=Facility.objects.filter(pk=pkm.pk), month=timezone.localdate())
    expect(page.locator("#current")).not_to_contain_text("Asep Sunandar")
    expect(page.locator("#discharges")).to_contain_text(str(month.discharges))
    expect(page.locator("#bor")).to_contain_text(f"{month.bor}".replace(".", ","))
    assert month.bor is not None and month.bor > 0
    assert fits(page)
    phone.close()
