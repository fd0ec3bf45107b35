"""A ward nurse, on her phone, admits a woman referred from another
Puskesmas's area: from the ward page she types the woman's NIK, checks the
name against the referral letter and admits her to a bed (decision 40)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from facilities.models import Role
from facilities.tests.factories import UserFactory
from inpatient.models import Admission, Bed

from .conftest import PHONE, fits, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_nurse_admits_someone_referred_from_another_area_by_nik(browser, live_server, network, people):
    pkm = network["36.01"]["puskesmas"]
    pkm.inpatient = True
    pkm.save(update_fields=["inpatient"])
    Bed.objects.create(facility=pkm, label="Mawar 1")
    nurse = UserFactory(role=Role.PERAWAT_IGD, scope_facility=pkm)
    stranger = people["stranger"]  # lives in the area of the district's other Puskesmas

    phone = browser.new_context(viewport=PHONE, locale="id-ID", has_touch=True, is_mobile=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, nurse.username)
    page.goto(f"{live_server.url}/rawat-inap/")
    page.click("#admit-by-nik")
    assert page.get_attribute("#id_nik", "inputmode") == "numeric"
    page.fill("#id_nik", stranger.nik[:-1] + ("1" if stranger.nik[-1] != "1" else "2"))
    page.click("#nik-form button")
    expect(page.locator("#nik-error")).to_be_visible()
    page.fill("#id_nik", stranger.nik)
    page.click("#nik-form button")
    expect(page.locator("h1")).to_contain_text(stranger.name)
    page.select_option("#id_bed", label=f"{pkm.name} · Mawar 1")
    page.fill("#id_admitted_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_diagnoses", "O14")
    assert fits(page)
    page.click("#admit")

    expect(page.locator("#diagnosis")).to_contain_text("O14")
    assert Admission.objects.get().patient_id == stranger.pk
    assert fits(page)
    phone.close()
