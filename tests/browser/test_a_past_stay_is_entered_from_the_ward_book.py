"""After a power cut a ward nurse enters, on her phone, a stay she kept in the
ward book: the patient went home days ago and someone else lies in the bed
now. At a laptop the same form is refused for a stay that would overlap."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from facilities.models import Role
from facilities.tests.factories import UserFactory
from inpatient import services
from inpatient.models import Admission, Bed
from patients.tests.factories import HouseholdFactory, PatientFactory

from .conftest import PHONE, fits, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LAPTOP = {"width": 1366, "height": 768}


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def ward_now(network):
    """Mawar 1 holds Dedi since yesterday; Asep went home four days ago."""
    pkm = network["36.01"]["puskesmas"]
    pkm.inpatient = True
    pkm.save(update_fields=["inpatient"])
    bed = Bed.objects.create(facility=pkm, label="Mawar 1")
    nurse = UserFactory(role=Role.PERAWAT_IGD, scope_facility=pkm)
    household = HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"])
    asep = PatientFactory(household=household, name="Asep Sunandar", sex="L", birth_date=date(1980, 4, 4))
    dedi = PatientFactory(household=household, name="Dedi Kurnia", sex="L", birth_date=date(1975, 2, 2))
    now = timezone.localtime()
    services.admission_open(by=nurse, patient=dedi, facility=pkm, bed=bed, admitted_at=now - timedelta(days=1),
                            diagnosis_code="A09")
    return {"pkm": pkm, "nurse": nurse, "asep": asep, "now": now}


def fill_past_stay(page, ward_now, admitted, discharged):
    page.select_option("#id_bed", label=f"{ward_now['pkm'].name} · Mawar 1 (terisi)")
    page.fill("#id_admitted_at", local(admitted))
    page.fill("#id_diagnoses", "A09")
    page.click("#past-stay summary")
    page.check("#id_ended")
    page.fill("#id_discharged_at", local(discharged))
    page.check("input[name=outcome][value=recovered]")


def admit_form(context, live_server, ward_now):
    """The nurse at the admit form from Asep's page."""
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, ward_now["nurse"].username)
    page.goto(f"{live_server.url}/pasien/{ward_now['asep'].pk}/")
    page.click("#admit-person")
    return page


def test_a_nurse_enters_a_finished_stay_on_her_phone(browser, live_server, ward_now):
    now = ward_now["now"]
    phone = browser.new_context(viewport=PHONE, locale="id-ID", has_touch=True, is_mobile=True)
    page = admit_form(phone, live_server, ward_now)
    fill_past_stay(page, ward_now, now - timedelta(days=7), now - timedelta(days=4))
    assert fits(page)
    page.click("#admit")

    expect(page.locator("#length-of-stay")).to_have_attribute("data-days", "3")
    stay = Admission.objects.get(patient=ward_now["asep"])
    assert stay.discharged_at is not None and stay.outcome == "recovered"
    assert Admission.objects.filter(bed__label="Mawar 1", discharged_at__isnull=True).count() == 1
    assert fits(page)
    phone.close()


def test_a_finished_stay_overlapping_the_beds_patient_is_refused_at_a_laptop(browser, live_server, ward_now):
    now = ward_now["now"]
    laptop = browser.new_context(viewport=LAPTOP, locale="id-ID")
    page = admit_form(laptop, live_server, ward_now)
    fill_past_stay(page, ward_now, now - timedelta(days=3), now - timedelta(hours=2))
    page.click("#admit")

    expect(page.locator("#form-errors")).to_contain_text("Mawar 1")
    expect(page.locator("#past-stay")).to_have_attribute("open", "")
    assert page.locator("#id_ended").is_checked()
    assert page.locator("input[name=outcome][value=recovered]").is_checked()
    assert not Admission.objects.filter(patient=ward_now["asep"]).exists()
    laptop.close()
